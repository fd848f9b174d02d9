"""Reflow (WCAG 1.4.10) and zoom (1.4.4): at 320 CSS pixels width and at 200 % zoom of a
1280×900 window (= a 640×450 CSS-pixel viewport) no page scrolls sideways and every control lies
within the window (tables scroll inside their own focusable region instead)."""
from __future__ import annotations

import pytest

from tests.e2e.a11y_support import (  # noqa: F401
    ALL_LANGUAGES,
    Api,
    all_languages_env,
    horizontal_overflow,
    join,
    login,
    set_language,
    unreachable_controls,
)

PHONE = {"width": 320, "height": 640}
ZOOM_200 = {"width": 640, "height": 450}


@pytest.fixture(scope="module")
def server(all_languages_env, server):
    return server


@pytest.fixture(scope="module")
def voting(server):
    """The demo workshop in a dots round with live results, so the phone shows vote and results."""
    api = Api(server)
    code = server.workshop_code
    api("PATCH", f"/workshops/{code}/settings", {"languages": ALL_LANGUAGES})
    api("PATCH", f"/workshops/{code}", {"phase": "collect"})
    api("POST", f"/workshops/{code}/moderator-proposals",
        {"title": "Donaudampfschifffahrtsgesellschaftskapitänsmützenaufbewahrungsort für alle Familien"})
    round_ = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 5, "max_per_proposal": 3,
                                                       "live_results": True})
    api("POST", f"/rounds/{round_['id']}/open")
    api("PATCH", f"/workshops/{code}", {"phase": "vote"})
    return round_["id"]


def _problems(page, url: str) -> list[str]:
    page.goto(url)
    problems = []
    overflow = horizontal_overflow(page)
    if overflow > 0:
        problems.append(f"{url}: the page scrolls {overflow}px sideways")
    cut = unreachable_controls(page)
    if cut:
        problems.append(f"{url}: controls outside the window: {cut[:8]}")
    return problems


@pytest.mark.parametrize("language", ["de", "ar"])
def test_participant_pages_reflow_at_320px(server, voting, new_context, language):
    page = new_context(viewport=PHONE).new_page()
    set_language(page, server.url, language)
    code = server.workshop_code
    problems = []
    for path in ("/", f"/j/{code}", "/easy", "/accessibility", "/privacy", "/auth/login"):
        problems += _problems(page, server.url + path)
    join(page, server, name="Schmalbildschirmteilnehmerin")
    problems += _problems(page, f"{server.url}/w/{code}")
    assert page.locator("#ballot-form").count() == 1, "the vote form is on the page"
    assert not problems, "\n".join(problems)


def test_all_audiences_at_200_percent_zoom(server, voting, new_context):
    page = new_context(viewport=ZOOM_200).new_page()
    code = server.workshop_code
    join(page, server)
    login(page, server)
    paths = ("/", f"/w/{code}", f"/moderate/{code}", f"/moderate/{code}/rounds/{voting}/paper",
             "/organize/", "/organize/processes/1", "/organize/processes/1/plan",
             f"/organize/workshops/{code}", "/organize/audit", "/organize/api-keys")
    problems = []
    for path in paths:
        problems += _problems(page, server.url + path)
    assert not problems, "\n".join(problems)
