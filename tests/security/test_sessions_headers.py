"""Sessions and headers: cookie flags; sign-out invalidates the session on the server (a copied
cookie is dead); CSP, nosniff, Referrer-Policy and frame-ancestors on every HTML response; no
session data in URLs."""
from __future__ import annotations

import re

from tests.security.conftest import PASSWORD
from workshop_app.extensions import db
from workshop_app.models import User


def _set_cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def _real_login(app, client, email="signs-out@example.org"):
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        if user is None:  # an account of its own, so that signing out leaves the world's intact
            user = User(email=email, role="organizer")
            db.session.add(user)
        user.set_password(PASSWORD)  # the world shares one hash; make sure it is this password
        db.session.commit()
        db.session.remove()
    page = client.get("/auth/login")
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page.data) or \
        re.search(rb'name="csrf-token" content="([^"]+)"', page.data)
    return client.post("/auth/login", data={"email": email, "password": PASSWORD,
                                            "csrf_token": token.group(1).decode()})


def test_session_and_participant_cookie_flags(app, world):
    client = app.test_client()
    response = _real_login(app, client)
    assert response.status_code == 302
    session_cookie = _set_cookies(response)[app.config.get("SESSION_COOKIE_NAME", "session")]
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    phone = app.test_client()
    facts = phone.get(f"/api/v1/workshops/{world.a.code}").get_json()
    joined = phone.post(f"/api/v1/workshops/{world.a.code}/join", json={"group": world.a.groups[0]},
                        headers={"X-CSRFToken": facts["csrf_token"]})
    cookie = _set_cookies(joined)[f"{app.config['PARTICIPANT_COOKIE_NAME']}_{world.a.id}"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    secure = app.test_client().get("/", base_url="https://localhost")
    assert secure.status_code == 200
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["REMEMBER_COOKIE_HTTPONLY"]


def test_production_demands_secure_cookies():
    import pytest

    from workshop_app.config import UnsafeConfiguration, check_production
    with pytest.raises(UnsafeConfiguration):
        check_production({"SECRET_KEY": "x" * 40, "SESSION_COOKIE_SECURE": False})


def test_sign_out_kills_the_session_on_the_server(app, world):
    client = app.test_client()
    assert _real_login(app, client).status_code == 302
    stolen = client.get_cookie("session").value  # a copy of the cookie, e.g. from a shared PC
    assert client.get("/organize/").status_code == 200
    token = re.search(rb'name="csrf-token" content="([^"]+)"', client.get("/organize/").data).group(1)
    assert client.post("/auth/logout", data={"csrf_token": token.decode()}).status_code in (302, 303)
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    response = replay.get("/organize/")
    assert response.status_code in (302, 401), "the old cookie still works after sign-out"


def test_security_headers_on_every_html_response(crawled):
    failures = []
    for role in ("anonymous", "participant", "moderator", "organizer"):
        for page in crawled(role):
            headers = page.headers
            if headers.get("X-Content-Type-Options") != "nosniff":
                failures.append(f"{role} {page.route}: no nosniff")
            if page.mimetype != "text/html":
                continue
            csp = headers.get("Content-Security-Policy", "")
            missing = [name for name, ok in (
                ("script-src 'self'", "script-src 'self'" in csp and "unsafe-inline" not in csp),
                # the console's live miniature of its screen may be framed by the console only
                ("frame-ancestors 'none'", "frame-ancestors 'none'" in csp or (
                    "(moderator.screen_preview)" in str(page.route) and "frame-ancestors 'self'" in csp)),
                ("object-src 'none'", "object-src 'none'" in csp),
                ("Referrer-Policy", headers.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                                                      "strict-origin")),
                ("no-store", "no-store" in headers.get("Cache-Control", "")),
            ) if not ok]
            if missing:
                failures.append(f"{role} {page.route} {page.status}: {missing}")
    assert not failures, "\n".join(failures[:20])


def test_no_session_data_in_urls(world, clients, crawled):
    """Links and redirects never carry session ids, participant secrets or CSRF tokens."""
    secrets_ = [world.a.participant_secret, world.b.participant_secret, clients["participant"].csrf,
                clients["organizer"].csrf]
    for role in ("participant", "organizer", "moderator"):
        cookie = clients[role].get_cookie("session")
        secrets_here = secrets_ + ([cookie.value] if cookie else [])
        for page in crawled(role):
            urls = re.findall(r'(?:href|src|action)="([^"]*)"', page.body) if page.mimetype == "text/html" else []
            for url in [*urls, page.headers.get("Location", "")]:
                assert not any(secret in url for secret in secrets_here), (role, page.route, url[:80])
                assert not re.search(r"[?&](session|sid|token|csrf_token)=", url), (role, page.route, url[:80])
