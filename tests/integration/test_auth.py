"""Sign-in for organizers and moderators: clear messages, rate limits, real sign-out."""
from __future__ import annotations

import pytest

from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import User


@pytest.fixture
def client(app):
    """These tests read the German messages, the product's default language."""
    german = app.test_client()
    german.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de"
    return german


def _post_login(client, email, password, **extra):
    token = csrf_token_from(client.get("/auth/login"))
    return client.post("/auth/login", data={"email": email, "password": password,
                                            "csrf_token": token, **extra})


def test_login_and_logout(client, make_user):
    make_user()
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/organize/")
    assert client.get("/organize/").status_code == 200
    page = client.get("/organize/")
    response = client.post("/auth/logout", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert client.get("/organize/").status_code == 302  # back to the sign-in page


def test_logout_invalidates_the_session_server_side(client, make_user, app):
    make_user()
    login(client)
    stolen_cookie = client.get_cookie("session").value
    client.post("/auth/logout", data={"csrf_token": csrf_token_from(client.get("/organize/"))})
    other = app.test_client()
    other.set_cookie("session", stolen_cookie)
    assert other.get("/organize/").status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_clear_message(client, make_user):
    make_user()
    for email, password in (("nobody@example.org", DEFAULT_PASSWORD),
                            ("organizer@example.org", "wrong password")):
        response = _post_login(client, email, password)
        assert response.status_code == 400
        assert b"E-Mail-Adresse oder Passwort ist falsch." in response.data
    assert client.get("/organize/").status_code == 302


def test_overlong_field_is_rejected_with_a_message(client, make_user):
    make_user()
    response = _post_login(client, "a" * 300 + "@example.org", DEFAULT_PASSWORD)
    assert response.status_code == 400
    assert "Höchstens 254 Zeichen.".encode() in response.data


def test_missing_csrf_token_is_rejected_and_changes_nothing(client, make_user, app):
    make_user()
    with app.app_context():
        before = db.session.scalar(db.select(User.session_token))
    response = client.post("/auth/login", data={"email": "organizer@example.org",
                                                "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert b"Formular ist abgelaufen" in response.data
    assert client.get("/organize/").status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(User.session_token)) == before


def test_failed_logins_are_rate_limited_per_account(client, make_user, app):
    make_user()
    make_user(email="other@example.org")
    for _ in range(10):
        assert _post_login(client, "organizer@example.org", "wrong").status_code == 400
    response = _post_login(client, "organizer@example.org", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert b"Zu viele Versuche" in response.data
    # Another account from the same address is not affected (a venue shares one address).
    assert _post_login(client, "other@example.org", DEFAULT_PASSWORD).status_code == 302


def test_password_is_stored_as_scrypt_hash(ctx, make_user):
    user = make_user()
    assert user.password_hash.startswith("scrypt:")
    assert DEFAULT_PASSWORD not in user.password_hash


def test_create_user_command(runner, app):
    result = runner.invoke(args=["create-user", "new@example.org", "--role", "moderator"],
                           input="long enough password\nlong enough password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email="new@example.org"))
        assert user.role == "moderator" and user.check_password("long enough password")
    result = runner.invoke(args=["create-user", "new@example.org"], input="x" * 12 + "\n" + "x" * 12 + "\n")
    assert result.exit_code != 0 and "email_taken" in result.output


def test_create_api_key_prints_the_key_last(runner, app, make_user):
    from workshop_app.models import Role

    make_user(email="admin@example.org", role=Role.ADMIN)
    result = runner.invoke(args=["create-api-key"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith("zwk_")
    response = app.test_client().get("/api/v1/processes", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    from workshop_app.models import ApiKey

    with app.app_context():  # the use is recorded, in its own committed write
        assert db.session.scalar(db.select(ApiKey.last_used_at)) is not None
