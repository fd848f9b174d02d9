"""Issue 19: phones draw the room from pushed payloads. The `round` and `phase` events a phone gets
carry the public current round (items to vote on, results when visible) — computed once for the
room; a coalesced proposal burst that skips versions names `since`, so that it is no gap for a phone."""
from __future__ import annotations

import time

import pytest

from tests.polling import events
from workshop_app.extensions import db, socketio
from workshop_app.live.proposal_events import ProposalEvents
from workshop_app.models import Workshop
from workshop_app.services import room, rounds
from workshop_app.services.plumbing.audit import SYSTEM

from .participant_support import add_proposal, api_join, client, in_app, open_workshop  # noqa: F401


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": 0.01, "TALLY_INTERVAL_PARTICIPANT": 0.01, "PRESENCE_INTERVAL": 0.01}


def test_round_and_phase_events_let_a_phone_draw_the_ballot(app, client, open_workshop):
    token = api_join(client, open_workshop.join_code, group="politik").get_json()["token"]
    phone = socketio.test_client(app, namespace="/participant",
                                 auth={"workshop": open_workshop.join_code, "token": token})
    with in_app(app):
        first, second = add_proposal(open_workshop.id, "Bänke"), add_proposal(open_workshop.id, "Nachtbus")
        workshop = db.session.get(Workshop, open_workshop.id)
        round_id = rounds.create(SYSTEM, workshop.id, method="dots", budget=3, live_results=True).id
    phone.get_received("/participant")
    with in_app(app):
        rounds.open_round(SYSTEM, round_id)
    [event] = events(phone, "round")
    assert event["round_id"] == round_id and event["state"] == "open"
    shown = event["round"]
    assert shown["id"] == round_id and shown["method"] == "dots" and shown["budget"] == 3
    assert [i["title"] for i in shown["items"]] == ["Bänke", "Nachtbus"]
    assert shown["proposals"] == [first, second] and shown["results_visible"] is True
    assert {r["title"] for r in shown["results"]["results"]} == {"Bänke", "Nachtbus"}
    assert "ballot" not in shown  # a phone's own ballot is never in a broadcast
    with in_app(app):
        room.change_phase(SYSTEM, open_workshop.id, "collect")
    [phase] = events(phone, "phase")
    assert phase["phase"] == "collect" and phase["collecting"] is True
    assert phase["round"]["id"] == round_id and phase["round"]["state"] == "open"


def test_coalesced_burst_names_the_version_before_it():
    sent = []
    events = ProposalEvents(lambda name, payload, workshop, namespaces: sent.append((namespaces[0], payload)),
                            interval=60)
    card = {"id": 1, "title": "A", "field": None, "state": "published"}
    events.add(7, card, 5)  # quiet room: goes out at once, plain shape
    events.add(7, {**card, "id": 2, "state": "pending"}, 6, staff_only=True)  # moderators only
    events.add(7, {**card, "title": "A2"}, 7)  # waits in the batch
    events.flush(7)
    phones = [p for ns, p in sent if ns == "/participant"]
    assert phones[0] == {**card, "version": 5}
    assert phones[1] == {**card, "title": "A2", "version": 7, "since": 5}


def test_a_phone_that_asks_for_lean_tallies_gets_rows_cut_to_what_it_draws(app, open_workshop):
    """The shipped phone page connects with ``lean``: its tally rows lack the per-group figures
    (half the bytes each phone's socket compresses every second); an API client that does not
    ask keeps the results shape of DESIGN §5. Both are what the AsyncAPI document describes."""
    from workshop_app.models import Participant
    from workshop_app.services import ballots

    tokens = [api_join(app.test_client(), open_workshop.join_code, group=g).get_json()
              for g in ("politik", "verwaltung")]
    lean_phone, full_phone = (
        socketio.test_client(app, namespace="/participant",
                             auth={"workshop": open_workshop.join_code, "token": t["token"], **extra})
        for t, extra in zip(tokens, ({"lean": True}, {})))
    with in_app(app):
        proposal = add_proposal(open_workshop.id, "Bänke")
        workshop = db.session.get(Workshop, open_workshop.id)
        round_ = rounds.create(SYSTEM, workshop.id, method="dots", budget=3, live_results=True)
        rounds.open_round(SYSTEM, round_.id)
        ballots.store(db.session.get(Participant, tokens[0]["participant"]["id"]), round_.id, {proposal: 2})
    def counted(phone) -> dict:  # the first tally that counts the ballot
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for tally in events(phone, "tally", wait=0.2):
                if tally["results"] and tally["results"][0]["points"] == 2:
                    return tally["results"][0]
        raise AssertionError("no tally counted the ballot")

    lean_row, full_row = counted(lean_phone), counted(full_phone)
    assert lean_row["title"] == full_row["title"] == "Bänke"
    assert "by_group" not in lean_row and full_row["by_group"]["politik"]["points"] == 2
    assert set(lean_row) < set(full_row)
