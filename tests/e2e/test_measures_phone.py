"""Issue 17, item 3 in a real Chromium: the moderator opens two goal proposals for measures and
switches to the measures phase; a phone proposes a measure under one of them (the plain form);
the console groups it under its goal and the projector shows it in the goal's column, live. A
measure another phone sends through the API reaches the first phone without a page load.
Screenshots go to /work/notes/shots/ when that folder exists (measures-*.png)."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.a11y_support import axe_context, login, serious_findings
from tests.e2e.api_support import ApiModerator, api_participant

TIMEOUT = 10000
NOTES = Path("/work/notes/shots")


def _join(page, server):
    page.goto(f"{server.url}/j/{server.workshop_code}")
    page.get_by_label("Politik").check()
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(rf"/w/{server.workshop_code}$"))


def test_phone_proposes_a_measure_and_the_room_sees_it(server, browser, new_context, artifacts):
    shots = NOTES if NOTES.is_dir() else artifacts
    moderator = ApiModerator(server)
    state = moderator.state()
    if state.get("round") and state["round"]["state"] == "open":
        moderator.act(state["round"]["id"], "close")
    console_state = moderator.session.get(f"{moderator.base}/workshops/{server.workshop_code}/console").json()
    goals = [p for p in console_state["proposals"] if p["state"] == "published" and p.get("kind") != "measure"][:2]
    chosen = moderator.session.put(f"{moderator.base}/workshops/{server.workshop_code}/measure-goals",
                                   json={"goals": [g["id"] for g in goals]})
    assert chosen.status_code == 200, chosen.text
    moderator.phase("measures")
    first, second = goals

    console = new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    console.goto(server.moderator_url)
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    screen = new_context(viewport={"width": 1280, "height": 720}, locale="en-US").new_page()
    screen.goto(server.screen_url)
    screen.wait_for_function("() => window.ZW && ZW.screen && ZW.screen.state() !== null")
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "measures")

    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                        locale="en-US").new_page()
    _join(phone, server)
    phone.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")
    card = phone.locator(f"#goal-{first['id']}")
    expect(card).to_contain_text(first["title"])
    expect(phone.locator(f"#goal-{second['id']}")).to_be_visible()
    card.get_by_text("Propose a measure for this goal").click()
    card.get_by_label("What should be done?").fill("Tagesmütter gezielt anwerben")
    card.get_by_label("Who should be responsible? (optional)").fill("Jugendamt")
    card.get_by_label("By when? (optional)").fill("bis Ende 2027")
    card.get_by_role("button", name="Send measure").click()
    expect(phone).to_have_url(re.compile(rf"/w/{server.workshop_code}#goal-{first['id']}$"))
    phone.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")
    card = phone.locator(f"#goal-{first['id']}")
    expect(card.locator(".proposal-item")).to_contain_text("Tagesmütter gezielt anwerben")
    expect(card).to_contain_text("Jugendamt")

    # live on the console (grouped under its goal) and on the projector (in the goal's column)
    group = console.locator(f"#measure-group-{first['id']}")
    expect(group).to_contain_text("Tagesmütter gezielt anwerben", timeout=TIMEOUT)
    expect(group).to_contain_text("Jugendamt")
    column = screen.locator(".measures-panel .wall-column").filter(has_text=first["title"][:20])
    expect(column).to_contain_text("Tagesmütter gezielt anwerben", timeout=TIMEOUT)

    # another phone's measure (API) reaches this phone without a page load
    loads = []
    phone.on("request", lambda r: loads.append(r.url) if r.resource_type == "document" else None)
    other = api_participant(server, "verwaltung")
    made = other.post(f"{other.base}/workshops/{server.workshop_code}/measures",
                      json={"goal": second["id"], "title": "Schulweglotsen ausbilden", "timeframe": "Q2 2028"})
    assert made.status_code == 201, made.text
    expect(phone.locator(f"#goal-{second['id']}")).to_contain_text("Schulweglotsen ausbilden", timeout=TIMEOUT)
    expect(console.locator(f"#measure-group-{second['id']}")).to_contain_text("Schulweglotsen", timeout=TIMEOUT)
    expect(screen.locator(".measures-panel")).to_contain_text("Schulweglotsen ausbilden", timeout=TIMEOUT)
    assert loads == []
    # the typed text of an open form stays while measures arrive
    card = phone.locator(f"#goal-{first['id']}")
    card.get_by_text("Propose a measure for this goal").click()
    card.get_by_label("What should be done?").fill("Noch im Entwurf")
    other.post(f"{other.base}/workshops/{server.workshop_code}/measures",
               json={"goal": first["id"], "title": "Betriebskita prüfen"})
    expect(card).to_contain_text("Betriebskita prüfen", timeout=TIMEOUT)
    number = made.json()["number"] + 1  # the next proposal of the workshop
    expect(card.locator(".proposal-item").filter(has_text="Betriebskita")).to_contain_text(f"#{number}")
    assert card.get_by_label("What should be done?").input_value() == "Noch im Entwurf"

    phone.locator("#measures").scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / "measures-phone.png"))
    screen.screenshot(path=str(shots / "measures-screen-1280x720.png"))
    console.locator("#measures").screenshot(path=str(shots / "measures-console.png"))

    # WCAG: no serious or critical axe findings on the phone (form open) and the projector
    checked = axe_context(browser, viewport={"width": 390, "height": 844}, locale="en-US").new_page()
    _join(checked, server)
    checked.locator(f"#goal-{first['id']} summary").click()
    assert serious_findings(checked) == []
    projector = axe_context(browser, viewport={"width": 1280, "height": 720}, locale="en-US").new_page()
    projector.goto(server.screen_url)
    expect(projector.locator("#panel")).to_have_attribute("data-mode", "measures")
    assert serious_findings(projector) == []
    checked.context.close()
    projector.context.close()

    # a chosen goal hidden by the moderators leaves the step everywhere, live
    hidden = moderator.session.post(f"{moderator.base}/proposals/{second['id']}/hide")
    assert hidden.status_code == 200, hidden.text
    expect(phone.locator(f"#goal-{second['id']}")).to_have_count(0, timeout=TIMEOUT)
    expect(console.locator(f"#measure-group-{second['id']}")).to_have_count(0, timeout=TIMEOUT)
    expect(screen.locator(".measures-panel .wall-column")).to_have_count(1, timeout=TIMEOUT)
    assert loads == []

    # the organizer adopts the goal with a ticked measure into the plan, in one step
    process = moderator.session.get(f"{moderator.base}/workshops/{server.workshop_code}").json()["process"]
    office = new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    login(office, server)
    office.goto(f"{server.url}/organize/processes/{process}/adopt-measures?goal={first['id']}")
    office.get_by_label(re.compile("Tagesmütter gezielt anwerben")).check()
    office.screenshot(path=str(shots / "measures-adopt.png"), full_page=True)
    office.get_by_role("button", name="Adopt into the action plan").click()
    expect(office.locator("main")).to_contain_text("Tagesmütter gezielt anwerben")
    expect(office.locator("main")).to_contain_text("2027")
