"""Issue 17 (4, 5) in a real Chromium phone: a ranking placed by tapping and by keyboard, and a
100-point dots ballot with number steppers. The moderator drives the room through the API."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.a11y_support import axe_context, horizontal_overflow, serious_findings, unreachable_controls
from tests.e2e.api_support import api_participant
from tests.e2e.test_phone_live_render import PhoneModerator, _phone, _same
from tests.e2e.test_screen_console_live_render import _console_same, _screen_same, moderator, room  # noqa: F401

TIMEOUT = 10000
# For people to look at: the helpers' notes when they exist, else the test artifacts.
SHOTS = (Path("/work/notes/shots") if Path("/work/notes").is_dir()
         else Path(__file__).resolve().parents[2] / "test-artifacts")
TITLES = ("Ranking Kita am Markt", "Ranking Radweg zur Schule", "Ranking Park am Fluss")


def _item(page, title):
    return page.locator("#vote .proposal-item", has_text=title)


def _results(moderator, round_id) -> dict[str, dict]:
    response = moderator.session.get(f"{moderator.base}/rounds/{round_id}/moderator-results", timeout=10)
    assert response.status_code == 200, response.text
    return {r["title"]: r for r in response.json()["results"]}


def _shot(page, name):
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("() => document.getElementById('vote').scrollIntoView()")
        page.screenshot(path=str(SHOTS / name))  # the phone's screen (sticky bars as seen)
    except OSError:
        pass  # screenshots are for people; a read-only place is no failure


def _checked(page, server, browser):
    """The same participant's page in a phone context with axe-core: no serious findings, no
    sideways scrolling, every control reachable at 360 px."""
    context = axe_context(browser, viewport={"width": 360, "height": 740}, is_mobile=True,
                          has_touch=True, locale="en-US")
    try:
        context.add_cookies(page.context.cookies())
        checked = context.new_page()
        checked.goto(f"{server.url}/w/{server.workshop_code}")
        expect(checked.locator("#ballot-form")).to_be_visible()
        assert serious_findings(checked) == []
        assert horizontal_overflow(checked) == 0
        assert unreachable_controls(checked) == []
    finally:
        context.close()


def test_ranking_by_tap_and_keyboard_then_a_hundred_points(server, new_phone, new_context, browser):
    moderator = PhoneModerator(server)
    moderator.phase("collect")
    page, _log = _phone(server, new_phone, propose=TITLES)
    moderator.close_open_rounds(page)
    moderator.phase("vote")
    round_id = moderator.round(method="ranking", budget=3, title="Was ist am wichtigsten?")
    moderator.act(round_id, "open")
    expect(page.locator("#ballot-form")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#remaining")).to_have_text("3")
    _same(page, server, new_context)  # the drawn ballot reads like the server's
    _shot(page, "ranking-phone-start.png")

    kita, radweg, park = (_item(page, t) for t in TITLES)
    kita.get_by_role("button", name="Place next").tap()
    expect(kita.locator(".rank-badge")).to_have_text("1")
    expect(kita.get_by_role("button", name="Remove")).to_be_focused()  # the focus stays in the item
    radweg.get_by_role("button", name="Place next").focus()
    page.keyboard.press("Enter")
    expect(radweg.locator(".rank-badge")).to_have_text("2")
    park.get_by_role("button", name="Place next").tap()
    expect(page.locator("#remaining")).to_have_text("0")
    expect(page.locator("#rank-order li")).to_have_text(list(TITLES))
    expect(page.locator("#ballot-status")).to_have_text("Saved.", timeout=TIMEOUT)
    # every place is given: no other proposal offers "Place next" now
    expect(page.locator("#vote .rank-next:visible")).to_have_count(0)
    rows = _results(moderator, round_id)
    assert [rows[t]["points"] for t in TITLES] == [3, 2, 1]
    _shot(page, "ranking-phone.png")
    _checked(page, server, browser)

    # Remove the 1st: the others move up; a select moves Kita back to 1st by keyboard
    kita.get_by_role("button", name="Remove").tap()
    expect(radweg.locator(".rank-badge")).to_have_text("1")
    expect(park.locator(".rank-badge")).to_have_text("2")
    kita.locator("select").select_option("1")
    expect(page.locator("#rank-order li")).to_have_text(list(TITLES))
    expect(page.locator("#ballot-status")).to_have_text("Saved.", timeout=TIMEOUT)
    rows = _results(moderator, round_id)
    assert [rows[t]["points"] for t in TITLES] == [3, 2, 1]
    assert rows[TITLES[0]]["places"]["total"] == [1, 0, 0]
    page.reload()  # what the server renders holds the same ranking
    expect(page.locator("#rank-order li")).to_have_text(list(TITLES))

    # --- 100 points: type, step, and a typed number beyond what is left
    moderator.act(round_id, "close")
    dots_id = moderator.round(method="dots", budget=100, max_per_proposal=100)
    moderator.act(dots_id, "open")
    expect(page.locator("#remaining")).to_have_text("100", timeout=TIMEOUT)
    kita.get_by_role("spinbutton").fill("37")
    kita.get_by_role("spinbutton").press("Tab")
    expect(page.locator("#remaining")).to_have_text("63")
    plus = radweg.get_by_role("button", name="One point more")
    plus.tap()
    plus.tap()
    expect(page.locator("#remaining")).to_have_text("61")
    park.get_by_role("spinbutton").fill("500")
    park.get_by_role("spinbutton").press("Tab")
    expect(park.get_by_role("spinbutton")).to_have_value("61")
    expect(page.locator("#remaining")).to_have_text("0")
    expect(page.locator("#ballot-status")).to_contain_text("Saved.", timeout=TIMEOUT)
    expect(page.locator("#ballot-status")).to_contain_text("61")
    expect(radweg.get_by_role("button", name="One point more")).to_be_disabled()
    rows = _results(moderator, dots_id)
    assert [rows[t]["points"] for t in TITLES] == [37, 2, 61]
    _shot(page, "ranking-dots100.png")
    _checked(page, server, browser)
    moderator.act(dots_id, "close")


def test_screen_and_console_draw_the_places_as_the_server_does(server, new_context, moderator, room):
    """A ranking's live results on the projector and the console: points and places, drawn by
    screen.js / the console's script exactly as the server renders them."""
    console, _console_log, screen, _screen_log = room
    round_id = moderator.round(method="ranking", budget=2, live_results=True)
    opened = moderator.session.post(f"{moderator.base}/rounds/{round_id}/open", timeout=10)
    assert opened.status_code == 200, opened.text
    moderator.phase("vote")
    items = opened.json()["proposals"]
    first, second = items[0], items[1]
    for group, votes in (("politik", {first: 1, second: 2}), ("verwaltung", {second: 1})):
        voter = api_participant(server, group)
        stored = voter.put(f"{voter.base}/rounds/{round_id}/ballot",
                           json={"votes": {str(k): v for k, v in votes.items()}}, timeout=10)
        assert stored.status_code == 200, stored.text
    row = screen.locator(f'.result-row[data-proposal="{second}"]')
    expect(row).to_contain_text("Punkte: 3 · n = 2 · Plätze 1. / 2. / …: 1 / 1", timeout=TIMEOUT)
    expect(console.locator(f'#console-results tr[data-proposal="{second}"]')).to_contain_text(
        "1 / 1", timeout=TIMEOUT)
    moderator.act(round_id, "close")
    moderator.phase("results")
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "results", timeout=TIMEOUT)
    _screen_same(screen, server, new_context)
    _console_same(console, server, new_context)
