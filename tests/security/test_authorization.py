"""Authorisation: a role × action matrix over every HTTP route (from app.url_map) and every
Socket.IO namespace; another workshop's IDs in URLs and payloads; what a participant socket may
see; a moderator who signs out or is demoted loses the socket at once."""
from __future__ import annotations

import pytest

from tests.security.conftest import MUTATING, ROLES, client_as, fill, fingerprint, routes, send, sign_in
from workshop_app.extensions import db, socketio
from workshop_app.live.rooms import AUDIENCES
from workshop_app.models import Proposal, Role, User, WorkshopModerator
from workshop_app.services import moderation, users
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM

STAFF = {"organizer", "admin"}
# Accounts are the admins' business (a signed-in admin session; never an API key).
ADMIN_ONLY = {"organizer.users", "organizer.user_role", "organizer.user_active", "organizer.user_password"}
MODERATORS = {"moderator"} | STAFF
PARTICIPANTS = {"participant"}
EVERYONE = set(ROLES)
# Endpoints anyone may call (they need no identity, or a secret in the URL that is the identity).
PUBLIC = {"pages.", "auth.", "participant.join_code", "participant.join_form", "screen.",
          "moderator.redeem_link", "api.workshop_facts", "api.join", "api.openapi_document",
          "api.asyncapi_document", "responsible.",
          # a table's facilitator device: the table's secret in the URL is the identity
          "facilitator.", "api.facilitator_state", "api.facilitator_add_card", "api.facilitator_merge_preview",
          "api.facilitator_merge", "api.facilitator_split"}
PARTICIPANT_API = {"api.participant_state", "api.submit_proposal", "api.edit_proposal",
                   "api.withdraw_proposal", "api.put_ballot", "api.similar_proposals", "api.change_group",
                   "api.support_proposal", "api.withdraw_support", "api.propose_measure", "api.tables_choose"}
# Published results of a closed round: the room's participants and its staff.
SHARED = {"api.round_results": {"participant"} | {"moderator", "organizer", "admin"}}
# Statuses that mean "not you": a redirect to sign in or join, or a refusal.
REFUSED = {301, 302, 303, 401, 403, 404}


def allowed_roles(endpoint: str) -> set[str]:
    """Who may use an endpoint. An unknown blueprint is assumed to be for organizers only: a new
    public route must be added to PUBLIC here, consciously."""
    if endpoint in SHARED:
        return SHARED[endpoint]
    if endpoint in ADMIN_ONLY:
        return {"admin"}
    if endpoint in PUBLIC or any(endpoint.startswith(p) for p in PUBLIC if p.endswith(".")):
        return EVERYONE
    if endpoint.startswith("participant.") or endpoint in PARTICIPANT_API:
        return PARTICIPANTS
    if endpoint.startswith(("moderator.", "api.moderate_")):
        return MODERATORS
    return STAFF


def _is_login_or_join_redirect(response) -> bool:
    location = response.headers.get("Location", "")
    return response.status_code not in (301, 302, 303) or any(
        part in location for part in ("/auth/login", "/j/", "/join", "/w/"))


@pytest.mark.parametrize("role", ROLES)
def test_route_matrix(app, world, clients, role):
    client = clients[role]
    before = fingerprint(app)
    failures = []
    checked = 0
    for route in routes(app, world):
        if route.endpoint == "api.round_results":  # the closed round: its results are published
            route = type(route)(route.rule, route.endpoint, route.method,
                                f"/api/v1/rounds/{world.a.closed_round}/results")
        if route.endpoint in ("auth.logout", "moderator.redeem_link"):
            continue  # they change the caller's own session; tested in test_sessions_headers
        allowed = role in allowed_roles(route.endpoint)
        if allowed and route.method in MUTATING:
            continue  # allowed writes are the feature tests' business; they would change the world
        response = send(client, route, csrf=client.csrf)
        checked += 1
        status = response.status_code
        if status >= 500:
            failures.append(f"{route}: {status}")
        elif allowed and status in (401, 403):
            failures.append(f"{route}: allowed role refused with {status}")
        elif not allowed and (status not in REFUSED or not _is_login_or_join_redirect(response)):
            failures.append(f"{route}: refused role got {status} {response.headers.get('Location', '')}")
    assert checked >= 40
    assert not failures, f"{role}:\n" + "\n".join(failures)
    assert fingerprint(app) == before, f"{role} changed data"


def test_the_matrix_covers_every_blueprint(app):
    blueprints = {rule.endpoint.split(".")[0] for rule in app.url_map.iter_rules()}
    assert {"participant", "moderator", "screen", "organizer", "api", "auth", "pages"} <= blueprints


def test_objects_of_another_workshop_in_urls(app, world, clients):
    """Workshop A's code with workshop B's proposal/round IDs: the moderator and the participant
    of A may act in A, but never on B's objects through A's door."""
    before = fingerprint(app)
    failures = []
    b_ids = {"proposal_id": world.b.published, "round_id": world.b.open_round}
    for rule in app.url_map.iter_rules():
        if not (set(rule.arguments) & set(b_ids)):
            continue
        role = {"participant": "participant", "moderator": "moderator"}.get(
            "participant" if role_of(rule.endpoint) == PARTICIPANTS else "moderator")
        url = fill(rule, world, world.a, **b_ids)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = send(clients[role], url, method, csrf=clients[role].csrf,
                            json={"votes": {str(world.b.published): 1}, "title": "x", "confirm": "x"}
                            if url.startswith("/api/") else None,
                            data=None if url.startswith("/api/") else {"title": "x", "confirm": "x"})
            # refused: 401 (not joined there), 403, 404, 409/422 (domain refusal), or a form's
            # redirect back with the error; the fingerprint below proves nothing was written
            if response.status_code not in (302, 303, 401, 403, 404, 409, 422):
                failures.append(f"{method} {url} as {role}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert fingerprint(app) == before


def role_of(endpoint: str) -> set[str]:
    return allowed_roles(endpoint)


def test_ids_of_another_workshop_in_payloads(app, world, clients):
    before = fingerprint(app)
    participant, moderator = clients["participant"], clients["moderator"]
    # a ballot of A's open round naming B's proposal
    response = participant.put(f"/api/v1/rounds/{world.a.open_round}/ballot",
                               json={"votes": {str(world.b.published): 1}},
                               headers={"X-CSRFToken": participant.csrf})
    assert response.status_code in (404, 422), response.get_json()
    # A's moderator merging A's proposal into B's, or putting B's proposal in A's spotlight
    response = moderator.post(f"/api/v1/proposals/{world.a.published}/merge",
                              json={"into": world.b.published}, headers={"X-CSRFToken": moderator.csrf})
    assert response.status_code in (403, 404, 409, 422), response.get_json()
    response = moderator.post(f"/api/v1/workshops/{world.a.code}/spotlight",
                              json={"proposal_id": world.b.published, "proposal": world.b.published},
                              headers={"X-CSRFToken": moderator.csrf})
    assert response.status_code in (404, 409, 422), response.get_json()
    # a participant's proposal naming a field of another process is refused or ignored
    assert fingerprint(app) == before


def test_extra_fields_do_not_grant_roles(app, world, clients):
    participant = clients["participant"]
    response = participant.post(f"/api/v1/workshops/{world.a.code}/join",
                                json={"group": world.a.groups[0], "role": "moderator", "is_admin": True,
                                      "workshop_id": world.b.id},
                                headers={"X-CSRFToken": participant.csrf})
    assert response.status_code in (200, 201, 409, 422)
    assert participant.get(f"/moderate/{world.a.code}").status_code in REFUSED - {200}


# --- sockets ------------------------------------------------------------------------------------

def _auth_for(namespace: str, world, room) -> dict:
    if namespace == "/screen":
        return {"token": room.screen_secret}
    return {"workshop": room.code}


SOCKET_ALLOWED = {"/participant": {"participant"}, "/moderator": MODERATORS}


@pytest.mark.parametrize("role", ROLES)
def test_socket_matrix(app, world, clients, role):
    assert set(AUDIENCES) == {"/participant", "/screen", "/moderator"} | set(AUDIENCES)
    for namespace in AUDIENCES:
        for room in (world.a, world.b):
            auth = {"workshop": room.code} if namespace != "/screen" else {"token": "not-the-secret"}
            io = socketio.test_client(app, namespace=namespace, auth=auth, flask_test_client=clients[role])
            own = {"participant": "participant", "moderator": "moderator"} if room is world.a else \
                {"participant_b": "participant", "moderator_b": "moderator"}
            as_role = "organizer" if role in STAFF else own.get(role)  # organizers moderate all
            allowed = as_role in SOCKET_ALLOWED.get(namespace, set())
            assert io.is_connected(namespace) == allowed, (namespace, role, room.code)
            if allowed:
                names = [m["name"] for m in io.get_received(namespace)]
                assert "snapshot" in names
                io.disconnect(namespace)


def test_screen_socket_needs_its_own_secret(app, world, clients):
    for room, other in ((world.a, world.b), (world.b, world.a)):
        io = socketio.test_client(app, namespace="/screen", auth={"token": room.screen_secret})
        assert io.is_connected("/screen")
        snapshot = next(m for m in io.get_received("/screen") if m["name"] == "snapshot")
        assert other.code not in repr(snapshot)
        io.disconnect("/screen")
    for auth in ({}, {"token": ""}, {"token": "x" * 500}, {"token": None}, {"token": {"$ne": 1}}):
        assert not socketio.test_client(app, namespace="/screen", auth=auth).is_connected("/screen")


def test_participant_socket_sees_only_its_workshop_and_public_data(app, world, clients):
    phone = socketio.test_client(app, namespace="/participant", auth={"workshop": world.a.code},
                                 flask_test_client=clients["participant"])
    staff = socketio.test_client(app, namespace="/moderator", auth={"workshop": world.a.code},
                                 flask_test_client=clients["moderator"])
    assert phone.is_connected("/participant") and staff.is_connected("/moderator")
    snapshot = next(m for m in phone.get_received("/participant") if m["name"] == "snapshot")["args"][0]
    with app.app_context():
        others_hidden = [p.title for p in db.session.scalars(db.select(Proposal).where(
            Proposal.state.in_(("hidden", "pending")), Proposal.participant_id != world.a.participant_id))]
        db.session.remove()
    for proposal in snapshot["proposals"]:
        assert proposal["state"] == "published" or proposal["id"] in (world.a.pending, world.a.hidden)
    assert not any(title in repr(snapshot) for title in others_hidden)
    staff.get_received("/moderator")
    with app.test_request_context():
        # B's events must not reach A's phone; A's hidden proposal reaches it without its text
        moderation.publish(SYSTEM, world.b.id, world.b.pending)
        moderation.hide(SYSTEM, world.b.id, world.b.pending)
        moderation.hide(SYSTEM, world.a.id, world.a.published)
        moderation.publish(SYSTEM, world.a.id, world.a.published)
        db.session.remove()
    got = phone.get_received("/participant")
    proposal_events = [m["args"][0] for m in got if m["name"] == "proposal"]
    assert all(e["id"] != world.b.pending for e in proposal_events), "another workshop's event"
    hidden_events = [e for e in proposal_events if e["state"] != "published"]
    assert hidden_events and all(set(e) <= {"id", "state", "version"} for e in hidden_events)
    assert not any(m["name"] in ("presence", "monitor", "moderator") for m in got)
    staff_events = [m["args"][0] for m in staff.get_received("/moderator") if m["name"] == "proposal"]
    assert any(e.get("title") for e in staff_events if e["state"] == "hidden")
    phone.disconnect("/participant")
    staff.disconnect("/moderator")


def _moderator_account(app, world, email: str) -> int:
    with app.app_context():
        user = User(email=email, role=Role.MODERATOR.value, password_hash="x")
        db.session.add(user)
        db.session.flush()
        db.session.add(WorkshopModerator(workshop_id=world.a.id, user_id=user.id))
        db.session.commit()
        user_id = user.id
        db.session.remove()
    return user_id


def test_signed_out_moderator_loses_the_socket_at_once(app, world):
    user_id = _moderator_account(app, world, "leaving@example.org")
    client = client_as(app, world, "anonymous")
    sign_in(client, app, user_id)
    io = socketio.test_client(app, namespace="/moderator", auth={"workshop": world.a.code},
                              flask_test_client=client)
    assert io.is_connected("/moderator")
    token = client_as(app, world, "anonymous").csrf and _csrf(client)
    assert client.post("/auth/logout", data={"csrf_token": token}).status_code in (302, 303)
    assert not io.is_connected("/moderator")
    again = socketio.test_client(app, namespace="/moderator", auth={"workshop": world.a.code},
                                 flask_test_client=client)
    assert not again.is_connected("/moderator")


def test_demoted_moderator_loses_the_socket_at_once(app, world):
    user_id = _moderator_account(app, world, "demoted@example.org")
    client = client_as(app, world, "anonymous")
    sign_in(client, app, user_id)
    io = socketio.test_client(app, namespace="/moderator", auth={"workshop": world.a.code},
                              flask_test_client=client)
    assert io.is_connected("/moderator")
    with app.test_request_context():
        with tx.write():
            db.session.execute(db.delete(WorkshopModerator).filter_by(user_id=user_id))
        users.change_role(db.session.get(User, user_id), Role.MODERATOR)
        db.session.remove()
    assert not io.is_connected("/moderator")
    assert client.get(f"/moderate/{world.a.code}").status_code in REFUSED


def _csrf(client) -> str:
    from tests.security.conftest import csrf_from
    return csrf_from(client)
