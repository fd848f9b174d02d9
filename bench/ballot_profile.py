"""Profile one ballot PUT end to end in-process: SQL statements and CPU per request.

    .venv/bin/python bench/ballot_profile.py --backend sqlite --n 300 [--pyinstrument]

Runs the app's test client (no network, no sockets) against a fresh database with an open
``dots`` round, so the figures are the request path alone: Flask, Flask-Login/Babel/CSRF hooks,
the participant lookup, services.ballots.store and the post-commit event (the broadcaster only
marks the round dirty). Prints statements and CPU ms per PUT, then the CPU of one coalesced tally.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--n", type=int, default=300, help="PUTs to time (bounded)")
    parser.add_argument("--proposals", type=int, default=30)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--cprofile", action="store_true", help="cProfile the timed PUTs")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of one PUT")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="zw-prof-"))
    uri, drop = common.new_database(args.backend, workdir)
    try:
        common.create_schema(uri, workdir)
        arr = common.arrange(uri, proposals=args.proposals)
        run(uri, arr, args)
    finally:
        drop()


def run(uri: str, arr, args) -> None:
    from sqlalchemy import event

    from workshop_app import create_app
    from workshop_app.extensions import db

    os.environ["WORKSHOP_INSTANCE_PATH"] = tempfile.mkdtemp()
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": common.TEST_SECRET,
                      "SOCKETIO_ASYNC_MODE": "threading", "JOIN_RATE_LIMIT": "1000000 per minute"})
    client = app.test_client()
    tokens = []
    for i in range(min(args.n, 200)):
        facts = client.get(f"/api/v1/workshops/{arr.code}").get_json()
        r = client.post(f"/api/v1/workshops/{arr.code}/join", json={"group": arr.groups[i % 3]},
                        headers={"X-CSRFToken": facts["csrf_token"]})
        assert r.status_code == 201, r.get_json()
        tokens.append(r.get_json()["token"])
        client = app.test_client()  # each phone its own cookies (a phone's second join is itself again)
    statements: list[str] = []
    main_thread = threading.get_ident()
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _count(conn, cursor, statement, *a):
        if threading.get_ident() == main_thread:  # not the broadcaster's tally thread
            statements.append(statement)

    rng = random.Random(1)
    votes = {t: {} for t in tokens}

    def put(i: int):
        token = tokens[i % len(tokens)]
        ballot = dict(votes[token])
        p = rng.choice(arr.proposal_ids)
        ballot[p] = ballot.get(p, 0) + 1
        if sum(ballot.values()) > 100 or ballot[p] > 50:
            ballot = {p: 1}
        r = client.put(f"/api/v1/rounds/{arr.round_id}/ballot",
                       json={"votes": {str(k): v for k, v in ballot.items()}},
                       headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, r.get_json()
        votes[token] = ballot

    for i in range(20):  # warm up
        put(i)
    statements.clear()
    put(0)
    one = list(statements)
    if args.show_sql:
        for s in one:
            print("  ", " ".join(s.split())[:160])
    statements.clear()
    profiler = None
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    if args.cprofile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    for i in range(args.n):
        put(i)
    cpu, wall = time.thread_time() - cpu0, time.perf_counter() - wall0
    if args.cprofile:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT","tottime")).print_stats(int(os.environ.get("TOP","25")))
    elif profiler:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{args.backend}: {len(one)} statements per PUT (incl. BEGIN on SQLite; COMMIT not counted), "
          f"{1000 * cpu / args.n:.2f} ms CPU (request thread), {1000 * wall / args.n:.2f} ms wall per PUT "
          f"(n={args.n})")
    time_flush(app, arr.round_id, args.n)
    app.extensions["zw_broadcaster"].stop()
    with app.app_context():
        db.engine.dispose()


def time_flush(app, round_id: int, n: int) -> None:
    """One coalesced tally as the broadcaster builds it: the round's facts, the running sums,
    the scores and the encoded Socket.IO packet (what each screen refresh costs)."""
    from socketio.packet import EVENT

    from workshop_app.live import TextPacket
    from workshop_app.services.read_models import results

    broadcaster = app.extensions["zw_broadcaster"]
    with app.app_context():
        cpu0 = time.thread_time()
        for _ in range(n):
            payload = broadcaster.tally_payload(results.round_facts(round_id))
            encoded = TextPacket(EVENT, ["tally", payload], namespace="/screen").encode()
        cpu = time.thread_time() - cpu0
    print(f"tally flush: {1000 * cpu / n:.2f} ms CPU each, {len(encoded) / 1024:.1f} KB packet "
          f"({len(payload['results'])} proposals, {len(payload['groups'])} groups)")


if __name__ == "__main__":
    main()
