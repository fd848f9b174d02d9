"""CSRF: every state-changing route (from app.url_map) refuses a request without a token and
with another session's token — 400, nothing written; GET routes never write; a form left open
for four hours still submits."""
from __future__ import annotations

import time

import pytest
from itsdangerous import TimestampSigner

from tests.security.conftest import MUTATING, client_as, fingerprint, routes, send

# A client that is everyone at once (admin session + participant cookie of workshop A), so that a
# refusal can only come from the missing token, not from authorisation.
ROLE = "admin"


@pytest.fixture(scope="module")
def everyone(app, world):
    client = client_as(app, world, ROLE)
    client.set_cookie(f"{app.config['PARTICIPANT_COOKIE_NAME']}_{world.a.id}", world.a.participant_secret)
    return client


def _form_or_json(route):
    """A plausible body, so that only the token is missing."""
    if route.url.startswith("/api/"):
        return {"json": {"title": "Ein Ziel", "votes": {}, "group": "politik", "phase": "collect"}}
    return {"data": {"title": "Ein Ziel", "group": "politik", "phase": "collect", "confirm": "x"}}


def test_every_mutating_route_needs_a_token(app, world, everyone):
    mutating = routes(app, world, methods=MUTATING)
    assert len(mutating) >= 60, "the route enumeration found too few state-changing routes"
    before = fingerprint(app)
    other = client_as(app, world, "organizer")  # another session's (valid) token
    failures = []
    for route in mutating:
        for token in (None, other.csrf):
            response = send(everyone, route, csrf=token, **_form_or_json(route))
            if response.status_code != 400:
                failures.append(f"{route} token={'other' if token else 'none'} → {response.status_code}")
            elif route.url.startswith("/api/"):
                assert response.get_json()["error"]["code"] == "csrf_failed", route
    assert not failures, "\n".join(failures)
    assert fingerprint(app) == before


def test_the_form_field_token_of_another_session_is_refused(app, world, everyone):
    other = client_as(app, world, "participant")
    before = fingerprint(app)
    response = everyone.post(f"/w/{world.a.code}/proposals",
                             data={"title": "Fremder Token", "csrf_token": other.csrf})
    assert response.status_code == 400
    assert fingerprint(app) == before


def test_get_routes_never_write(app, world, everyone):
    """As a visitor who may see everything (so every view really runs); the role matrix in
    test_authorization repeats this for every other role."""
    before = fingerprint(app)
    for route in routes(app, world, methods={"GET"}):
        response = send(everyone, route)
        assert response.status_code < 500, route
    assert fingerprint(app) == before  # redeeming a moderator link (GET /m/…) writes the session only


def test_a_form_left_open_for_four_hours_still_submits(app, world, monkeypatch):
    client = client_as(app, world, "participant")
    token = client.csrf  # rendered now …
    later = int(time.time()) + 4 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)  # … sent 4 h later
    before = fingerprint(app)["proposals"]
    response = client.post(f"/w/{world.a.code}/proposals",
                           data={"title": "Nach der Mittagspause", "csrf_token": token})
    assert response.status_code in (302, 303), response.data[:500]
    assert fingerprint(app)["proposals"] == before + 1
