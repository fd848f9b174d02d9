"""Live updates for phones through the Socket.IO test client: snapshot on (re)connect, events with
versions for proposals, tallies and presence after ballots and joins."""
from __future__ import annotations

import time

import pytest

from tests.polling import events
from workshop_app.extensions import socketio

from .participant_support import (  # noqa: F401
    add_proposal,
    api_join,
    bearer,
    client,
    english_client,
    in_app,
    make_round,
    open_workshop,
    set_workshop,
)


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": 0.01, "TALLY_INTERVAL_PARTICIPANT": 0.01, "PRESENCE_INTERVAL": 0.01}


@pytest.fixture
def token(client, open_workshop):
    return api_join(client, open_workshop.join_code, group="politik").get_json()["token"]


def _phone(app, workshop, token, **kwargs):
    return socketio.test_client(app, namespace="/participant",
                                auth={"workshop": workshop.join_code.lower(), "token": token}, **kwargs)


def test_snapshot_on_connect_and_reconnect(app, open_workshop, token):
    sock = _phone(app, open_workshop, token)
    assert sock.is_connected("/participant")
    [snapshot] = events(sock, "snapshot")
    assert snapshot["participant"]["group"] == "politik" and snapshot["phase"] == "lobby"
    sock.disconnect("/participant")
    again = _phone(app, open_workshop, token)
    assert events(again, "snapshot")[0]["version"] == snapshot["version"]


@pytest.mark.parametrize("auth", [None, {"workshop": "ZZZZZZ", "token": "x"}, {"token": "forged"}])
def test_refused_without_valid_identity(app, open_workshop, auth):
    if auth and "workshop" not in auth:
        auth = {**auth, "workshop": open_workshop.join_code}
    sock = socketio.test_client(app, namespace="/participant", auth=auth)
    assert not sock.is_connected("/participant")


def test_cookie_identity_works_for_the_socket(app, client, open_workshop, token):
    sock = socketio.test_client(app, namespace="/participant", flask_test_client=client,
                                auth={"workshop": open_workshop.join_code})
    assert sock.is_connected("/participant")


def test_new_published_proposal_reaches_phones_with_version(app, client, open_workshop, token):
    sock = _phone(app, open_workshop, token)
    [snapshot] = events(sock, "snapshot")
    response = client.post(f"/api/v1/workshops/{open_workshop.join_code}/proposals",
                           json={"title": "Spielstraße"}, headers=bearer(token))
    assert response.status_code == 201
    [event] = events(sock, "proposal")
    assert event["title"] == "Spielstraße" and event["state"] == "published"
    assert event["version"] == snapshot["version"] + 1


def test_pending_proposal_is_not_shown_to_phones(app, client, open_workshop, token):
    with in_app(app):
        set_workshop(open_workshop.id, premoderation=True)
    sock = _phone(app, open_workshop, token)
    events(sock, "snapshot")
    client.post(f"/api/v1/workshops/{open_workshop.join_code}/proposals",
                json={"title": "Geheim"}, headers=bearer(token))
    [event] = events(sock, "proposal")
    assert event["state"] == "pending" and "title" not in event


def test_ballot_and_join_update_the_screen(app, client, open_workshop, token):
    with in_app(app):
        ids = [add_proposal(open_workshop.id, f"Ziel {n}") for n in range(2)]
        round_id = make_round(open_workshop.id, ids, budget=3)
    screen = socketio.test_client(app, namespace="/screen", auth={"token": open_workshop.screen_secret})
    assert screen.is_connected("/screen")
    phone = _phone(app, open_workshop, token)
    events(phone, "snapshot")
    response = client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(ids[1]): 3}},
                          headers=bearer(token))
    assert response.status_code == 200
    # Live results are off by default: neither the phone nor the screen gets the tally; the
    # screen shows how many voted per group, which presence carries.
    deadline, voted = time.monotonic() + 3, {}
    while time.monotonic() < deadline and voted.get("politik") != 1:
        for presence in events(screen, "presence", "/screen", wait=0.2):
            voted = {g["key"]: g["voted"] for g in presence["groups"]}
    assert voted.get("politik") == 1
    assert events(phone, "tally", wait=0.3) == []
    assert events(screen, "tally", "/screen", wait=0.1) == []

    api_join(english_client(app), open_workshop.join_code, group="verwaltung")
    deadline, joined = time.monotonic() + 3, {}
    while time.monotonic() < deadline and joined.get("verwaltung") != 1:
        for presence in events(screen, "presence", "/screen", wait=0.2):
            joined = {g["key"]: g["joined"] for g in presence["groups"]}
    assert joined == {"politik": 1, "verwaltung": 1, "zivilgesellschaft": 0}
