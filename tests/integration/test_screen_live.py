"""Live pushes: a phase change reaches phones and the screen; tallies arrive coalesced."""
from __future__ import annotations

import time

import pytest

from tests.integration.moderator_support import add_participant, signed_in, vote
from workshop_app.extensions import socketio
from workshop_app.services import moderation, room, rounds
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": 0.05}



def _received(sock, namespace, name):
    return [e["args"][0] for e in sock.get_received(namespace) if e["name"] == name]


def test_phase_change_reaches_phone_and_screen(app, client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    _participant, secret = add_participant(workshop.id, "politik")
    phone = socketio.test_client(app, namespace="/participant",
                                 auth={"workshop": workshop.join_code, "token": secret})
    screen = socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret})
    assert phone.is_connected("/participant") and screen.is_connected("/screen")
    phone.get_received("/participant"), screen.get_received("/screen")
    field = workshop.process.fields[0].id
    response = client.post(f"/moderate/{workshop.join_code}/phase",
                           data={"csrf_token": token, "phase": "collect", "field": str(field)})
    assert response.status_code == 302
    for sock, ns in ((phone, "/participant"), (screen, "/screen")):
        phases = _received(sock, ns, "phase")
        assert phases and phases[-1]["phase"] == "collect" and phases[-1]["field"] == field
        assert isinstance(phases[-1]["version"], int)
    phone.disconnect("/participant")
    screen.disconnect("/screen")


def test_screen_gets_coalesced_tally(app, ctx, make_workshop):
    workshop = make_workshop()
    a = moderation.add(SYSTEM, workshop.id, title="A").id
    # The screen gets tallies only while it shows them: here live results in the vote phase.
    round_ = rounds.create(SYSTEM, workshop.id, method="dots", budget=5, live_results=True)
    rounds.open_round(SYSTEM, round_.id)
    room.change_phase(SYSTEM, workshop.id, "vote")
    screen = socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret})
    screen.get_received("/screen")
    voters = [add_participant(workshop.id, "politik")[0] for _ in range(12)]
    for participant in voters:
        vote(participant, round_.id, {a: 2})
    tallies = []
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        tallies += _received(screen, "/screen", "tally")
        if tallies and tallies[-1]["results"][0]["points"] == 24:
            break
        time.sleep(0.05)
    assert tallies and tallies[-1]["results"][0]["points"] == 24
    assert tallies[-1]["round_id"] == round_.id
    assert len(tallies) < len(voters)  # coalesced, never one broadcast per vote
    screen.disconnect("/screen")


def test_wrong_screen_token_is_refused(app, make_workshop):
    make_workshop()
    screen = socketio.test_client(app, namespace="/screen", auth={"token": "wrong"})
    assert not screen.is_connected("/screen")
