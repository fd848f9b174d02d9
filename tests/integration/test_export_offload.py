"""Exports never block the live room (issue 15, Numbers): under gevent the rendering of a document
and of a token sheet runs in the hub's thread pool, so other greenlets keep running meanwhile."""
from __future__ import annotations

from tests.gevent_ticker import ticks_during

SCRIPT = """
    from workshop_app import create_app
    from workshop_app.exports import write
    from testkit.samples import sample_report
    from workshop_app.extensions import db
    from workshop_app.services import joinsheets, processes, workshops
    from workshop_app.services.read_models import reports
    from workshop_app.services.plumbing.audit import SYSTEM

    report = sample_report()
    write("pdf", report)  # warm up: fonts and modules loaded once
    print("direct", during(lambda: [write("pdf", report) for _ in range(3)]))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1] + "/x.sqlite",
                      "SECRET_KEY": "x" * 40, "SOCKETIO_ASYNC_MODE": "gevent", "SERVER_NAME": "x.invalid"})
    with app.test_request_context():
        db.create_all()
        process = processes.create_process(SYSTEM, municipality="Musterstadt", title="FGK",
                                           template="familiengerechte_kommune")
        workshop, _ = workshops.create_workshop(SYSTEM, process, title="W", join_mode="tokens")
        joinsheets.create_tokens(SYSTEM, workshop, 200)
        print("export", during(lambda: [reports.export_process(process, f) for f in ("pdf", "docx", "odt")]))
        print("sheet", during(lambda: joinsheets.token_sheet(workshop, lambda code: "https://x.invalid/j/" + code)))
    app.extensions["zw_broadcaster"].stop()
"""


def test_exports_and_token_sheets_run_off_the_gevent_loop(tmp_path):
    ticks = ticks_during(SCRIPT, tmp_path)
    assert int(ticks["direct"]) == 0, ticks  # rendering in the greenlet freezes the loop ...
    assert int(ticks["export"]) >= 5, ticks  # ... through the services it runs in the thread pool
    assert int(ticks["sheet"]) >= 5, ticks
