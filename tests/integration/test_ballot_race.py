"""Race: 50 concurrent whole-ballot writes of ONE participant against a real server process.

Why it needs the lock (services/ballots.py, lock order in services/locking.py): a ballot write reads
the ballot row, deletes its votes, inserts the new ones and bumps the revision. Without the ballot
row's lock (today taken by the upsert; once ``SELECT … FOR UPDATE``) two PostgreSQL transactions in
READ COMMITTED interleave: both read revision r and store r+1 (a lost update: duplicate revisions
below), and the second one's DELETE runs on a snapshot that cannot see the first one's freshly
inserted votes, so both sets of votes survive — the stored ballot is a mix of two submissions, not
one of them, and can exceed the budget. This was checked once by replacing the locking SELECT with a
plain one: on PostgreSQL the test then failed (observed: a 500 from a duplicate key on ``votes``
when two writers inserted the same proposal; mixed ballots and duplicate revisions are the other
possible outcomes), while the SQLite run still passed. On SQLite ``BEGIN IMMEDIATE`` already
serialises whole write transactions, so SQLite passes even without the row lock; the test runs there
too, to prove the server never answers anything but 200 or a clear 4xx under this load.
"""
from __future__ import annotations

import itertools
import tempfile
import threading
from pathlib import Path

import pytest
import requests

from testkit.servers import TEST_SECRET, start_server
from tests.conftest import make_app
from workshop_app.extensions import db
from workshop_app.models import Ballot, Vote
from workshop_app.services import joining

from .participant_support import add_proposal, create_workshop, in_app, make_round

BUDGET = 5
THREADS = 50


@pytest.fixture
def database_uri(backend, request):
    if backend == "postgres":
        uri = request.getfixturevalue("_pg_schema")
        app = make_app(uri, Path(tempfile.mkdtemp()), SECRET_KEY=TEST_SECRET)
        with app.app_context():  # start clean like the other integration tests
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(db.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
            db.engine.dispose()
        app.extensions["zw_broadcaster"].stop()
        return uri
    return f"sqlite:///{Path(tempfile.mkdtemp()) / 'race.sqlite'}"


def _ballots(ids):
    """40 distinct valid ballots (within budget) and 10 over budget, in a mixed order."""
    valid = []
    for values in itertools.product(range(BUDGET + 1), repeat=len(ids)):
        if 0 < sum(values) <= BUDGET:
            valid.append({str(p): v for p, v in zip(ids, values) if v})
        if len(valid) == 40:
            break
    over = [{str(ids[0]): BUDGET, str(ids[n % 4 + 1]): 1 + n % 3} for n in range(10)]
    mixed = valid + over
    mixed.sort(key=lambda ballot: hash(tuple(sorted(ballot.items()))))
    return mixed


def test_fifty_concurrent_ballots_of_one_participant(database_uri):
    instance = Path(tempfile.mkdtemp())
    app = make_app(database_uri, instance, SECRET_KEY=TEST_SECRET)
    with app.app_context():
        db.create_all()
    workshop = create_workshop(app)
    with in_app(app):
        ids = [add_proposal(workshop.id, f"Ziel {n}") for n in range(5)]
        round_id = make_round(workshop.id, ids, method="dots", budget=BUDGET)
        target = joining.resolve(workshop.join_code)
        participant, token = joining.join(target, group_key="politik")
        participant_id = participant.id
    app.extensions["zw_broadcaster"].stop()

    server = start_server(database_uri, instance=instance, create=False)
    try:
        ballots = _ballots(ids)
        assert len(ballots) == THREADS
        barrier = threading.Barrier(THREADS)
        responses: list[tuple[dict, int, dict | None]] = [None] * THREADS  # type: ignore[list-item]
        url = f"{server.url}/api/v1/rounds/{round_id}/ballot"

        def put(index: int) -> None:
            session = requests.Session()
            barrier.wait()
            response = session.put(url, json={"votes": ballots[index]}, timeout=60,
                                   headers={"Authorization": f"Bearer {token}"})
            try:
                body = response.json()
            except ValueError:
                body = None
            responses[index] = (ballots[index], response.status_code, body)

        threads = [threading.Thread(target=put, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        final = requests.get(f"{server.url}/api/v1/workshops/{workshop.join_code}/state",
                             headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    finally:
        server.stop()
        log = server.output()

    stored_ok = []
    for submitted, status, body in responses:
        assert body is not None, f"non-JSON answer {status}:\n{log[-2000:]}"
        if sum(submitted.values()) > BUDGET:
            assert status == 422 and body["error"]["code"] == "over_budget", (status, body)
            assert body["error"]["message"]
        else:
            assert status == 200, (status, body, log[-2000:])
            assert body["votes"] == submitted
            stored_ok.append((body["revision"], submitted))
    assert len(stored_ok) == 40
    # Every accepted write was serialised: revisions 1..40 without duplicates (no lost update)…
    assert sorted(revision for revision, _ in stored_ok) == list(range(1, 41))
    # …and the stored ballot is exactly the last accepted one, within the budget.
    last = max(stored_ok, key=lambda item: item[0])[1]
    assert final["round"]["ballot"]["votes"] == last
    assert final["round"]["remaining"] == BUDGET - sum(last.values())
    with in_app(app):
        [ballot] = db.session.scalars(db.select(Ballot).filter_by(participant_id=participant_id)).all()
        votes = {str(v.proposal_id): v.value for v in db.session.scalars(
            db.select(Vote).filter_by(ballot_id=ballot.id))}
        assert votes == last and ballot.revision == 40
        assert sum(votes.values()) <= BUDGET
        db.engine.dispose()
