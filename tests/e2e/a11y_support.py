"""Shared helpers of the accessibility, keyboard, reflow and RTL browser tests.

The demo server is driven like in the room: the moderator side through the JSON API with an API
key (so the server publishes its events), the phones through the browser.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

ALL_LANGUAGES = "de,en,uk,ar,fa,tr,ru"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def all_languages_env():
    """The installation offers all seven languages (the server subprocess inherits the env)."""
    previous = os.environ.get("LANGUAGES")
    os.environ["LANGUAGES"] = ALL_LANGUAGES
    yield
    if previous is None:
        os.environ.pop("LANGUAGES", None)
    else:
        os.environ["LANGUAGES"] = previous


def api_key(server) -> str:
    from workshop_app.extensions import db
    from workshop_app.models import User
    from workshop_app.services.apikeys import create_api_key
    from workshop_app.services.plumbing.audit import SYSTEM

    app = server.app()
    with app.test_request_context():
        user = db.session.scalar(db.select(User).filter_by(email=server.organizer_email))
        _record, key = create_api_key(SYSTEM, user, name="e2e accessibility")
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    return key


class Api:
    """The moderator/organizer JSON API of the running server."""

    def __init__(self, server):
        self.base = server.url + "/api/v1"
        self.headers = {"Authorization": f"Bearer {api_key(server)}"}

    def __call__(self, method: str, path: str, body=None):
        response = requests.request(method, self.base + path, json=body, headers=self.headers, timeout=10)
        assert response.ok, (method, path, response.status_code, response.text)
        return response.json() if response.content else None


def set_language(page, base_url: str, code: str) -> None:
    page.goto(f"{base_url}/lang/{code}?next=/")
    expect(page.locator("html")).to_have_attribute("lang", code)


def login(page, server) -> None:
    page.goto(f"{server.url}/auth/login")
    page.locator('input[name="email"]').fill(server.organizer_email)
    page.locator('input[name="password"]').fill(server.organizer_password)
    page.locator('form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/organize/"))


def join(page, server, group: str = "zivilgesellschaft", name: str | None = None) -> None:
    page.goto(f"{server.url}/j/{server.workshop_code}")
    page.locator(f'input[name="group"][value="{group}"]').check()
    if name is not None:
        page.locator('input[name="name"]').fill(name)
    page.locator('form button[type="submit"]').last.click()
    expect(page).to_have_url(re.compile(rf"/w/{server.workshop_code}"))


def axe_context(browser, **options):
    """A browser context with axe-core injected by the browser (an init script, not served by the
    app and not subject to the app's CSP)."""
    context = browser.new_context(**options)
    context.add_init_script(path=str(AXE))
    return context


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const status = performance.getEntriesByType('navigation')[0].responseStatus;
  if (status >= 500) return [{id: 'http-' + status, impact: 'critical', help: 'the page failed', nodes: []}];
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
}"""


def serious_findings(page) -> list[dict]:
    return page.evaluate(AXE_RUN)


def serious_findings_in_parallel(pages: list, url: str) -> list[list[dict]]:
    """Load ``url`` in several pages (one per browser context, hence per renderer process) and
    run axe in all of them at once: the same checks in a third of the time."""
    for page in pages:
        page.evaluate("url => { window.location.assign(url) }", url)
    for page in pages:
        page.wait_for_url(url, wait_until="load")
        page.evaluate("run => { window.__axeResult = null; (0, eval)('(' + run + ')')()"
                      ".then(r => { window.__axeResult = r }) }", AXE_RUN)
    return [page.wait_for_function("() => window.__axeResult", timeout=30_000).json_value()
            for page in pages]


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0 = it reflows)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


UNREACHABLE_CONTROLS = """() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]';
  for (const el of document.querySelectorAll(controls)) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 && box.height === 0) continue;  // not rendered (hidden panels, skip link)
    if (style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    if (el.closest('.visually-hidden') || el.matches('.skip-link')) continue;
    if (el.closest('.table-wrap')) continue;  // scrolls inside its own keyboard-focusable region
    if (box.left < -1 || box.right > width + 1) {
      const name = el.id || el.name || el.textContent.trim().slice(0, 40) || el.tagName;
      bad.push(name + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
    }
  }
  return bad;
}"""


def unreachable_controls(page) -> list[str]:
    return page.evaluate(UNREACHABLE_CONTROLS)
