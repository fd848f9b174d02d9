"""Race: twelve phones submit a proposal at the same moment; every proposal gets its own number,
#1 … #12 without a gap or a twin (services/proposals.submit numbers under the workshop's row lock;
the unique constraint on (workshop, number) would refuse a twin rather than store it)."""
from __future__ import annotations

import threading

from workshop_app.domain.phases import Phase
from workshop_app.extensions import db
from workshop_app.models import Proposal

from .participant_support import api_join, bearer, create_workshop, english_client, in_app, set_phase

PHONES = 12


def test_simultaneous_proposals_get_distinct_numbers(app):
    workshop = create_workshop(app)
    with in_app(app):
        set_phase(workshop.id, Phase.COLLECT)
    tokens = []
    for _ in range(PHONES):
        joined = api_join(english_client(app), workshop.join_code)
        assert joined.status_code == 201, joined.get_json()
        tokens.append(joined.get_json()["token"])
    barrier = threading.Barrier(PHONES)
    statuses = []

    def submit(n: int, token: str) -> None:
        phone = app.test_client()
        barrier.wait()
        response = phone.post(f"/api/v1/workshops/{workshop.join_code}/proposals",
                              json={"title": f"Vorschlag von Telefon {n}"}, headers=bearer(token))
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=(n, t)) for n, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * PHONES
    with in_app(app):
        # Deliver the coalesced "new proposal" pushes now, inside an app context (the
        # broadcaster would otherwise flush them at teardown, outside one).
        app.extensions["zw_broadcaster"].proposals.flush_all()
        numbers = sorted(db.session.scalars(db.select(Proposal.number).filter_by(workshop_id=workshop.id)))
        by_time = [n for (n,) in db.session.execute(db.select(Proposal.number).filter_by(
            workshop_id=workshop.id).order_by(Proposal.id))]
    assert numbers == list(range(1, PHONES + 1))
    assert by_time == numbers  # in the order the rows were written
