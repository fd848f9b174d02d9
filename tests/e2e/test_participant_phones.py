"""Three phones in Chromium (360×740): join one per group, propose, vote — one without JavaScript.

The round is created and opened through the moderator API of the running server, so the phones
with JavaScript must follow it live (no reload), exactly as in the room.
"""
from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

GROUPS = (("Politik", True), ("Verwaltung", True), ("Zivilgesellschaft", False))


def _api_key(server) -> str:
    from workshop_app.extensions import db
    from workshop_app.models import User
    from workshop_app.services.apikeys import create_api_key
    from workshop_app.services.plumbing.audit import SYSTEM

    app = server.app()
    with app.test_request_context():
        user = db.session.scalar(db.select(User).filter_by(email=server.organizer_email))
        _record, key = create_api_key(SYSTEM, user, name="e2e phones")
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    return key


def _join(page, server, group: str) -> None:
    page.goto(f"{server.url}/")
    page.get_by_label("Workshop code").fill(server.workshop_code.lower())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("No IP address")).to_be_visible()
    page.get_by_label(group).check()
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(rf"/w/{server.workshop_code}$"))


def test_three_phones_join_propose_and_vote(server, new_phone):
    phones = []
    for group, javascript in GROUPS:
        page = new_phone(javascript_enabled=javascript, locale="en-US")
        outside = []
        page.on("request", lambda r, seen=outside: seen.append(r.url) if not r.url.startswith(server.url) else None)
        _join(page, server, group)
        phones.append((page, group, outside))
    js_phone = phones[0][0]
    expect(js_phone.locator("#connection-banner")).to_be_hidden()

    for page, group, _ in phones:
        page.get_by_label("Your proposed goal").fill(f"Ziel aus {group}")
        page.get_by_role("button", name="Send proposal").click()
        expect(page.get_by_text("Your proposal has been published.")).to_be_visible()
        expect(page.locator("#own")).to_contain_text(f"Ziel aus {group}")
    # A phone with JavaScript saw the later proposals arrive without reloading.
    expect(js_phone.locator("#published-list")).to_contain_text("Ziel aus Zivilgesellschaft")

    # Typing shows similar published proposals (JS phone only).
    js_phone.get_by_label("Your proposed goal").fill("Ziel aus Politik und mehr")
    expect(js_phone.locator("#similar")).to_contain_text("Ziel aus Politik")

    key = _api_key(server)
    auth = {"Authorization": f"Bearer {key}"}
    created = requests.post(f"{server.url}/api/v1/workshops/{server.workshop_code}/rounds",
                            json={"method": "dots", "budget": 3}, headers=auth, timeout=10)
    assert created.status_code == 201, created.text
    round_id = created.json()["id"]
    opened = requests.post(f"{server.url}/api/v1/rounds/{round_id}/open", headers=auth, timeout=10)
    assert opened.status_code == 200, opened.text

    for index, (page, group, _) in enumerate(phones):
        if index == 2:
            page.reload()  # no JavaScript: the phone learns of the round on the next page load
        item = page.locator(".proposal-item", has_text=f"Ziel aus {group}").filter(
            has=page.get_by_role("button", name="One point more"))
        expect(page.locator("#ballot-form")).to_be_visible()
        expect(page.locator("#remaining")).to_have_text("3")
        clicks = 1 if index == 2 else 2
        for _ in range(clicks):
            item.get_by_role("button", name="One point more").click()
            if index == 2:
                expect(page.get_by_text("Saved. You can change your vote")).to_be_visible()
        if index < 2:
            expect(page.locator("#ballot-status")).to_have_text("Saved.")
        expect(page.locator("#remaining")).to_have_text(str(3 - clicks))

    # A change made while offline is kept, sent again when back, and counted once.
    js_phone.context.set_offline(True)
    js_phone.locator(".proposal-item", has_text="Ziel aus Politik").get_by_role(
        "button", name="One point less").click()
    expect(js_phone.locator("#ballot-status")).to_contain_text("no connection")
    js_phone.context.set_offline(False)
    expect(js_phone.locator("#ballot-status")).to_have_text("Saved.", timeout=15000)
    expect(js_phone.locator("#remaining")).to_have_text("2")

    results = requests.get(f"{server.url}/api/v1/rounds/{round_id}/results", headers=auth, timeout=10)
    assert results.status_code == 200, results.text
    body = results.json()
    points = {row["title"]: row["points"] for row in body["results"]}
    assert points["Ziel aus Politik"] == 1 and points["Ziel aus Verwaltung"] == 2
    assert points["Ziel aus Zivilgesellschaft"] == 1
    assert {key: g["voters"] for key, g in body["groups"].items()} == {
        "politik": 1, "verwaltung": 1, "zivilgesellschaft": 1}

    closed = requests.post(f"{server.url}/api/v1/rounds/{round_id}/close", headers=auth, timeout=10)
    assert closed.status_code == 200, closed.text
    expect(js_phone.get_by_text("This voting round has closed.")).to_be_visible()
    for _page, _group, outside in phones:
        assert outside == []
