"""Issue 19: every write that moves the workshop ``version`` reaches every audience with that version.

A phone (static/js/live.js) treats an event whose version jumps by more than one as a gap and
fetches its state once — with 2,000 phones one unannounced bump costs 2,000 fetches. Here sockets of
all three audiences follow a whole workshop driven through the console and the JSON API (phases,
proposals, pre-moderation, merges, rounds, paper votes, room settings, removals) and apply the
client's version rules (a Python copy of ``ZW.live``'s ``receive``): no gap, no event dropped, and
at the end each holds the workshop's stored version.
"""
from __future__ import annotations

import time

import pytest

from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, login, share_processes_with_organizers
from tests.integration.participant_support import api_join, bearer, create_workshop, in_app
from tests.integration.test_asyncapi import _document, _validator
from workshop_app.extensions import db, socketio
from workshop_app.live.proposal_events import ProposalEvents
from workshop_app.models import Role, Workshop
from workshop_app.services import apikeys, users
from workshop_app.services.plumbing.audit import SYSTEM

ORDERED = ("phase", "round", "workshop", "proposal")


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": 0.01, "TALLY_INTERVAL_PARTICIPANT": 0.01,
            "PRESENCE_INTERVAL": 0.01, "PROPOSAL_INTERVAL": 0.05,
            "EDIT_RATE_LIMIT": "1000 per minute", "PROPOSAL_RATE_LIMIT": "1000 per minute"}


class Client:
    """The version rules of static/js/live.js (``receive``), applied to one socket's events."""

    def __init__(self, sock, namespace: str) -> None:
        self.sock, self.namespace = sock, namespace
        self.version = None
        self.covered = False
        self.seen: set[str] = set()
        self.gaps: list = []
        self.dropped: list = []
        self.tally_versions: list[int] = []
        self.log: list = []
        self.packets: list[tuple[str, dict]] = []

    def pump(self) -> None:
        for packet in self.sock.get_received(self.namespace):
            self.receive(packet["name"], packet["args"][0] if packet["args"] else {})

    def receive(self, name: str, data: dict) -> None:
        self.packets.append((name, data))
        self.log.append((name, data.get("id", data.get("round_id")), data.get("version"), data.get("since")))
        incoming = data.get("version")
        if name == "snapshot":
            self.version, self.covered, self.seen = incoming, True, set()
            return
        if name == "tally":
            self.tally_versions.append(incoming)
            return
        if name not in ORDERED or incoming is None or self.version is None:
            return
        key = f"{name}:{data.get('id', data.get('round_id', ''))}"
        if incoming < self.version or (incoming == self.version and (self.covered or key in self.seen)):
            self.dropped.append((name, data))
            return
        since = data.get("since", incoming - 1)
        if incoming > self.version + 1 and since > self.version:
            self.gaps.append((name, self.version, incoming))
        if incoming > self.version:
            self.version, self.covered, self.seen = incoming, False, set()
        self.seen.add(key)


def _stored_version(app, workshop_id: int) -> int:
    with in_app(app):
        return db.session.scalar(db.select(Workshop.version).filter_by(id=workshop_id))


def test_every_version_reaches_phones_screens_and_consoles(app):
    workshop = create_workshop(app)
    code, workshop_id, fields = workshop.join_code, workshop.id, workshop.fields
    with in_app(app):
        user = users.create_user("organizer@example.org", DEFAULT_PASSWORD, role=Role.ORGANIZER)
        share_processes_with_organizers()
        _key, secret = apikeys.create_api_key(SYSTEM, user)
    api_client, staff, phone_http, other_http = (app.test_client() for _ in range(4))

    def api(method, path, body=None, status=200):
        response = api_client.open(f"/api/v1{path}", method=method, json=body,
                                   headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code == status, (method, path, response.get_json())
        return response.get_json()

    login(staff)
    csrf = csrf_token_from(staff.get(f"/moderate/{code}"))

    def console(path, **form):
        response = staff.post(f"/moderate/{code}{path}", data={"csrf_token": csrf, **form})
        assert response.status_code == 302, (path, response.status_code, response.data[:300])

    token = api_join(phone_http, code, group="politik").get_json()["token"]
    other = api_join(other_http, code, group="verwaltung").get_json()

    def phone(method, path, body=None, status=200):
        response = phone_http.open(f"/api/v1{path}", method=method, json=body, headers=bearer(token))
        assert response.status_code == status, (method, path, response.get_json())
        return response.get_json()

    clients = [
        Client(socketio.test_client(app, namespace="/participant",
                                    auth={"workshop": code, "token": token}), "/participant"),
        Client(socketio.test_client(app, namespace="/participant",  # the shipped page's lean tallies
                                    auth={"workshop": code, "token": token, "lean": True}), "/participant"),
        Client(socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret}),
               "/screen"),
        Client(socketio.test_client(app, namespace="/moderator", auth={"workshop": code},
                                    flask_test_client=staff), "/moderator"),
    ]
    for client in clients:
        assert client.sock.is_connected(client.namespace), client.namespace

    def step():
        for client in clients:
            client.pump()

    # --- collecting: proposals from phones and the moderator --------------------------------------
    api("PATCH", f"/workshops/{code}", {"phase": "collect"})
    step()
    own = phone("POST", f"/workshops/{code}/proposals", {"title": "Mehr Bänke im Park"}, 201)["id"]
    gone = phone("POST", f"/workshops/{code}/proposals", {"title": "Zurückgezogen"}, 201)["id"]
    phone("DELETE", f"/workshops/{code}/proposals/{gone}")
    step()
    second = api("POST", f"/workshops/{code}/moderator-proposals",
                 {"title": "Nachtbus", "field": fields[0]}, 201)["id"]
    third = api("POST", f"/workshops/{code}/moderator-proposals", {"title": "Jugendtreff"}, 201)["id"]
    step()
    # --- pre-moderation: pending proposals, pending edits -------------------------------------------
    api("PATCH", f"/workshops/{code}", {"premoderation": True})
    step()
    pending = phone("POST", f"/workshops/{code}/proposals", {"title": "Spielstraße"}, 201)["id"]
    phone("PATCH", f"/workshops/{code}/proposals/{pending}", {"title": "Spielstraße am Markt"})
    step()
    phone("PATCH", f"/workshops/{code}/proposals/{own}", {"title": "Mehr Bänke"})
    step()
    api("POST", f"/proposals/{own}/approve-edit")
    step()
    phone("PATCH", f"/workshops/{code}/proposals/{own}", {"title": "Bänke überall"})
    step()
    api("POST", f"/proposals/{own}/reject-edit")
    step()
    refused = phone("POST", f"/workshops/{code}/proposals", {"title": "Abgelehnt"}, 201)["id"]
    api("POST", f"/proposals/{refused}/hide")
    step()
    api("POST", f"/proposals/{pending}/publish")
    step()
    # --- moderating: edit, move to another field, hide/unhide, merge ---------------------------------
    api("PATCH", f"/proposals/{second}", {"title": "Nachtbus am Wochenende"})
    api("PATCH", f"/proposals/{second}", {"field": fields[1]})
    step()
    api("POST", f"/proposals/{third}/hide")
    api("POST", f"/proposals/{third}/publish")
    step()
    duplicate = api("POST", f"/workshops/{code}/moderator-proposals", {"title": "Nachtbusse"}, 201)["id"]
    api("POST", f"/proposals/{duplicate}/merge", {"into": second})
    step()
    # --- the room: spotlight, timer, theme, settings (console forms and API) ------------------------
    console("/spotlight", proposal=str(second))
    step()
    api("POST", f"/workshops/{code}/spotlight", {"proposal": None})
    step()
    console("/timer", action="start", minutes="5")
    api("POST", f"/workshops/{code}/timer", {"action": "extend", "seconds": 60})
    api("POST", f"/workshops/{code}/timer", {"action": "stop"})
    step()
    api("PATCH", f"/workshops/{code}", {"theme": "light"})
    console("/settings", theme="dark")  # the checkbox left out: pre-moderation off
    step()
    # --- voting: rounds, ballots, paper votes -----------------------------------------------------
    console("/phase", phase="vote")
    step()
    first_round = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 3}, 201)["id"]
    step()
    api("POST", f"/rounds/{first_round}/open")
    step()
    phone("PUT", f"/rounds/{first_round}/ballot", {"votes": {str(second): 2}})
    step()
    api("PUT", f"/rounds/{first_round}/paper/politik", {"voters": 2, "points": {str(second): 3}})
    step()
    api("POST", f"/rounds/{first_round}/close")
    step()
    api("PUT", f"/rounds/{first_round}/paper/verwaltung", {"voters": 1, "points": {str(own): 1}})
    step()
    api("POST", f"/rounds/{first_round}/reset", {"confirm": True})
    step()
    live_round = api("POST", f"/workshops/{code}/rounds",
                     {"method": "approval", "live_results": True}, 201)["id"]
    api("POST", f"/rounds/{live_round}/open")
    step()
    phone("PUT", f"/rounds/{live_round}/ballot", {"votes": {str(own): 1}})
    step()
    api("PUT", f"/rounds/{live_round}/paper/politik", {"voters": 3, "points": {str(third): 2}})
    step()
    api("DELETE", f"/workshops/{code}/participants/{other['participant']['id']}")
    step()
    api("POST", f"/rounds/{live_round}/close")
    step()
    api("POST", f"/rounds/{live_round}/publish")
    step()
    console("/phase", phase="results")
    step()

    stored = _stored_version(app, workshop_id)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(c.version != stored for c in clients):
        time.sleep(0.02)  # the last coalesced proposal batch, the last tallies
        step()
    time.sleep(0.1)  # and nothing late after that
    step()
    for client in clients:
        where = f"{client.namespace}: gaps {client.gaps} dropped {client.dropped} events {client.log}"
        assert client.gaps == [], where
        assert client.dropped == [], where
        assert client.version == stored, where
        assert all(v <= stored for v in client.tally_versions), where
    # Every payload is one the AsyncAPI document describes, the bare version events included.
    document = _document(api_client)
    for client in clients:
        namespace = client.namespace.strip("/")
        for name, payload in client.packets:
            errors = [e.message for e in _validator(document, namespace, name).iter_errors(payload)]
            assert not errors, (namespace, name, payload, errors)
    phone_events = clients[0].packets
    assert any(name == "workshop" and set(payload) <= {"version", "since"}
               for name, payload in phone_events)  # the pending edits' and paper votes' versions
    assert not any("Bänke überall" in repr(payload) for _, payload in phone_events + clients[1].packets)
    for client in clients:
        client.sock.disconnect(client.namespace)


def test_a_batch_of_staff_only_changes_gives_the_room_its_version():
    """The coalescer alone: a burst that ends in versions only moderators see (pending edits)
    still hands phones and screens the newest version, as a bare `workshop` event with `since`."""
    sent: list = []
    feed = ProposalEvents(lambda event, payload, workshop_id, namespaces: sent.extend(
        (namespace, event, payload) for namespace in namespaces), interval=3600)
    card = {"id": 4, "title": "Bänke", "field": None, "state": "published"}
    feed.add(1, card, 20)  # a quiet room: at once, to everyone
    sent.clear()
    feed.add(1, {**card, "pending": {"title": "geheim"}}, 21, staff_only=True)
    feed.add(1, {"id": 9, "title": "wartet", "field": None, "state": "pending"}, 22, staff_only=True)
    feed.flush(1)
    room = [(namespace, event, payload) for namespace, event, payload in sent
            if namespace != "/moderator"]
    assert sorted(room) == [("/participant", "workshop", {"version": 22, "since": 20}),
                            ("/screen", "workshop", {"version": 22, "since": 20})]
    assert [p["version"] for ns, e, p in sent if ns == "/moderator"] == [21, 22]
    sent.clear()
    feed.add(1, {**card, "pending": None}, 23, staff_only=True)
    feed.add(1, {**card, "title": "Bänke!"}, 24)  # the batch ends public: no bare event
    feed.flush(1)
    assert [(ns, e) for ns, e, _ in sent if ns != "/moderator"] == [
        ("/screen", "proposal"), ("/participant", "proposal")]
