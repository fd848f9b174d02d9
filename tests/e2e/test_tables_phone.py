"""Tables (world café) in a real Chromium: the moderator sets up tables and balances the room;
a phone chooses a table, writes a card at it (into the table's field), sees its table's wall;
on a rotation the phone follows live (no page load) and sees the cards the previous group wrote;
the console's Tables section follows live too. Screenshots go to /work/notes/shots/tables-*.png
when that folder exists, else to test-artifacts/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.api_support import ApiModerator, api_participant

TIMEOUT = 10000
NOTES = Path("/work/notes/shots")


@pytest.fixture(scope="module")
def moderator(server):
    return ApiModerator(server)


def _shots(artifacts: Path) -> Path:
    return NOTES if NOTES.is_dir() else artifacts


def test_phone_follows_its_table_through_a_rotation(server, new_context, moderator, artifacts):
    shots = _shots(artifacts)
    base, code = moderator.base, server.workshop_code
    state = moderator.state()
    if state.get("round") and state["round"]["state"] == "open":
        moderator.act(state["round"]["id"], "close")
    moderator.phase("collect")
    fields = moderator.session.get(f"{base}/workshops/{code}", timeout=10).json()["fields"]
    made = []
    for index, name in enumerate(("Tisch Kita", "Tisch Schule", "Tisch Wohnen")):
        response = moderator.session.post(f"{base}/workshops/{code}/tables", timeout=10,
                                          json={"name": name, "field": fields[index]["id"]})
        assert response.status_code == 201, response.text
        made.append(response.json())
    others = [api_participant(server, group) for group in ("politik", "verwaltung", "zivilgesellschaft",
                                                           "verwaltung", "zivilgesellschaft")]
    assert moderator.session.post(f"{base}/workshops/{code}/tables/balance", timeout=10).ok
    # A card written earlier at the second table by someone else (the "previous group").
    seat = others[0].put(f"{others[0].base}/workshops/{code}/table", json={"table": made[1]["id"]}, timeout=10)
    assert seat.ok, seat.text
    card = others[0].post(f"{others[0].base}/workshops/{code}/proposals", timeout=10,
                          json={"title": "Schulhof nachmittags öffnen"})
    assert card.status_code == 201, card.text

    console = new_context(viewport={"width": 1280, "height": 720}, locale="en-US").new_page()
    console.goto(server.moderator_url)
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    expect(console.locator("#tables-rows tr")).to_have_count(3, timeout=TIMEOUT)

    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                        locale="en-US").new_page()
    phone.goto(f"{server.url}/j/{code}")
    phone.get_by_label("Politik").check()
    phone.get_by_role("button", name="Join").click()
    expect(phone).to_have_url(re.compile(rf"/w/{code}$"))
    phone.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")
    loads = []
    phone.on("request", lambda r: loads.append(r.url) if r.resource_type == "document" else None)

    phone.select_option("#table-choice", str(made[0]["id"]))
    phone.locator("#table-form").get_by_role("button", name="Sit here").click()
    expect(phone.locator("#table-name")).to_have_text("Tisch Kita", timeout=TIMEOUT)
    expect(phone.locator("#table-field")).to_have_text(fields[0]["name"])
    expect(phone.locator("#propose-form select[name=field]")).to_be_disabled()
    phone.get_by_label("Your proposed goal").fill("Kita-Öffnungszeiten bis 18 Uhr")
    phone.get_by_role("button", name="Send proposal").click()
    expect(phone.locator("#table-wall")).to_contain_text("Kita-Öffnungszeiten bis 18 Uhr", timeout=TIMEOUT)
    phone.locator("#table").scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / "tables-phone.png"), full_page=False)

    # The console counts the card at the table and shows the phone in its seat list.
    row = console.locator(f'#tables-rows tr[data-table="{made[0]["id"]}"]')
    expect(row.locator("[data-cards]")).to_have_text("1", timeout=TIMEOUT)

    loads.clear()
    rotated = moderator.session.post(f"{base}/workshops/{code}/tables/rotate", json={"step": 1}, timeout=10)
    assert rotated.ok, rotated.text
    expect(phone.locator("#table-name")).to_have_text("Tisch Schule", timeout=TIMEOUT)
    expect(phone.locator("#table-wall")).to_contain_text("Schulhof nachmittags öffnen")
    expect(phone.locator("#table-wall")).not_to_contain_text("Kita-Öffnungszeiten")
    assert loads == []  # drawn from the pushed event, no page load
    phone.locator("#table").scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / "tables-phone-rotated.png"), full_page=False)

    expect(console.locator("#seats-rows tr")).to_have_count(6, timeout=TIMEOUT)
    console.locator("#tables").scroll_into_view_if_needed()
    console.screenshot(path=str(shots / "tables-console.png"), full_page=False)
    # What the JS drew from pushed events reads the same as the server's own render.
    console.locator("#seats summary").click()
    drawn = {part: console.evaluate(f"() => ZW.render.text(document.getElementById('{part}'))")
             for part in ("tables-rows", "seats-rows")}
    plain = new_context(viewport={"width": 1280, "height": 720}, locale="en-US", java_script_enabled=False)
    plain_console = plain.new_page()
    plain_console.goto(server.moderator_url)
    plain_console.locator("#seats summary").click()
    for part, text in drawn.items():
        assert " ".join(plain_console.locator(f"#{part}").inner_text().split()) == text, part
    phone_drawn = phone.evaluate("() => ZW.render.text(document.getElementById('table'))")
    plain_phone = new_context(viewport={"width": 390, "height": 844}, locale="en-US",
                              java_script_enabled=False)
    plain_phone.add_cookies(phone.context.cookies())
    plain_page = plain_phone.new_page()
    plain_page.goto(f"{server.url}/w/{code}")
    assert " ".join(plain_page.locator("#table").inner_text().split()) == phone_drawn
    console.locator("#seats summary").click()  # closed again
    first_row = console.locator("#tables-rows tr").first
    first_row.locator("summary").click()
    first_row.scroll_into_view_if_needed()
    console.screenshot(path=str(shots / "tables-console-change.png"), full_page=False)
    sheet = console.context.new_page()
    sheet.goto(f"{server.url}/moderate/{code}/tables/qr")
    expect(sheet.locator(".table-qr svg")).to_have_count(3)
    sheet.screenshot(path=str(shots / "tables-qr-sheet.png"), full_page=False)

    # Back to the plenary: the phone says so, live.
    assert moderator.session.post(f"{base}/workshops/{code}/tables/plenary", timeout=10).ok
    expect(phone.locator("#table-plenary")).to_be_visible(timeout=TIMEOUT)
    assert loads == []


def test_table_pages_have_no_serious_accessibility_findings(server, browser, moderator):
    from tests.e2e.a11y_support import axe_context, serious_findings

    code = server.workshop_code
    listing = moderator.session.get(f"{moderator.base}/workshops/{code}/tables", timeout=10).json()
    if not listing["tables"]:
        made = moderator.session.post(f"{moderator.base}/workshops/{code}/tables", json={"name": "Tisch A"},
                                      timeout=10)
        assert made.status_code == 201, made.text
    phone_context = axe_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, locale="de-DE")
    try:
        phone = phone_context.new_page()
        phone.goto(f"{server.url}/j/{code}")
        phone.locator("input[name=group]").first.check()
        phone.locator("form button[type=submit]").last.click()
        expect(phone).to_have_url(re.compile(rf"/w/{code}$"))
        phone.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")
        phone.select_option("#table-choice", index=1)
        phone.locator("#table-form button[type=submit]").click()
        expect(phone.locator("#table-here")).to_be_visible(timeout=TIMEOUT)
        assert serious_findings(phone) == []
    finally:
        phone_context.close()
    staff_context = axe_context(browser, viewport={"width": 1280, "height": 720}, locale="de-DE")
    try:
        console = staff_context.new_page()
        console.goto(server.moderator_url)
        console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
        console.locator("#seats summary").click()
        assert [f for f in serious_findings(console) if "tables" in str(f) or "seat" in str(f)] == []
        sheet = staff_context.new_page()
        sheet.goto(f"{server.url}/moderate/{code}/tables/qr")
        assert serious_findings(sheet) == []
    finally:
        staff_context.close()
