"""The annual progress report page in a real browser: readable on screen, printed without the
menu, the year picker and the download buttons, in words (no status codes), axe finds nothing
serious. Screenshots of both go to test-artifacts/."""
from __future__ import annotations

from datetime import date

import pytest

from testkit.servers import TEST_SECRET, start_server
from tests.e2e.a11y_support import axe_context, login, serious_findings
from tests.e2e.conftest import DemoServer


@pytest.fixture(scope="module")
def report_server(tmp_path_factory):
    """The demo installation plus the organizer seed's process with a year of progress."""
    from testkit.worlds import seed
    from tests.conftest import make_app, share_processes_with_organizers
    from workshop_app.extensions import db
    from workshop_app.models import Goal, Measure
    from workshop_app.services import plan
    from workshop_app.services.demo import ensure_demo
    from workshop_app.services.plumbing.audit import SYSTEM

    instance = tmp_path_factory.mktemp("report-instance")
    uri = f"sqlite:///{instance / 'report.sqlite'}"
    app = make_app(uri, instance, SECRET_KEY=TEST_SECRET)
    with app.test_request_context():
        db.create_all()
        demo = ensure_demo(str(instance))
        facts = seed()
        share_processes_with_organizers()
        year = date.today().year
        measure = db.session.scalar(db.select(Measure).join(Goal).filter(Goal.process_id == facts.process_id)
                                    .order_by(Measure.id))
        plan.update_measure(SYSTEM, measure, status="in_progress", note="Auftrag an das Jugendamt erteilt",
                            note_date=date(year, 1, 15))
        screen_secret = demo.workshop.screen_secret
    app.extensions["zw_broadcaster"].stop()
    process = start_server(uri, instance=instance, create=False)
    server = DemoServer(process, demo, uri, screen_secret)
    server.process_id = facts.process_id
    yield server
    process.stop()


def test_annual_report_page_on_screen_and_in_print(browser, report_server, artifacts):
    context = axe_context(browser, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, report_server)
    page.goto(f"{report_server.url}/lang/de")
    page.goto(f"{report_server.url}/organize/processes/{report_server.process_id}/report")
    # "Sachstandsbericht" once the catalogue has the new words; the year either way.
    assert str(date.today().year) in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="PDF").is_visible()
    main = page.locator("main").inner_text()
    assert "geplant → in Umsetzung" in main and "in_progress" not in main
    page.screenshot(path=str(artifacts / "annual-report-screen.png"), full_page=True)
    assert serious_findings(page) == []

    page.emulate_media(media="print")
    for hidden in ("nav", "form", ".site-header", ".site-footer"):
        assert all(not element.is_visible() for element in page.locator(hidden).all()), hidden
    assert not page.get_by_role("link", name="PDF").is_visible()
    assert page.locator("h1").is_visible() and page.locator("table").first.is_visible()
    page.screenshot(path=str(artifacts / "annual-report-print.png"), full_page=True)
    context.close()
