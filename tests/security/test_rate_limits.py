"""Rate limits: 150 phones behind one venue address join and vote within a minute — none
throttled; one participant scripting 100 proposals a minute is throttled without affecting the
others; guessing join tokens is throttled."""
from __future__ import annotations

import secrets

from tests.security.conftest import client_as
from workshop_app.extensions import limiter

VENUE_IP = {"REMOTE_ADDR": "192.168.1.77"}  # every phone on the venue Wi-Fi behind one NAT address


def _phone(app):
    phone = app.test_client()
    phone.environ_base.update(VENUE_IP)
    return phone


def test_150_phones_behind_one_address_join_and_vote(app, world):
    limiter.reset()
    published = world.a.published
    throttled = []
    for n in range(150):
        phone = _phone(app)
        facts = phone.get(f"/api/v1/workshops/{world.a.code}")
        token = facts.get_json()["csrf_token"]
        joined = phone.post(f"/api/v1/workshops/{world.a.code}/join",
                            json={"group": world.a.groups[n % len(world.a.groups)], "name": f"Phone {n}"},
                            headers={"X-CSRFToken": token})
        voted = phone.put(f"/api/v1/rounds/{world.a.open_round}/ballot", json={"votes": {str(published): 1}},
                          headers={"X-CSRFToken": token})
        statuses = (facts.status_code, joined.status_code, voted.status_code)
        if statuses != (200, 201, 200):
            throttled.append((n, statuses))
    assert not throttled, throttled[:5]


def test_a_scripted_proposal_flood_is_throttled_alone(app, world):
    limiter.reset()
    flooder, neighbour = _phone(app), _phone(app)
    tokens = {}
    for phone in (flooder, neighbour):
        token = phone.get(f"/api/v1/workshops/{world.a.code}").get_json()["csrf_token"]
        assert phone.post(f"/api/v1/workshops/{world.a.code}/join", json={"group": world.a.groups[0]},
                          headers={"X-CSRFToken": token}).status_code == 201
        tokens[phone] = token
    statuses = [flooder.post(f"/api/v1/workshops/{world.a.code}/proposals",
                             json={"title": f"Spam {n} {secrets.token_hex(4)}"},
                             headers={"X-CSRFToken": tokens[flooder]}).status_code for n in range(100)]
    assert statuses.count(429) >= 50, statuses
    assert statuses[0] == 201
    # the neighbour, same address, still proposes; the HTML form path is throttled the same way
    response = neighbour.post(f"/api/v1/workshops/{world.a.code}/proposals", json={"title": "Mein Vorschlag"},
                              headers={"X-CSRFToken": tokens[neighbour]})
    assert response.status_code == 201
    form = flooder.post(f"/w/{world.a.code}/proposals", data={"title": "noch mehr", "csrf_token": tokens[flooder]})
    assert form.status_code == 429
    limiter.reset()


def test_guessing_join_tokens_is_throttled(app, world):
    limiter.reset()
    guesser = _phone(app)
    token = guesser.get(f"/api/v1/workshops/{world.a.code}").get_json()["csrf_token"]
    statuses = [guesser.get(f"/j/{secrets.token_hex(4).upper()}").status_code for _ in range(40)]
    assert 404 in statuses and statuses[-1] == 429, statuses
    # a guesser of printed tokens through the API is stopped too
    limiter.reset()
    statuses = [guesser.post(f"/api/v1/workshops/{world.a.code}/join",
                             json={"group": world.a.groups[0], "token": secrets.token_hex(4).upper()},
                             headers={"X-CSRFToken": token}).status_code for _ in range(40)]
    assert statuses[-1] == 429, statuses
    # a valid code still works for the guesser's address, the whole venue behind NAT (issue 13)
    phone = _phone(app)
    assert phone.get(f"/j/{world.a.code}").status_code == 200
    assert phone.get(f"/api/v1/workshops/{world.a.code}").status_code == 200
    limiter.reset()


def test_sign_in_guessing_is_throttled(app, world):
    limiter.reset()
    client = client_as(app, world, "anonymous")
    statuses = [client.post("/auth/login", data={"email": "organizer@example.org", "password": f"guess{n}",
                                                 "csrf_token": client.csrf}).status_code for n in range(12)]
    assert statuses[-1] == 429, statuses
    limiter.reset()
