"""Pages, languages, headers and error pages of the foundation."""
from __future__ import annotations

import pytest

from workshop_app.security import CONTENT_SECURITY_POLICY

GERMAN = {"Accept-Language": "de"}


def test_start_page_is_german_by_default(client):
    response = client.get("/", headers={"Accept-Language": ""})
    assert response.status_code == 200
    assert b'<html lang="de" dir="ltr">' in response.data
    assert b"An einem Workshop teilnehmen" in response.data


def test_accept_language_picks_english(client):
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert b'<html lang="en"' in response.data
    assert b"Join a workshop" in response.data


def test_language_switch_is_remembered_and_only_redirects_locally(client):
    client.get("/lang/de")
    assert b'lang="de"' in client.get("/").data
    response = client.get("/lang/en?next=/privacy")
    assert response.status_code == 302 and response.headers["Location"] == "/privacy"
    assert b'lang="en"' in client.get("/", headers={"Accept-Language": "de"}).data
    for evil in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        assert client.get("/lang/de", query_string={"next": evil}).headers["Location"] == "/"
    client.get("/lang/xx")  # unknown languages are ignored
    assert b'lang="de"' in client.get("/").data


def test_security_headers_on_every_html_response(client):
    for path in ("/", "/privacy", "/auth/login", "/does-not-exist"):
        headers = client.get(path).headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_not_found_is_a_friendly_translated_page(client):
    response = client.get("/nothing-here", headers=GERMAN)
    assert response.status_code == 404
    assert b"Diese Seite gibt es nicht" in response.data
    assert b"Traceback" not in response.data


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"]


def test_oversized_body_gets_413_with_message(client):
    response = client.post("/auth/login", data={"email": "a" * 300_000}, headers=GERMAN)
    assert response.status_code == 413
    assert "zu groß".encode() in response.data


@pytest.fixture
def app_config():
    return {"PROPAGATE_EXCEPTIONS": False}


def test_unexpected_error_never_shows_a_stack_trace(app, client):
    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom-for-test", headers=GERMAN)
    assert response.status_code == 500
    assert b"secret internals" not in response.data and b"Traceback" not in response.data
    assert b"etwas schiefgegangen" in response.data


def test_health_check(client):
    assert client.get("/healthz").json == {"status": "ok"}
