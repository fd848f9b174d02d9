"""Issue 19: a real Chromium phone draws every state from what the server pushes.

The moderator drives the room through the API of the running server; the phone (shipped
participant.js + live.js) must show each state without ANY HTTP request caused by the broadcast
(requests are counted between the action and the DOM update), and what it draws must read the
same as the page the server renders for the same participant without JavaScript. A version gap
costs exactly one JSON state fetch (never the HTML page); dropped, duplicated and reordered
events converge to the server's state.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.api_support import ApiModerator, api_participant

TIMEOUT = 10000


class PhoneModerator(ApiModerator):
    def close_open_rounds(self, page):
        state = _server_state(page, self.server)
        if state["round"] and state["round"]["state"] == "open":
            self.act(state["round"]["id"], "close")


@pytest.fixture(scope="module")
def moderator(server):
    return PhoneModerator(server)


def _voter(server, group="verwaltung"):
    """Another participant, through the JSON API (its own token)."""
    return api_participant(server, group)


def _phone(server, new_phone, *, propose=()):
    page = new_phone(locale="en-US")
    page.goto(f"{server.url}/j/{server.workshop_code}")
    page.get_by_label("Politik").check()
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(rf"/w/{server.workshop_code}$"))
    for title in propose:
        page.get_by_label("Your proposed goal").fill(title)
        page.get_by_role("button", name="Send proposal").click()
        expect(page.locator("#own")).to_contain_text(title)
    expect(page.locator("#connection-banner")).to_be_hidden()
    page.wait_for_function("() => window.ZW && (!ZW.phone || ZW.phone.state() !== null)")
    log = []
    page.on("request", lambda r: log.append((r.method, r.url, r.resource_type))
            if r.url.startswith(server.url) and "/socket.io/" not in r.url else None)
    return page, log


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _server_render(page, server, new_context) -> str:
    """The same participant's page as the server renders it for a phone without JavaScript."""
    context = new_context(java_script_enabled=False, locale="en-US")
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    plain.goto(f"{server.url}/w/{server.workshop_code}")
    text = _norm(plain.locator("#live").inner_text())
    context.close()
    return text


def _same(page, server, new_context) -> None:
    drawn, rendered = _drawn(page), _server_render(page, server, new_context)
    if drawn != rendered:
        import difflib
        words = list(difflib.ndiff(rendered.split(" "), drawn.split(" ")))
        raise AssertionError("JS-drawn differs from the server render: "
                             + " ".join(w for w in words if w[0] in "+-"))


def _drawn(page) -> str:
    """The phone's #live text, without its own "Saved." feedback (not part of the room's state)."""
    return _norm(page.evaluate("""() => {
        const status = document.getElementById('ballot-status'), was = status && status.hidden;
        if (status) { status.hidden = true; }
        const text = document.getElementById('live').innerText;
        if (status) { status.hidden = was; }
        return text;
    }"""))


def test_phone_draws_lobby_collect_vote_results_without_fetching(server, new_phone, new_context, moderator):
    page, log = _phone(server, new_phone, propose=("Spielplatz am Fluss", "Mehr Radwege"))
    moderator.close_open_rounds(page)
    moderator.phase("lobby")
    expect(page.locator("#phase")).to_contain_text("The workshop starts soon", timeout=TIMEOUT)

    log.clear()
    moderator.phase("collect")
    expect(page.locator("#phase")).to_contain_text("Now is the time for your proposals", timeout=TIMEOUT)
    assert log == []
    _same(page, server, new_context)

    log.clear()
    moderator.phase("vote")
    # "starts soon", or "closed" after a round
    expect(page.locator("#phase")).to_contain_text("Please wait for the moderators", timeout=TIMEOUT)
    expect(page.locator("#propose")).to_have_count(0)
    assert log == []
    round_id = moderator.round(method="dots", budget=3, max_per_proposal=2, live_results=True)
    moderator.act(round_id, "open")
    expect(page.locator("#ballot-form")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#remaining")).to_have_text("3")
    assert log == []  # the whole ballot was drawn from the `round` event
    _same(page, server, new_context)

    # Own action: one PUT of the ballot, nothing else.
    page.locator("#vote .proposal-item", has_text="Mehr Radwege").get_by_role("button", name="One point more").click()
    expect(page.locator("#ballot-status")).to_have_text("Saved.")
    assert [(m, u.split(server.url)[1]) for m, u, _ in log] == [("PUT", f"/api/v1/rounds/{round_id}/ballot")]

    # Live results: another participant's vote reaches this phone's table by `tally` alone.
    log.clear()
    voter = _voter(server)
    spielplatz = page.locator("#vote .proposal-item", has_text="Spielplatz am Fluss").get_attribute("data-id")
    stored = voter.put(f"{server.url}/api/v1/rounds/{round_id}/ballot", json={"votes": {spielplatz: 2}},
                       timeout=10)
    assert stored.status_code == 200, stored.text
    row = page.locator("#results-table tbody tr", has_text="Spielplatz am Fluss")
    expect(row).to_contain_text("n = 1", timeout=TIMEOUT)  # the shown value is the balanced score
    assert log == []
    _same(page, server, new_context)

    log.clear()
    moderator.act(round_id, "close")
    expect(page.get_by_text("This voting round has closed.")).to_be_visible(timeout=TIMEOUT)
    moderator.act(round_id, "publish")
    moderator.phase("results")
    expect(page.locator("#phase")).to_contain_text("The results are being presented", timeout=TIMEOUT)
    expect(page.locator("#results-table")).to_contain_text("Mehr Radwege")
    assert log == []
    _same(page, server, new_context)


def _detach(page):
    """Take the phone's socket listeners away: the events the server pushes are only recorded."""
    page.evaluate("""() => {
        const s = ZW.phone.socket;
        window.__captured = [];
        ['snapshot', 'phase', 'round', 'proposal', 'tally', 'presence', 'workshop'].forEach(n => s.off(n));
        s.onAny((name, data) => window.__captured.push([name, data]));
    }""")


def _reattach(page):
    page.evaluate("""() => {
        const s = ZW.phone.socket;
        s.offAny();
        ['snapshot', 'phase', 'round', 'proposal', 'tally', 'presence', 'workshop']
            .forEach(n => s.on(n, d => s.receive(n, d)));
    }""")


def test_version_gap_costs_one_json_state_fetch(server, new_phone, new_context, moderator):
    page, log = _phone(server, new_phone)
    moderator.close_open_rounds(page)
    moderator.phase("lobby")
    expect(page.locator("#phase")).to_contain_text("The workshop starts soon", timeout=TIMEOUT)
    _detach(page)
    moderator.phase("collect")  # this event is lost
    page.wait_for_function("() => window.__captured.length >= 1")
    _reattach(page)
    log.clear()
    moderator.phase("vote")  # arrives: version + 2 → a gap
    # "starts soon", or "closed" after a round
    expect(page.locator("#phase")).to_contain_text("Please wait for the moderators", timeout=TIMEOUT)
    page.wait_for_function("() => ZW.phone.socket.stats.resyncs === 1")
    page.wait_for_function("() => ZW.phone.socket.lastVersion() === ZW.phone.state().version")
    fetched = [(m, u.split(server.url)[1], kind) for m, u, kind in log]
    assert fetched == [("GET", f"/api/v1/workshops/{server.workshop_code}/state", "fetch")]
    _same(page, server, new_context)


def test_reconnect_after_offline_shows_current_state(server, new_phone, new_context, moderator):
    page, log = _phone(server, new_phone)
    moderator.close_open_rounds(page)
    moderator.phase("collect")
    expect(page.locator("#phase")).to_contain_text("Now is the time", timeout=TIMEOUT)
    page.evaluate("ZW.phone.socket.disconnect()")
    expect(page.locator("#connection-banner")).to_be_visible()
    moderator.phase("vote")
    round_id = moderator.round(method="approval")
    moderator.act(round_id, "open")
    moderator.act(round_id, "close")
    moderator.phase("results")
    log.clear()
    page.evaluate("ZW.phone.socket.connect()")
    expect(page.locator("#connection-banner")).to_be_hidden(timeout=TIMEOUT)
    expect(page.locator("#phase")).to_contain_text("The results are being presented", timeout=TIMEOUT)
    expect(page.get_by_text("This voting round has closed.")).to_be_visible()
    assert log == []  # the snapshot pushed on connect is the resync
    _same(page, server, new_context)


def _server_state(page, server):
    return page.evaluate("c => fetch('/api/v1/workshops/' + c + '/state').then(r => r.json())",
                         server.workshop_code)


def _converged(page, server, new_context):
    state = page.evaluate("ZW.phone.state()")
    truth = _server_state(page, server)
    assert state["version"] == truth["version"]
    assert state["phase"] == truth["phase"]
    mine = {p["id"]: (p["title"], p["state"]) for p in state["proposals"].values() if p["state"] == "published"}
    assert mine == {p["id"]: (p["title"], p["state"]) for p in truth["proposals"] if p["state"] == "published"}
    assert (state["round"] or {}).get("id") == (truth["round"] or {}).get("id")
    assert (state["round"] or {}).get("state") == (truth["round"] or {}).get("state")
    _same(page, server, new_context)


def _room_changes(server, moderator):
    """A burst of real events: proposals published, phase moves, a round opened and closed."""
    author = _voter(server, "zivilgesellschaft")
    for title in ("Bänke am Markt", "Nachtbus", "Trinkbrunnen"):
        made = author.post(f"{server.url}/api/v1/workshops/{server.workshop_code}/proposals",
                           json={"title": title}, timeout=10)
        assert made.status_code == 201, made.text
    moderator.phase("vote")
    round_id = moderator.round(method="rating")
    moderator.act(round_id, "open")


def test_duplicated_and_late_events_converge_without_requests(server, new_phone, new_context, moderator):
    page, log = _phone(server, new_phone)
    moderator.close_open_rounds(page)
    moderator.phase("collect")
    expect(page.locator("#phase")).to_contain_text("Now is the time", timeout=TIMEOUT)
    _detach(page)
    _room_changes(server, moderator)
    page.wait_for_function("() => window.__captured.some(e => e[0] === 'round' && e[1].state === 'open')")
    _reattach(page)
    log.clear()
    # Every event twice, and after all of them the first half once more (late duplicates).
    page.evaluate("""() => {
        const s = ZW.phone.socket, events = window.__captured;
        events.forEach(e => { s.receive(e[0], e[1]); s.receive(e[0], JSON.parse(JSON.stringify(e[1]))); });
        events.slice(0, Math.ceil(events.length / 2)).forEach(e => s.receive(e[0], e[1]));
    }""")
    expect(page.locator("#ballot-form")).to_be_visible()
    assert page.evaluate("ZW.phone.socket.stats.resyncs") == 0
    assert log == []
    _converged(page, server, new_context)


def test_dropped_and_reordered_events_converge_with_one_state_fetch(server, new_phone, new_context, moderator):
    page, log = _phone(server, new_phone)
    moderator.close_open_rounds(page)
    moderator.phase("collect")
    expect(page.locator("#phase")).to_contain_text("Now is the time", timeout=TIMEOUT)
    _detach(page)
    _room_changes(server, moderator)
    page.wait_for_function("() => window.__captured.some(e => e[0] === 'round' && e[1].state === 'open')")
    _reattach(page)
    log.clear()
    # Drop the first event, deliver the rest newest first, each twice.
    page.evaluate("""() => {
        const s = ZW.phone.socket, events = window.__captured.slice(1).reverse();
        events.forEach(e => { s.receive(e[0], e[1]); s.receive(e[0], e[1]); });
    }""")
    page.wait_for_function("() => ZW.phone.socket.stats.resyncs === 1")
    expect(page.locator("#ballot-form")).to_be_visible()
    expect(page.locator("#vote")).to_contain_text("Nachtbus")
    # The ballot is drawn from the round event at once; the fetched state lands a moment later.
    page.wait_for_function("() => ZW.phone.state().phase === 'vote'", timeout=TIMEOUT)
    fetched = [(m, u.split(server.url)[1]) for m, u, _ in log]
    assert fetched == [("GET", f"/api/v1/workshops/{server.workshop_code}/state")]
    _converged(page, server, new_context)
