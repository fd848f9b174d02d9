"""Issue 19 (reconnect storm): a phone's snapshot reuses the public round computed for the same
round, workshop version and tally sequence. It must never hand out a stale one: after a ballot, a
removal that lowers the sums, or an edited title, every snapshot equals the results endpoint."""
from __future__ import annotations

from workshop_app.extensions import db
from workshop_app.models import Participant, Workshop
from workshop_app.services import moderation, participants
from workshop_app.services.plumbing.audit import SYSTEM

from .participant_support import add_proposal, api_join, bearer, client, in_app, make_round, open_workshop  # noqa: F401


def _shown(client, code, token):
    state = client.get(f"/api/v1/workshops/{code}/state", headers=bearer(token)).get_json()
    return {r["title"]: r["points"] for r in state["round"]["results"]["results"]}


def _truth(client, round_id, token):
    body = client.get(f"/api/v1/rounds/{round_id}/results", headers=bearer(token)).get_json()
    return {r["title"]: r["points"] for r in body["results"]}


def test_a_snapshot_never_shows_a_stale_public_round(app, client, open_workshop):
    code = open_workshop.join_code
    with in_app(app):
        first = add_proposal(open_workshop.id, "Bänke")
        second = add_proposal(open_workshop.id, "Nachtbus")
        round_id = make_round(open_workshop.id, [first, second], method="dots", budget=3,
                              live_results=True)
    voter = api_join(client, code, group="politik").get_json()["token"]
    watcher = api_join(app.test_client(), code, group="verwaltung").get_json()["token"]

    assert _shown(client, code, watcher) == {"Bänke": 0, "Nachtbus": 0}
    assert _shown(client, code, watcher) == {"Bänke": 0, "Nachtbus": 0}  # served from the cache
    put = client.put(f"/api/v1/rounds/{round_id}/ballot", headers=bearer(voter),
                     json={"votes": {str(first): 2, str(second): 1}})
    assert put.status_code == 200, put.get_json()
    assert _shown(client, code, watcher) == _truth(client, round_id, watcher) == {"Bänke": 2, "Nachtbus": 1}

    with in_app(app):  # the voter turns out to be a ballot stuffer: their points leave
        stuffer = db.session.scalars(db.select(Participant).filter_by(
            workshop_id=open_workshop.id).order_by(Participant.id)).first()
        participants.remove(SYSTEM, db.session.get(Workshop, open_workshop.id), [stuffer.id])
    assert _shown(client, code, watcher) == _truth(client, round_id, watcher) == {"Bänke": 0, "Nachtbus": 0}

    again = api_join(app.test_client(), code, group="politik").get_json()["token"]
    client.put(f"/api/v1/rounds/{round_id}/ballot", headers=bearer(again),
               json={"votes": {str(first): 1, str(second): 2}})  # the same sequence as before removal
    assert _shown(client, code, watcher) == _truth(client, round_id, watcher) == {"Bänke": 1, "Nachtbus": 2}

    with in_app(app):
        version_before = db.session.get(Workshop, open_workshop.id).version
        moderation.edit(SYSTEM, open_workshop.id, first, title="Mehr Bänke")
        assert db.session.get(Workshop, open_workshop.id).version > version_before
    assert _shown(client, code, watcher) == _truth(client, round_id, watcher) == {"Mehr Bänke": 1, "Nachtbus": 2}
