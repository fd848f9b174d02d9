"""Every moderator route (from app.url_map) and every socket namespace against every role:
refused roles change nothing; allowed roles get past authorisation."""
from __future__ import annotations

import pytest

from tests.conftest import csrf_token_from, login
from tests.integration.moderator_support import add_participant
from workshop_app.access import participant_cookie_name
from workshop_app.extensions import db, socketio
from workshop_app.models import AuditEvent, Role, Workshop, WorkshopModerator
from workshop_app.services import moderation, rounds, tables
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM

ROLES = ("anonymous", "participant", "other_moderator", "moderator", "organizer", "link")
ALLOWED = {"moderator", "organizer", "link"}


def moderator_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "moderator.redeem_link":
            continue
        if rule.endpoint.startswith("moderator.") or rule.endpoint.startswith("api.moderate_"):
            yield rule


def _url(rule, values):
    args = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        args[name] = (getattr(converter, "items", None) and sorted(converter.items)[0]) or values[name]
    return rule.build(args)[1]


@pytest.fixture
def room(app, ctx, make_user, make_workshop):
    workshop = make_workshop()
    other = make_workshop(title="Anderer Workshop")
    proposal = moderation.add(SYSTEM, workshop.id, title="A")
    round_ = rounds.create(SYSTEM, workshop.id, method="dots")
    make_user("organizer@example.org", role=Role.ORGANIZER)
    mod = make_user("mod@example.org", role=Role.MODERATOR)
    other_mod = make_user("other@example.org", role=Role.MODERATOR)
    with tx.write():
        db.session.add(WorkshopModerator(workshop_id=workshop.id, user_id=mod.id))
        db.session.add(WorkshopModerator(workshop_id=other.id, user_id=other_mod.id))
    participant, secret = add_participant(workshop.id, "politik")
    table = tables.create(SYSTEM, workshop.id, name="Tisch 1")
    return {"workshop": workshop, "code": workshop.join_code, "round_id": round_.id,
            "table_id": table.id, "step": "measures",
            "proposal_id": proposal.id, "group": "politik", "participant_secret": secret,
            "participant_id": participant.id}


def _client_as(app, role, room):
    client = app.test_client()
    if role in ("organizer", "moderator", "other_moderator"):
        email = {"organizer": "organizer@example.org", "moderator": "mod@example.org",
                 "other_moderator": "other@example.org"}[role]
        assert login(client, email).status_code == 302
    elif role == "participant":
        client.set_cookie(participant_cookie_name(room["workshop"]), room["participant_secret"])
    elif role == "link":
        assert client.get(f"/m/{room['workshop'].moderator_secret}").status_code == 302
    token = csrf_token_from(client.get("/auth/login"))
    return client, token


def _fingerprint(workshop_id):
    db.session.expire_all()
    return (db.session.get(Workshop, workshop_id).version,
            db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)))


@pytest.mark.parametrize("role", ROLES)
def test_http_routes(app, room, role):
    client, token = _client_as(app, role, room)
    rules = list(moderator_rules(app))
    assert len(rules) >= 25
    for rule in rules:
        url = _url(rule, room)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            before = _fingerprint(room["workshop"].id)
            if rule.endpoint.startswith("api."):
                response = client.open(url, method=method, json={}, headers={"X-CSRFToken": token})
            else:
                response = client.open(url, method=method, data={"csrf_token": token})
            if role in ALLOWED:
                assert response.status_code not in (401, 403), (role, method, url)
            else:
                assert response.status_code in (401, 403), (role, method, url, response.status_code)
                assert _fingerprint(room["workshop"].id) == before, (role, method, url)


def test_participant_bearer_token_is_not_a_moderator(app, room):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {room['participant_secret']}"}
    for rule in moderator_rules(app):
        if rule.endpoint.startswith("api."):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                response = client.open(_url(rule, room), method=method, json={}, headers=headers)
                assert response.status_code == 401, (method, rule)


def test_wrong_moderator_link_is_404(app, room):
    assert app.test_client().get("/m/not-a-secret").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_socket_namespaces(app, room, role):
    client, _token = _client_as(app, role, room)
    handlers = {ns: [name for name in dir(handler) if name.startswith("on_")]
                for ns, handler in socketio.server.namespace_handlers.items()}
    # Sockets only push: no namespace accepts a write event a role could abuse.
    assert all(set(names) <= {"on_connect", "on_disconnect", "on_event"} for names in handlers.values())
    sock = socketio.test_client(app, namespace="/moderator", auth={"workshop": room["code"]},
                                flask_test_client=client)
    assert sock.is_connected("/moderator") == (role in ALLOWED), role
    if role in ALLOWED:
        assert any(e["name"] == "snapshot" for e in sock.get_received("/moderator"))
        sock.disconnect("/moderator")
    screen = socketio.test_client(app, namespace="/screen", auth={"token": "guess"}, flask_test_client=client)
    assert not screen.is_connected("/screen")
