"""Issue 17, item 1 in a real Chromium: a phone types a title like an existing proposal, gets the
similar-proposal hint, taps "Support this one instead", and the count rises live on its own card,
on the moderator console and on the projector — without a page load. A second phone without
JavaScript supports through the card's form. Screenshots go to /work/notes/shots/ when that
folder exists (support-*.png), else to test-artifacts/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.api_support import ApiModerator

TIMEOUT = 10000
NOTES = Path("/work/notes/shots")


@pytest.fixture(scope="module")
def moderator(server):
    return ApiModerator(server)


def _shots(artifacts: Path) -> Path:
    return NOTES if NOTES.is_dir() else artifacts


def _join(page, server):
    page.goto(f"{server.url}/j/{server.workshop_code}")
    page.get_by_label("Politik").check()
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(rf"/w/{server.workshop_code}$"))


def test_phone_supports_instead_of_proposing(server, new_context, moderator, artifacts):
    shots = _shots(artifacts)
    state = moderator.state()
    if state.get("round") and state["round"]["state"] == "open":
        moderator.act(state["round"]["id"], "close")
    moderator.phase("collect")
    console = new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    console.goto(server.moderator_url)
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    screen = new_context(viewport={"width": 1280, "height": 720}, locale="en-US").new_page()
    screen.goto(server.screen_url)
    screen.wait_for_function("() => window.ZW && ZW.screen && ZW.screen.state() !== null")

    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                        locale="en-US").new_page()
    _join(phone, server)
    phone.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")
    loads = []
    phone.on("request", lambda r: loads.append(r.url) if r.resource_type == "document" else None)

    phone.get_by_label("Your proposed goal").fill("Mehr Kita-Plätze für Dreijährige")
    button = phone.locator("#similar").get_by_role("button", name="Support this one instead")
    expect(button).to_have_count(1, timeout=TIMEOUT)
    target = int(button.get_attribute("data-support-id"))
    card = phone.locator(f"#p-{target}")
    expect(card.locator(".supporters")).to_contain_text("Supporters: 0")
    phone.locator("#propose").screenshot(path=str(shots / "support-phone-hint.png"))

    button.tap()
    expect(phone.locator("#similar")).to_contain_text("You support this", timeout=TIMEOUT)
    expect(card.locator(".supporters")).to_contain_text("Supporters: 1", timeout=TIMEOUT)
    expect(card.get_by_role("button", name="Withdraw support")).to_be_visible()
    expect(phone.locator("#support-status")).to_contain_text("You support this proposal")
    assert loads == []  # the API, not a page load
    assert phone.get_by_label("Your proposed goal").input_value() == "Mehr Kita-Plätze für Dreijährige"
    card.scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / "support-phone-card.png"))

    # live on the console (a signal next to the proposal) and on the projector's wall
    signal = console.locator(f"#proposal-{target} .badge-support")
    expect(signal).to_contain_text("1", timeout=TIMEOUT)
    wall = screen.locator(f'.wall-card[data-proposal="{target}"] .wall-support')
    expect(wall).to_contain_text("1", timeout=TIMEOUT)
    screen.screenshot(path=str(shots / "support-screen-1280x720.png"))
    console.locator(f"#proposal-{target}").screenshot(path=str(shots / "support-console-item.png"))

    # A phone without JavaScript supports through the card's form; the count rises everywhere.
    plain = new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False,
                        locale="en-US").new_page()
    _join(plain, server)
    plain.locator(f"#p-{target}").get_by_role("button", name="Support").click()
    expect(plain.locator(f"#p-{target} .supporters")).to_contain_text("Supporters: 2")
    expect(card.locator(".supporters")).to_contain_text("Supporters: 2", timeout=TIMEOUT)
    expect(signal).to_contain_text("2", timeout=TIMEOUT)
    expect(wall).to_contain_text("2", timeout=TIMEOUT)

    # withdrawing on the phone: the count falls, the button turns back
    card.get_by_role("button", name="Withdraw support").tap()
    expect(card.locator(".supporters")).to_contain_text("Supporters: 1", timeout=TIMEOUT)
    expect(card.get_by_role("button", name="Support", exact=True)).to_be_visible()
    expect(signal).to_contain_text("1", timeout=TIMEOUT)
    assert loads == []
