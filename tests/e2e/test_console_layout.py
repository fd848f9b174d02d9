"""Issue 14, the moderator console at 1366×768 in a real Chromium: two columns that keep the queue,
the phase controls and the results in view; a results table that fits its column; a live
miniature of the screen and the next step; one-action "Start voting" and "Close" (with the
results at once); bulk hide; merge undone; all without a page load, each answer shown next to the
button used. Screenshots go to test-artifacts/ and docs/screenshots/console-1366x768.png."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y_support import axe_context, serious_findings
from tests.e2e.api_support import ApiModerator, api_participant

TIMEOUT = 10000
VIEWPORT = {"width": 1366, "height": 768}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# In view: the element's centre is inside the viewport and the element itself is drawn there.
IN_VIEW = """el => {
  const box = el.getBoundingClientRect();
  const x = box.left + Math.min(box.width / 2, 40), y = box.top + Math.min(box.height / 2, 12);
  if (box.width === 0 || y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return false;
  const hit = document.elementFromPoint(x, y);
  return !!hit && (hit === el || el.contains(hit));
}"""


@pytest.fixture(scope="module")
def moderator(server):
    return ApiModerator(server)


def _login(page, server, language="de") -> None:
    page.goto(f"{server.url}/lang/{language}?next=/auth/login")
    page.locator('input[name="email"]').fill(server.organizer_email)
    page.locator('input[name="password"]').fill(server.organizer_password)
    page.locator('form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/organize/"))


def _console(server, new_context, language="de"):
    page = new_context(viewport=VIEWPORT).new_page()
    _login(page, server, language)
    page.goto(f"{server.url}/moderate/{server.workshop_code}")
    page.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    page.evaluate("() => { window.__sameDocument = true; }")
    return page


def _click_near(page, button) -> None:
    """Click; the answer appears right below the button that was used (not at the top of the
    page, where it used to be), measured where the button was when it was pressed."""
    page.evaluate("""() => document.addEventListener('submit', event => {
        window.__pressed = (event.submitter || event.target).getBoundingClientRect().toJSON(); },
        {once: true, capture: true})""")
    button.click()
    message = page.locator("#console-message")
    expect(message).to_be_visible(timeout=TIMEOUT)
    b, m = page.evaluate("() => window.__pressed"), message.bounding_box()
    assert 0 <= m["y"] - b["bottom"] <= 20 and abs(m["x"] - b["left"]) < 400, (b, m)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _same_as_server(page, server, new_context, selector: str) -> None:
    context = new_context(java_script_enabled=False, viewport=VIEWPORT)
    context.add_cookies(page.context.cookies())
    plain = context.new_page()
    plain.goto(f"{server.url}/moderate/{server.workshop_code}")
    assert _norm(page.locator(selector).inner_text()) == _norm(plain.locator(selector).inner_text()), selector
    context.close()


def _in_view(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate(IN_VIEW)


def test_console_layout_and_one_action_flow(server, new_context, moderator, artifacts):
    code = server.workshop_code
    moderator.phase("collect")
    phones = [api_participant(server, g) for g in ("politik", "verwaltung", "zivilgesellschaft")]
    twin = phones[0].post(f"{phones[0].base}/workshops/{code}/proposals",
                          json={"title": "Mehr Kitaplätze für Kinder unter drei Jahren schaffen"}, timeout=10)
    assert twin.status_code == 201, twin.text
    twin_id = twin.json()["id"]
    console = _console(server, new_context)

    # Likely duplicates are flagged in the queue (both of the pair).
    flagged = console.locator(f"#proposal-{twin_id} .duplicate-flag")
    expect(flagged).to_contain_text("Kita", timeout=TIMEOUT)

    # Prepare a round with the console's form; the next step offers "Start voting".
    console.locator("#new-round summary").click()
    console.locator("#round-budget").fill("5")
    console.locator('#rounds form[action$="/rounds"] button[type="submit"]').click()
    start = console.locator('#next-step form[action$="/start"] button')
    expect(start).to_be_visible(timeout=TIMEOUT)
    round_id = int(console.locator("#rounds [data-round]").first.get_attribute("data-round"))

    # Start voting: one click opens the round and switches to the vote phase.
    _click_near(console, start)
    expect(console.locator(f"#round-{round_id}")).to_have_attribute("data-state", "open", timeout=TIMEOUT)
    expect(console.locator('#phase button[value="vote"]')).to_have_attribute("aria-current", "step")
    preview = console.frame_locator("#screen-preview iframe")
    expect(preview.locator("#panel")).to_have_attribute("data-mode", "vote", timeout=TIMEOUT)
    console.locator("#rounds").screenshot(path=str(artifacts / "console-rounds-open.png"))

    listed = moderator.session.get(f"{moderator.base}/rounds/{round_id}/moderator-results", timeout=10).json()
    ids = [row["proposal_id"] for row in listed["results"]]
    for phone, votes in zip(phones, ({ids[0]: 3, ids[1]: 2}, {ids[0]: 2, ids[2]: 3}, {ids[1]: 5})):
        stored = phone.put(f"{phone.base}/rounds/{round_id}/ballot",
                           json={"votes": {str(k): v for k, v in votes.items()}}, timeout=10)
        assert stored.status_code == 200, stored.text
    expect(console.locator(f'#console-results tr[data-proposal="{ids[1]}"] td[data-points]')).to_have_text(
        "7", timeout=TIMEOUT)

    # Close, showing the results at once (the choice is remembered).
    close = console.locator('#next-step form[action$="/close"]')
    close.locator('input[name="show_results"]').check()
    _click_near(console, close.locator("button"))
    expect(console.locator(f"#round-{round_id}")).to_have_attribute("data-state", "closed", timeout=TIMEOUT)
    expect(console.locator('#phase button[value="results"]')).to_have_attribute("aria-current", "step")
    expect(preview.locator("#panel")).to_have_attribute("data-mode", "results", timeout=TIMEOUT)
    expect(console.locator('#next-step form[action$="/publish"]')).to_be_visible()

    # What moderator.js drew reads the same as the server's render without JavaScript.
    for selector in ("#next-step", "#console-results-wrap", "#round-list", "#proposal-queue"):
        _same_as_server(console, server, new_context, selector)

    # The layout at 1366×768: queue, phase controls and results in view together.
    console.evaluate("() => window.scrollTo(0, 0)")
    for selector in ("#phase button[value='results']", "#console-results tbody tr",
                     "#proposal-queue .proposal-item", "#next-step button", "#screen-preview"):
        assert _in_view(console, selector), selector
    wrap = console.locator("#console-results-wrap .table-wrap")
    overflow = wrap.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 1, f"the results table is {overflow}px wider than its column"
    console.wait_for_timeout(600)  # the miniature's last frame
    console.screenshot(path=str(artifacts / "console-1366x768.png"))
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(artifacts / "console-1366x768.png", DOCS / "console-1366x768.png")

    # Bulk hide two proposals, then bring them back, without a reload.
    chosen = ids[:2]
    for pid in chosen:
        console.locator(f'#proposal-{pid} input[name="proposal"]').check()
    hide = console.locator('#bulk-form button[value="hide"]')
    _click_near(console, hide)
    for pid in chosen:
        expect(console.locator(f"#proposal-{pid}")).to_have_attribute("data-state", "hidden", timeout=TIMEOUT)
    for pid in chosen:
        console.locator(f'#proposal-{pid} input[name="proposal"]').check()
    console.locator('#bulk-form button[value="publish"]').click()
    for pid in chosen:
        expect(console.locator(f"#proposal-{pid}")).to_have_attribute("data-state", "published", timeout=TIMEOUT)

    assert console.evaluate("() => window.__sameDocument === true"), "an action reloaded the page"
    console.screenshot(path=str(artifacts / "console-1366x768-after-bulk.png"))


def test_merge_undo_in_the_console(server, new_context, moderator, artifacts):
    code = server.workshop_code
    moderator.phase("collect")
    phone = api_participant(server, "politik")
    made = [phone.post(f"{phone.base}/workshops/{code}/proposals", json={"title": t}, timeout=10).json()["id"]
            for t in ("Mehr Bänke im Stadtpark aufstellen", "Mehr Sitzbänke im Stadtpark")]
    console = _console(server, new_context)
    console.locator(f'#proposal-{made[1]} input[name="merge"]').check()
    console.locator(f'#proposal-{made[0]} input[name="into"]').check()
    console.locator('button[form="merge-form"]').click()
    console.locator('form[action$="/merge/confirm"] button[type="submit"]').click()
    expect(console.locator(f"#proposal-{made[1]}")).to_have_attribute("data-state", "merged", timeout=TIMEOUT)
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    console.evaluate("() => { window.__sameDocument = true; }")
    undo = console.locator(f'#proposal-{made[1]} form[action$="/split"] button')
    _click_near(console, undo)
    expect(console.locator(f"#proposal-{made[1]}")).to_have_attribute("data-state", "published", timeout=TIMEOUT)
    assert console.evaluate("() => window.__sameDocument === true")
    console.screenshot(path=str(artifacts / "console-1366x768-split.png"))


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_console_axe(server, browser, language, artifacts):
    context = axe_context(browser, viewport=VIEWPORT, locale="de-DE")
    try:
        page = context.new_page()
        _login(page, server, language)
        page.goto(f"{server.url}/moderate/{server.workshop_code}")
        page.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
        page.wait_for_timeout(500)
        assert serious_findings(page) == []
        page.screenshot(path=str(artifacts / f"console-1366x768-{language}.png"))
    finally:
        context.close()


def test_console_without_javascript(server, new_context, artifacts):
    """Every control is a plain form: without JavaScript "Start voting" posts and the page comes
    back with the answer on top and the room changed."""
    context = new_context(viewport=VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    _login(page, server)
    page.goto(f"{server.url}/moderate/{server.workshop_code}")
    page.screenshot(path=str(artifacts / "console-1366x768-nojs.png"))
    assert page.locator("#screen-preview iframe").count() == 1
    page.locator("#phase button[value='lobby']").click()
    expect(page.locator("#phase button[value='lobby']")).to_have_attribute("aria-current", "step")
    expect(page.locator("#next-step form button[value='collect']")).to_be_visible()
