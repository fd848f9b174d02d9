"""Oversized and malformed input: bodies over the limit (413), socket messages over the limit
(client dropped, server healthy), malformed JSON, wrong types, extra fields such as
"role": "moderator" (ignored), invalid UTF-8, NUL bytes — and property-based fuzzing of every
form and API endpoint: never a 5xx, and the invariants hold (no account, role or session
changes; ballots within budget; database intact)."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.conftest import MUTATING, all_inputs, client_as, fingerprint, integrity_ok, routes, send
from workshop_app.extensions import db, limiter, socketio
from workshop_app.models import Ballot, Vote, VotingRound

# (organizer.user_*: the admin's account actions rotate sessions by design; tested in test_pentest_accounts)
SKIP_WRITES = ("delete", "revoke", "anonymise", "logout", "withdraw", "reset", "moderator_link", "import",
               "organizer.user_")


@pytest.fixture(scope="module")
def admin(app, world):
    client = client_as(app, world, "admin")
    client.set_cookie(f"{app.config['PARTICIPANT_COOKIE_NAME']}_{world.a.id}", world.a.participant_secret)
    return client


def _accounts(app):
    counts = fingerprint(app)
    return counts["users"], counts["roles"], counts["sessions"], counts["workshop_moderators"]


def _ballots_within_budget(app) -> bool:
    with app.app_context():
        rows = db.session.execute(db.select(VotingRound.budget, VotingRound.max_per_proposal,
                                            db.func.sum(Vote.value), db.func.max(Vote.value))
                                  .join(Ballot, Ballot.round_id == VotingRound.id)
                                  .join(Vote, Vote.ballot_id == Ballot.id)
                                  .where(VotingRound.method == "dots")
                                  .group_by(Ballot.id, VotingRound.budget, VotingRound.max_per_proposal)).all()
        db.session.remove()
    return all(total <= budget and top <= cap for budget, cap, total, top in rows)


def test_bodies_over_the_limit_get_413(app, world, admin):
    limit = app.config["MAX_CONTENT_LENGTH"]
    big = "x" * (limit + 1)
    for route in routes(app, world, methods=MUTATING):
        if route.endpoint.endswith("import_archive") or route.endpoint.endswith("import_process"):
            continue  # the archive import has its own, larger limit
        response = send(admin, route, data=big, headers={"Content-Type": "application/json",
                                                         "X-CSRFToken": admin.csrf})
        assert response.status_code == 413, route


def test_malformed_json_and_wrong_types(app, world, admin):
    before = _accounts(app)
    bodies = [b"{", b"[1,2", b"null", b"[]", b'"text"', b"1e999999", b'{"title": }', b"\xff\xfe{}",
              b'{"title": "\xc3\x28"}', b'{"title": "a\\u0000b"}', b'{"votes": "all"}',
              b'{"votes": {"1": "9999999999999999999999"}}', b'{"votes": [1,2,3]}', b'{"group": {"$gt": ""}}',
              b'{"title": ["x"], "body": {"a": 1}, "field": true, "into": "1 OR 1=1"}', b"\x00" * 64,
              b'{"role": "moderator", "is_admin": true, "workshop_id": 999999, "participant_id": 1}']
    for route in routes(app, world, methods=MUTATING):
        if any(word in route.endpoint for word in SKIP_WRITES) or not route.url.startswith("/api/"):
            continue
        for body in bodies:
            response = admin.open(route.url, method=route.method, data=body,
                                  headers={"Content-Type": "application/json", "X-CSRFToken": admin.csrf})
            assert response.status_code < 500, (str(route), body)
            assert (response.is_json and "error" in response.get_json()) or response.status_code < 300, \
                (str(route), body, response.status_code)
    limiter.reset()
    assert _accounts(app) == before
    assert integrity_ok(app) and _ballots_within_budget(app)


def test_forms_with_invalid_utf8_and_nul_bytes(app, world, admin):
    for route in routes(app, world, methods={"POST"}):
        if any(word in route.endpoint for word in SKIP_WRITES) or route.url.startswith("/api/"):
            continue
        body = b"csrf_token=" + admin.csrf.encode() + b"&title=%FF%FE%00x&name=a%00b&body=%C3%28&group=%00"
        response = admin.post(route.url, data=body,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status_code < 500, route
    limiter.reset()
    assert integrity_ok(app)


def test_extra_fields_are_ignored(app, world):
    phone = client_as(app, world, "anonymous")
    facts = phone.get(f"/api/v1/workshops/{world.a.code}").get_json()
    response = phone.post(f"/api/v1/workshops/{world.a.code}/join",
                          json={"group": world.a.groups[0], "name": "Eve", "role": "moderator",
                                "is_admin": True, "workshop_id": world.b.id, "id": 1},
                          headers={"X-CSRFToken": facts["csrf_token"]})
    assert response.status_code == 201
    assert phone.get(f"/moderate/{world.a.code}").status_code in (302, 401, 403)
    assert phone.get(f"/api/v1/workshops/{world.a.code}/console").status_code in (401, 403)
    assert phone.get(f"/api/v1/workshops/{world.b.code}/state").status_code == 401


def test_socket_message_over_the_limit_drops_the_client(app, world):
    io = socketio.test_client(app, namespace="/participant", auth={"workshop": world.a.code,
                                                                   "token": world.a.participant_secret})
    assert io.is_connected("/participant")
    huge = "x" * (app.config["SOCKETIO_MAX_MESSAGE_BYTES"] * 4)
    io.emit("anything", {"blob": huge}, namespace="/participant")  # no handler: pushes are one-way
    for auth in ({"workshop": "x" * 100_000}, {"workshop": ["list"]}, "not a dict", None, {"token": 5}):
        other = socketio.test_client(app, namespace="/participant", auth=auth)
        assert not other.is_connected("/participant")
    assert app.test_client().get("/healthz").status_code == 200
    assert app.config["SOCKETIO_MAX_MESSAGE_BYTES"] <= 64 * 1024
    engine = socketio.server.eio
    assert engine.max_http_buffer_size == app.config["SOCKETIO_MAX_MESSAGE_BYTES"]
    io.disconnect("/participant")


# --- fuzzing -----------------------------------------------------------------------------------

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70)
    | st.floats(allow_nan=True) | st.text(max_size=300),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=8)


@pytest.fixture(scope="module")
def fuzz_targets(app, world):
    found = [r for r in routes(app, world) if not any(word in r.endpoint for word in SKIP_WRITES)]
    return found, sorted(all_inputs(app))


def test_fuzz_every_form_and_api_endpoint(app, world, admin, fuzz_targets):
    targets, fields = fuzz_targets
    before = _accounts(app)

    @settings(max_examples=int(os.environ.get("ZW_FUZZ_EXAMPLES", 80)), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(route=st.sampled_from(targets),
           body=st.dictionaries(st.sampled_from(fields) | st.text(max_size=8), JSONISH, max_size=6),
           as_json=st.booleans())
    def fuzz(route, body, as_json):
        if route.method == "GET":
            query = {k: str(v)[:200] for k, v in body.items()}
            response = admin.get(route.url, query_string=query)
        elif route.url.startswith("/api/") or as_json:
            response = send(admin, route, csrf=admin.csrf, json=body)
        else:
            form = {k: (v if isinstance(v, str) else str(v)) for k, v in body.items()}
            response = send(admin, route, csrf=admin.csrf, data=form)
        assert response.status_code < 500, (str(route), body, response.status_code)

    fuzz()
    limiter.reset()
    assert _accounts(app) == before
    assert integrity_ok(app) and _ballots_within_budget(app)
