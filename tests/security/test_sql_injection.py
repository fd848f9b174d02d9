"""SQL injection: payloads in every input — path parameters, every query parameter a view reads
(sort/filter/search included), every form and JSON field — never give a 5xx, never take
measurably longer than a benign value of the same length, and leave the database intact."""
from __future__ import annotations

import time

import pytest

from tests.security.conftest import (
    MUTATING,
    all_inputs,
    client_as,
    fingerprint,
    integrity_ok,
    query_parameters,
    routes,
    send,
)
from workshop_app.extensions import limiter

SQL = [
    "' OR '1'='1", "' OR 1=1--", "1 OR 1=1", "\" OR \"\"=\"", "admin'--", "1); DROP TABLE proposals;--",
    "'; DROP TABLE users; --", "' UNION SELECT secret_hash, NULL FROM participants--",
    "1 UNION SELECT password_hash FROM users", "%' AND 1=0 UNION SELECT 1--", "1' ORDER BY 99--",
    "'; SELECT pg_sleep(2);--", "' || pg_sleep(2) || '", "1 AND SLEEP(2)", "' AND randomblob(400000000)--",
    "'||(SELECT CASE WHEN 1=1 THEN randomblob(400000000) END)||'", "\\'; --", "ʼ OR 1=1--", "id DESC; --",
    "title,(SELECT 1)", "1e309", "-1", "0x41", "NULL", "*", "%", "_",
]
SLOW = ["'; SELECT pg_sleep(2);--", "1 AND SLEEP(2)", "'||(SELECT CASE WHEN 1=1 THEN randomblob(400000000) END)||'"]
SKIP_WRITES = ("delete", "revoke", "anonymise", "logout", "withdraw", "reset", "moderator_link")


@pytest.fixture(scope="module")
def admin(app, world):
    client = client_as(app, world, "admin")
    client.set_cookie(f"{app.config['PARTICIPANT_COOKIE_NAME']}_{world.a.id}", world.a.participant_secret)
    return client


def _rows(app):
    counts = fingerprint(app)
    return {k: v for k, v in counts.items() if isinstance(v, int)}


def test_query_and_path_parameters(app, world, admin):
    params = sorted(query_parameters())
    assert {"q", "page", "process", "year"} <= set(params)
    before = _rows(app)
    failures = []
    for n, route in enumerate(routes(app, world, methods={"GET"})):
        for payload in (SQL[n % len(SQL)],):  # rotating: every payload meets many routes
            query = dict.fromkeys(params, payload)
            response = admin.get(route.url, query_string=query)
            if response.status_code >= 500:
                failures.append(f"{route} ?…={payload!r}: {response.status_code}")
    # string path parameters (codes, secrets, formats, group keys) carry the payload themselves
    for payload in SQL[::2]:
        for url in (f"/w/{payload}", f"/j/{payload}", f"/screen/{payload}", f"/m/{payload}",
                    f"/api/v1/workshops/{payload}", f"/api/v1/workshops/{world.a.code}/export/{payload}",
                    f"/moderate/{payload}", f"/organize/workshops/{payload}"):
            response = admin.get(url.replace("#", "%23").replace("?", "%3F"))
            if response.status_code >= 500:
                failures.append(f"{url}: {response.status_code}")
    limiter.reset()
    assert not failures, "\n".join(failures[:30])
    assert _rows(app) == before
    assert integrity_ok(app)


def test_form_and_json_fields(app, world, admin):
    fields = sorted(all_inputs(app))
    assert {"title", "body", "name", "group", "votes", "email"} <= set(fields)
    before = _rows(app)
    failures = []
    for n, route in enumerate(routes(app, world, methods=MUTATING)):
        if any(word in route.endpoint for word in SKIP_WRITES):
            continue
        payload = SQL[n % len(SQL)]
        body = dict.fromkeys(fields, payload)
        if route.url.startswith("/api/"):
            response = send(admin, route, csrf=admin.csrf, json=body)
        else:
            response = send(admin, route, csrf=admin.csrf, data=body)
        if response.status_code >= 500:
            failures.append(f"{route} {payload!r}: {response.status_code}")
    limiter.reset()
    assert not failures, "\n".join(failures)
    after = _rows(app)
    for table in ("users", "workshops", "workshop_moderators", "stakeholder_groups", "ballots", "votes"):
        assert after[table] >= before[table], table  # nothing dropped or deleted by a payload
    assert after["users"] == before["users"]
    assert integrity_ok(app)


def _timed(client, method, url, **kwargs) -> float:
    start = time.perf_counter()
    response = client.open(url, method=method, **kwargs)
    assert response.status_code < 500, (url, response.status_code)
    return time.perf_counter() - start


def test_no_timing_anomaly(app, world, admin):
    """Sleep and heavy-function payloads cost what a benign text of the same length costs."""
    targets = [
        ("GET", f"/api/v1/workshops/{world.a.code}/similar", lambda v: {"query_string": {"q": v}}),
        ("GET", "/organize/audit", lambda v: {"query_string": {"action": v, "process": v, "page": v}}),
        ("POST", f"/api/v1/workshops/{world.a.code}/join",
         lambda v: {"json": {"group": v, "name": v, "token": v}, "headers": {"X-CSRFToken": admin.csrf}}),
    ]
    anonymous = client_as(app, world, "anonymous")
    for method, url, build in targets:
        client = anonymous if "join" in url else admin
        for payload in SLOW:
            benign = ("x" * len(payload))
            baseline = _timed(client, method, url, **build(benign))
            attacked = _timed(client, method, url, **build(payload))
            # generous: a 2-second sleep or a 400 MB blob would blow well past this
            assert attacked < baseline + 1.5, (url, payload, baseline, attacked)
        limiter.reset()
    assert integrity_ok(app)
