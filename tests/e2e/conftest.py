"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser)."""
from __future__ import annotations

from pathlib import Path

import pytest

from testkit import browser as chromium  # the module; `browser` is the fixture below
from testkit.browser import CHROMIUM_ARGS
from testkit.servers import TEST_SECRET, start_server

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def chromium_path() -> str:
    try:
        return chromium.chromium_path()
    except FileNotFoundError:
        pytest.fail("Debian's chromium is required for e2e tests (apt-get install chromium)")


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class DemoServer:
    """A running server with the demo workshop, and the facts tests need to drive it."""

    def __init__(self, process, demo, database_uri, screen_secret):
        self.process = process
        self.url = process.url
        self.database_uri = database_uri
        self.workshop_code = demo.workshop.join_code
        self.screen_url = f"{process.url}/screen/{screen_secret}"
        self.moderator_url = f"{process.url}/m/{demo.moderator_secret}"
        self.organizer_email = demo.email
        self.organizer_password = demo.password

    def app(self):
        """An app bound to the server's database, for arranging data in tests."""
        from tests.conftest import make_app

        return make_app(self.database_uri, self.process.instance)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.conftest import make_app
    from workshop_app.extensions import db
    from workshop_app.services.demo import ensure_demo

    instance = tmp_path_factory.mktemp("e2e-instance")
    uri = f"sqlite:///{instance / 'e2e.sqlite'}"
    app = make_app(uri, instance, SECRET_KEY=TEST_SECRET)
    with app.test_request_context():
        db.create_all()
        demo = ensure_demo(str(instance))
        # The screen secret is stored sealed: unseal it while the app (and its key) is at hand.
        _, screen_secret = demo.workshop.join_code, demo.workshop.screen_secret
    app.extensions["zw_broadcaster"].stop()
    process = start_server(uri, instance=instance, create=False)
    yield DemoServer(process, demo, uri, screen_secret)
    process.stop()


@pytest.fixture
def new_context(browser):
    contexts = []

    def _new(**options):
        context = browser.new_context(**{"locale": "de-DE", **options})
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def new_phone(new_context):
    def _new(javascript_enabled: bool = True, locale: str = "de-DE"):
        context = new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                              has_touch=True, java_script_enabled=javascript_enabled, locale=locale)
        return context.new_page()

    return _new


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
