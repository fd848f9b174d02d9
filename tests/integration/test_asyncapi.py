"""The AsyncAPI document at /api/v1/asyncapi.json describes what the sockets really push: real
Socket.IO test clients on all three namespaces receive every documented event, and every payload
validates against the document's schema for its namespace and event."""
from __future__ import annotations

import time

import jsonschema
import pytest

from tests.conftest import login
from tests.polling import until
from workshop_app.extensions import socketio
from workshop_app.models import Role
from workshop_app.services import ballots, joining, moderation, proposals, rounds, table_seats, tables, workshops
from workshop_app.services import room as room_service
from workshop_app.services.plumbing.audit import SYSTEM

NAMESPACES = ("participant", "screen", "moderator")


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": 0.05, "TALLY_INTERVAL_PARTICIPANT": 0.05,
            "PRESENCE_INTERVAL": 0.05, "PROPOSAL_INTERVAL": 0.3}


def _document(client) -> dict:
    response = client.get("/api/v1/asyncapi.json")
    assert response.status_code == 200
    return response.get_json()


def _validator(document: dict, namespace: str, event: str) -> jsonschema.Draft202012Validator:
    channel = document["channels"][namespace]
    message_ref = channel["messages"][event]["$ref"].rsplit("/", 1)[1]
    payload = document["components"]["messages"][message_ref]["payload"]
    # "#/components/schemas/…" resolves against the root: carry the components along.
    schema = {"allOf": [payload], "components": document["components"]}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_document_is_asyncapi_3_with_every_namespace_and_the_message_limit(app, client):
    document = _document(client)
    assert document["asyncapi"] == "3.0.0"
    assert {c["address"] for c in document["channels"].values()} == {
        "/participant", "/screen", "/moderator", "/facilitator"}  # facilitator: a table's device
    assert document["x-message-limit-bytes"] == app.config["SOCKETIO_MAX_MESSAGE_BYTES"]
    description = document["info"]["description"]
    for rule in ("version", "seq", "since", "Resync", "SOCKETIO_MAX_MESSAGE_BYTES"):
        assert rule in description
    for operation in document["operations"].values():
        assert operation["security"], "each namespace documents its auth"
    for namespace in NAMESPACES:
        for event in document["channels"][namespace]["messages"]:
            _validator(document, namespace, event)  # every schema is valid and its refs resolve


def test_screen_schema_refuses_what_the_screen_may_not_get(client):
    """The screen schemas are closed: a presence payload with connected counts is not valid."""
    validator = _validator(_document(client), "screen", "presence")
    good = {"round_id": 1, "version": 3, "groups": [{"key": "a", "name": "A", "joined": 2, "voted": 1}]}
    assert not list(validator.iter_errors(good))
    widened = {**good, "groups": [{**good["groups"][0], "connected": 2}]}
    assert list(validator.iter_errors(widened))


def test_real_payloads_of_every_event_validate_against_the_document(app, client, make_user,
                                                                    make_workshop):
    document = _document(client)
    workshop = make_workshop()
    make_user("admin@example.org", role=Role.ADMIN)
    assert login(client, "admin@example.org").status_code in (302, 303)
    participant, secret = joining.join(joining.JoinTarget(workshop), group_key="politik")
    clients = {
        "participant": socketio.test_client(app, namespace="/participant",
                                            auth={"workshop": workshop.join_code, "token": secret}),
        "screen": socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret}),
        "moderator": socketio.test_client(app, namespace="/moderator",
                                          auth={"workshop": workshop.join_code},
                                          flask_test_client=client),
    }
    for namespace, sio in clients.items():
        assert sio.is_connected(f"/{namespace}"), namespace
    received: dict[str, list[tuple[str, dict]]] = {ns: [] for ns in NAMESPACES}

    def drain() -> None:
        for namespace, sio in clients.items():
            received[namespace] += [(e["name"], e["args"][0]) for e in sio.get_received(f"/{namespace}")]

    # Every kind of change the room knows, in the order of a workshop.
    room_service.change_phase(SYSTEM, workshop.id, "collect")
    published = [moderation.add(SYSTEM, workshop.id, title=f"Vorschlag {n}") for n in range(4)]  # a burst
    proposals.submit(participant.id, workshop.id, title="Mehr Bänke am Marktplatz")
    table_seats.choose(participant, tables.create(SYSTEM, workshop.id, name="Tisch 1").id)  # tables, seat
    moderation.hide(SYSTEM, workshop.id, published[-1].id)
    room_service.timer(SYSTEM, workshop.id, "start", 120)
    workshops.update_workshop(SYSTEM, workshop, title="Auftakt (neu)")
    round_ = rounds.create(SYSTEM, workshop.id, method="dots", budget=10, max_per_proposal=5,
                           live_results=True)
    round_ = rounds.open_round(SYSTEM, round_.id)
    room_service.change_phase(SYSTEM, workshop.id, "vote")
    ballots.store(participant, round_.id, {published[0].id: 3, published[1].id: 2})

    expected = {namespace: set(document["channels"][namespace]["messages"]) for namespace in NAMESPACES}

    def complete() -> bool:
        drain()
        return all(expected[ns] <= {name for name, _ in received[ns]} for ns in NAMESPACES)

    assert until(complete), {ns: expected[ns] - {n for n, _ in received[ns]} for ns in NAMESPACES}
    rounds.close_round(SYSTEM, round_.id)  # a round event of another state, and a last tally
    rounds.publish_results(SYSTEM, round_.id)
    time.sleep(0.3)  # let the coalesced tallies and presence counts of the close go out too
    drain()

    checked = 0
    for namespace in NAMESPACES:
        assert {name for name, _ in received[namespace]} <= expected[namespace], \
            f"/{namespace} pushes an undocumented event"
        validators = {event: _validator(document, namespace, event) for event in expected[namespace]}
        for name, payload in received[namespace]:
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                      for e in validators[name].iter_errors(payload)]
            assert not errors, (namespace, name, payload, errors)
            checked += 1
    assert checked >= 3 * 6
    # The optional parts were really exercised: a coalesced burst's `since`, a phone's round.
    phone = received["participant"]
    assert any("since" in payload for name, payload in phone if name == "proposal")
    assert any((payload.get("round") or {}).get("items") for name, payload in phone if name == "round")
    for sio in clients.values():
        sio.disconnect(next(f"/{ns}" for ns in NAMESPACES if sio.is_connected(f"/{ns}")))
