"""Keyboard only (Tab, Shift+Tab, Space, Enter; no mouse, no fill): join → propose → vote → undo,
on a phone page with JavaScript, with a visible focus indicator on every element the focus
reaches; "saved" and the points left are announced through role="status"."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.a11y_support import Api

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  // The rating/radio pattern draws the ring on the label's span next to the (visually small) input.
  const next = el.nextElementSibling && getComputedStyle(el.nextElementSibling);
  const sibling = next && next.outlineStyle !== 'none' && parseFloat(next.outlineWidth) >= 2;
  const text = (el.getAttribute('aria-label') || el.value || el.textContent || '').trim().slice(0, 40);
  return {tag: el.tagName.toLowerCase(), name: el.name || '', id: el.id, text: text,
          value: el.value || '', visible: Boolean(outline || ring || sibling)};
}"""


def _tab_to(page, matches, *, backwards=False, limit=60) -> dict:
    """Press Tab until ``matches(focused)``; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUS_STATE)
        if focused is None:
            continue
        assert focused["visible"], f"focus is not visible on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("the keyboard never reached the wanted control")


def test_join_propose_vote_undo_with_keyboard_only(server, new_context):
    api = Api(server)
    code = server.workshop_code
    api("PATCH", f"/workshops/{code}", {"phase": "collect"})
    page = new_context(locale="en-US", viewport={"width": 800, "height": 900}).new_page()

    page.goto(f"{server.url}/")
    first = _tab_to(page, lambda f: True)
    assert first["text"] == "Skip to content", "the first Tab stop is the skip link"
    _tab_to(page, lambda f: f["name"] == "code")
    page.keyboard.type(code.lower())
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/j/{code}"))

    _tab_to(page, lambda f: f["name"] == "group")
    # Arrow keys move within the radio group; Space selects the focused radio.
    page.keyboard.press("Space")
    expect(page.locator('input[name="group"]:checked')).to_have_count(1)
    _tab_to(page, lambda f: f["name"] == "name")
    page.keyboard.type("Tastatur")
    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Join")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/w/{code}$"))

    _tab_to(page, lambda f: f["name"] == "title")
    page.keyboard.type("Barrierefreie Spielplätze")
    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Send proposal")
    page.keyboard.press("Enter")
    announced = page.locator('[role="status"]').filter(has_text="Your proposal has been published.")
    expect(announced).to_be_visible()

    round_ = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 3, "max_per_proposal": 2})
    api("POST", f"/rounds/{round_['id']}/open")
    api("PATCH", f"/workshops/{code}", {"phase": "vote"})
    page.reload()
    expect(page.locator("#ballot-form")).to_be_visible()
    remaining = page.locator("#remaining")
    expect(remaining).to_have_text("3")

    item = page.locator("#ballot-form .proposal-item").filter(has_text="Barrierefreie Spielplätze")
    item_id = item.get_attribute("data-id")
    _tab_to(page, lambda f: f["value"] == f"{item_id}:+1")
    page.keyboard.press("Enter")
    status = page.locator('#ballot-status[role="status"]')
    expect(status).to_have_text("Saved.")
    expect(remaining).to_have_text("2")
    expect(page.locator(f"#value-{item_id}")).to_have_value("1")

    # Undo: the focus stays on the form; one Shift+Tab reaches "one point less".
    _tab_to(page, lambda f: f["value"] == f"{item_id}:-1", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator(f"#value-{item_id}")).to_have_value("0")
    expect(remaining).to_have_text("3")
    expect(status).to_have_text("Saved.")
    ballot = page.request.get(f"{server.url}/api/v1/workshops/{code}/state").json()["round"]["ballot"]
    assert ballot["votes"] == {} or all(v == 0 for v in ballot["votes"].values())
