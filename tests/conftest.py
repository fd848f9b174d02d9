"""Shared fixtures. Integration tests run once on SQLite and once on the real PostgreSQL.

PostgreSQL is never skipped silently: when it cannot be reached the PostgreSQL tests fail and
say why (CI starts the server in .ci/run).
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from testkit import builders
from testkit.builders import share_processes_with_organizers
from testkit.servers import app_in
from workshop_app import create_app
from workshop_app.extensions import db

PG_ADMIN_URL = os.environ.get("ZW_TEST_PG_ADMIN", "postgresql://127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgres")


def pytest_addoption(parser):
    parser.addoption("--backend", action="append", choices=BACKENDS,
                     help="limit integration tests to a database backend (repeatable)")


def pytest_configure(config):
    config.addinivalue_line("markers", "backends(*names): run only on these database backends")


#: Modules that start real server processes: they run serially (not under xdist), so that their
#: timing bounds measure the app and not a neighbour test hogging both cores.
SERIAL_MODULES = {"test_ballot_race.py", "test_durability.py", "test_scale_out.py", "test_wheel.py",
                  "test_pentest_server.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in SERIAL_MODULES:
            item.add_marker(pytest.mark.slow)


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("backend") or list(BACKENDS)
        marker = metafunc.definition.get_closest_marker("backends")
        if marker:
            chosen = [name for name in chosen if name in marker.args]
        metafunc.parametrize("backend", chosen, scope="session")


def _pg_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test run (and xdist worker), dropped at the end."""
    name = f"zw_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        _pg_execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # noqa: BLE001 — report any connection problem the same way
        pytest.fail(f"PostgreSQL at {PG_ADMIN_URL} is required for these tests: {error}")
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _pg_schema(request):
    """Create the PostgreSQL schema once; tests then truncate instead of recreating."""
    url = request.getfixturevalue("postgres_url")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x" * 32})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


def _database_uri(backend: str, request, tmp_path: Path) -> str:
    if backend == "postgres":
        return request.getfixturevalue("_pg_schema")
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


class EnglishClient(FlaskClient):
    """Test clients read English unless a test asks for another language: the msgids are
    English, while the German wording (the product's default) is the translators' to refine."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base.setdefault("HTTP_ACCEPT_LANGUAGE", "en")


def make_app(uri: str, instance: Path, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": uri,
        "SECRET_KEY": "test-secret-key-" + "x" * 32,
        "SOCKETIO_ASYNC_MODE": "threading",
        "RATELIMIT_ENABLED": True,
        "SERVER_NAME": None,
        **overrides,
    }
    application = app_in(instance, config)
    application.test_client_class = EnglishClient
    return application


@pytest.fixture
def app_config():
    """Override in a test module to change the app's configuration."""
    return {}


@pytest.fixture
def app(backend, request, tmp_path, app_config):
    uri = _database_uri(backend, request, tmp_path)
    application = make_app(uri, tmp_path / "instance", **app_config)
    with application.app_context():
        if backend == "sqlite":
            db.create_all()
        else:
            _truncate_all()
    yield application
    application.extensions["zw_broadcaster"].stop()
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(db.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An application context for calling services directly."""
    with app.test_request_context():
        yield app


# --- domain fixtures shared by the integration tests -------------------------------------------

DEFAULT_PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_user(ctx):
    from workshop_app.models import Role
    from workshop_app.services import users

    def _make(email="organizer@example.org", role=Role.ORGANIZER, password=DEFAULT_PASSWORD):
        user = users.create_user(email, password, role=Role(role))
        share_processes_with_organizers()
        return user

    return _make


@pytest.fixture
def make_workshop(ctx):
    """A process from the Familiengerechte-Kommune template with an open workshop in it."""
    from workshop_app.domain.phases import WorkshopState

    def _make(title="Auftaktworkshop", state=WorkshopState.OPEN, **options):
        process = builders.new_process()
        share_processes_with_organizers()
        workshop, secret = builders.new_workshop(process, title=title, state=state, **options)
        workshop.moderator_secret = secret  # the plain secret, for tests only
        return workshop

    return _make


def login(client, email="organizer@example.org", password=DEFAULT_PASSWORD):
    """Sign in through the real form, CSRF token included."""
    page = client.get("/auth/login")
    return client.post("/auth/login", data={"email": email, "password": password,
                                            "csrf_token": csrf_token_from(page)})


def csrf_token_from(response) -> str:
    import re

    match = re.search(rb'name="csrf-token" content="([^"]+)"', response.data) or \
        re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', response.data) or \
        re.search(rb'name="csrf_token" value="([^"]+)"', response.data)
    assert match, "page carries no CSRF token"
    return match.group(1).decode()
