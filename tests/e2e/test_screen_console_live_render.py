"""Issue 19: the real projector screen and moderator console draw what the server pushes.

A real Chromium screen (screen.js + live.js) and a real console (moderator.js + live.js) follow
the room while the moderator acts through the JSON API and a participant proposes and votes
through it (neither page is the one acting). Between an action and the DOM update neither page
may make ANY HTTP request (the broadcast carries what they draw), and what they draw must read
the same as the panel / console the server renders without JavaScript. The console's own forms
are sent with fetch: a phase change is one POST and no page load.
"""
from __future__ import annotations

import difflib
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.api_support import ApiModerator, api_participant

TIMEOUT = 10000


@pytest.fixture(scope="module")
def moderator(server):
    return ApiModerator(server)


def _log(page, server):
    log = []
    page.on("request", lambda r: log.append((r.method, r.url))
            if r.url.startswith(server.url) and "/socket.io/" not in r.url else None)
    return log


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _same(drawn: str, rendered: str) -> None:
    if drawn != rendered:
        words = difflib.ndiff(rendered.split(" "), drawn.split(" "))
        raise AssertionError("JS-drawn differs from the server render: "
                             + " ".join(w for w in words if w[0] in "+-"))


def _plain(new_context, url, selector, cookies=None) -> str:
    """What the server renders, read in Chromium without JavaScript (same locale and CSS)."""
    context = new_context(java_script_enabled=False, viewport={"width": 1920, "height": 1080})
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    text = _norm(page.locator(selector).inner_text())
    context.close()
    return text


def _screen_same(screen, server, new_context, attempts: int = 8) -> None:
    """As _console_same: the screen's tally is coalesced, so it may lag a push behind."""
    for attempt in range(attempts):
        drawn, rendered = (_norm(screen.locator("#panel").inner_text()),
                           _plain(new_context, server.screen_url, "#panel"))
        if drawn == rendered or attempt == attempts - 1:
            break
        screen.wait_for_timeout(750)
    _same(drawn, rendered)


CONSOLE_REGIONS = ("#monitor-rows", "#round-list", "#console-results-wrap", "#proposal-queue", "#phase form")


def _console_same(console, server, new_context, attempts: int = 8) -> None:
    """Each console region as drawn equals the server's render once the pushes have arrived: the
    presence monitor and the tallies are pushed on their own tickers (coalesced), so a region may
    lag a second behind the database; a difference that persists is a real one."""
    cookies = console.context.cookies()
    for selector in CONSOLE_REGIONS:
        for attempt in range(attempts):
            drawn = _norm(console.locator(selector).inner_text()) if console.locator(selector).is_visible() else ""
            context = new_context(java_script_enabled=False)
            context.add_cookies(cookies)
            page = context.new_page()
            page.goto(f"{server.url}/moderate/{server.workshop_code}")
            rendered = _norm(page.locator(selector).inner_text()) if page.locator(selector).is_visible() else ""
            context.close()
            if drawn == rendered or attempt == attempts - 1:
                break
            console.wait_for_timeout(750)
        _same(drawn, rendered)


@pytest.fixture
def room(server, new_context, moderator):
    state = moderator.state()
    if state.get("round") and state["round"]["state"] == "open":
        moderator.act(state["round"]["id"], "close")
    moderator.phase("lobby")
    console = new_context(viewport={"width": 1280, "height": 900}).new_page()
    console.goto(server.moderator_url)
    expect(console).to_have_url(re.compile(r"/moderate/"))
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    screen = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen.goto(server.screen_url)
    screen.wait_for_function("() => window.ZW && ZW.screen && ZW.screen.state() !== null")
    return console, _log(console, server), screen, _log(screen, server)


def test_screen_and_console_draw_pushed_events_without_fetching(server, new_context, moderator, room):
    console, console_log, screen, screen_log = room
    panel = screen.locator("#panel")
    expect(panel).to_have_attribute("data-mode", "join")
    _screen_same(screen, server, new_context)

    # A participant joins: join counts on the screen, the monitor on the console.
    before = int(console.locator('#monitor-rows tr[data-group="politik"] [data-joined]').inner_text())
    voter = api_participant(server, "politik")
    expect(console.locator('#monitor-rows tr[data-group="politik"] [data-joined]')).to_have_text(
        str(before + 1), timeout=TIMEOUT)
    expect(screen.locator(".group-counts .count").first).to_have_text(str(before + 1), timeout=TIMEOUT)
    _screen_same(screen, server, new_context)

    # Phase change (lobby → collect).
    moderator.phase("collect")
    expect(panel).to_have_attribute("data-mode", "collect", timeout=TIMEOUT)
    expect(console.locator('#phase button[value="collect"]')).to_have_attribute("aria-current", "step")
    # A published proposal (no pre-moderation in the demo).
    created = voter.post(f"{voter.base}/workshops/{server.workshop_code}/proposals",
                         json={"title": "Tempo 30 vor <b>Schulen</b>"}, timeout=10)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    expect(screen.locator(f'.wall-card[data-proposal="{pid}"]')).to_have_text("Tempo 30 vor <b>Schulen</b>",
                                                                              timeout=TIMEOUT)
    expect(console.locator(f"#proposal-{pid}")).to_contain_text("Tempo 30 vor <b>Schulen</b>", timeout=TIMEOUT)
    assert screen_log == [] and console_log == []
    _screen_same(screen, server, new_context)
    _console_same(console, server, new_context)

    # Round prepared and opened, then the vote phase.
    round_id = moderator.round(method="dots", budget=3, max_per_proposal=3, live_results=True)
    expect(console.locator(f"#round-{round_id}")).to_have_attribute("data-state", "draft", timeout=TIMEOUT)
    moderator.act(round_id, "open")
    expect(console.locator(f"#round-{round_id}")).to_have_attribute("data-state", "open", timeout=TIMEOUT)
    moderator.phase("vote")
    expect(panel).to_have_attribute("data-mode", "vote", timeout=TIMEOUT)
    expect(screen.locator("#vote-heading")).to_have_text(re.compile("."))
    assert screen_log == [] and console_log == []

    # A ballot through the API: the screen's live results and progress, the console's table.
    stored = voter.put(f"{voter.base}/rounds/{round_id}/ballot", json={"votes": {str(pid): 3}}, timeout=10)
    assert stored.status_code == 200, stored.text
    expect(screen.locator(f'#results-table tr[data-proposal="{pid}"] td[data-points]')).to_have_text(
        "3", timeout=TIMEOUT)
    expect(console.locator(f'#console-results tr[data-proposal="{pid}"] td[data-points]')).to_have_text(
        "3", timeout=TIMEOUT)
    expect(screen.locator(".result-row").first.locator("rect.bar-segment")).to_have_count(1)
    assert screen_log == [] and console_log == []
    # presence (voted counts) is coalesced: wait until the screen's progress shows the vote
    screen.wait_for_function(
        "() => [...document.querySelectorAll('.progress-list .count')].some(e => /^1\\D/.test(e.textContent.trim()))",
        timeout=TIMEOUT)
    _screen_same(screen, server, new_context)
    _console_same(console, server, new_context)

    # Close the round and show the results.
    moderator.act(round_id, "close")
    expect(console.locator(f"#round-{round_id}")).to_have_attribute("data-state", "closed", timeout=TIMEOUT)
    moderator.phase("results")
    expect(panel).to_have_attribute("data-mode", "results", timeout=TIMEOUT)
    expect(screen.locator(f'#results-table tr[data-proposal="{pid}"] td[data-points]')).to_have_text("3")
    assert screen_log == [] and console_log == []
    _screen_same(screen, server, new_context)
    _console_same(console, server, new_context)


def test_console_form_changes_phase_without_reloading(server, new_context, moderator, room):
    console, console_log, screen, screen_log = room
    navigations = []
    console.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == console.main_frame else None)
    console.evaluate("() => { window.__sameDocument = true; }")
    console.locator('#phase button[value="collect"]').click()
    expect(console.locator('#phase button[value="collect"]')).to_have_attribute("aria-current", "step",
                                                                                timeout=TIMEOUT)
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "collect", timeout=TIMEOUT)
    expect(console.locator("#console-message")).to_be_visible()
    assert console.evaluate("() => window.__sameDocument === true")  # no page load
    assert navigations == []
    assert [method for method, _url in console_log] == ["POST"]  # its own action, nothing else
    assert screen_log == []


def test_screen_state_endpoint_needs_the_secret(server):
    assert requests.get(f"{server.url}/screen/not-the-secret/state", timeout=10).status_code == 404
    state = requests.get(f"{server.screen_url}/state", timeout=10).json()
    assert {"mode", "presence", "proposals", "round", "results", "version"} <= set(state)
    assert "joined_1m" not in str(state["presence"]) and "connected" not in str(state["presence"])


def test_a_version_gap_costs_the_screen_one_json_state_fetch(server, new_context, moderator, room):
    """An event from the future (a gap) is drawn at once, then the screen fetches its JSON state
    once (never the HTML panel) and converges to the server's state: the forged card goes."""
    _console, _console_log, screen, screen_log = room
    moderator.phase("collect")
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "collect", timeout=TIMEOUT)
    screen_log.clear()
    screen.evaluate("""() => {
        const socket = ZW.screen.socket, v = socket.lastVersion();
        socket.receive('proposal', {id: 987001, title: 'Forged card', field: null, state: 'published', version: v + 5});
    }""")
    expect(screen.locator('.wall-card[data-proposal="987001"]')).to_have_count(0, timeout=TIMEOUT)
    screen.wait_for_function("() => ZW.screen.socket.stats.resyncs === 1")
    assert [(m, u.split("?")[0]) for m, u in screen_log] == [("GET", f"{server.screen_url}/state")]
    _screen_same(screen, server, new_context)
