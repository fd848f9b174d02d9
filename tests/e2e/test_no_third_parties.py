"""No third parties: a Chromium walk through a whole workshop — join, propose, vote, screen,
moderator, organizer and every export — records every network request; all go to the app's own
origin (no CDN, no font service, no analytics, no map tiles)."""
from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

FORMATS = ("csv", "xlsx", "ods", "docx", "odt", "pdf", "json")


def _recorder(context, server, seen):
    context.on("request", lambda r: seen.append(r.url))
    return context.new_page()


def test_a_whole_workshop_stays_on_our_origin(server, new_context):
    seen: list[str] = []
    phone = _recorder(new_context(locale="en-US", viewport={"width": 360, "height": 740}), server, seen)
    phone.goto(f"{server.url}/")
    phone.get_by_label("Workshop code").fill(server.workshop_code.lower())
    phone.get_by_role("button", name="Continue").click()
    phone.locator("input[name=group]").first.check()
    phone.get_by_role("button", name="Join").click()
    expect(phone).to_have_url(re.compile(rf"/w/{server.workshop_code}$"))
    phone.get_by_label("Your proposed goal").fill("Sichere Schulwege")
    phone.get_by_role("button", name="Send proposal").click()
    phone.wait_for_load_state("networkidle")
    # vote, when a round is open (the demo may have one); the form works without it too
    ballot = phone.locator("form[action*='/ballot'] button[type=submit]")
    if ballot.count():
        ballot.first.click()
        phone.wait_for_load_state("networkidle")

    screen = _recorder(new_context(locale="de-DE"), server, seen)
    screen.goto(server.screen_url)
    screen.wait_for_load_state("networkidle")

    console = _recorder(new_context(locale="de-DE"), server, seen)
    console.goto(server.moderator_url)
    console.wait_for_load_state("networkidle")

    organizer_ctx = new_context(locale="en-US")
    org = _recorder(organizer_ctx, server, seen)
    org.goto(f"{server.url}/auth/login")
    org.locator("input[name=email]").fill(server.organizer_email)
    org.locator("input[name=password]").fill(server.organizer_password)
    org.locator("form button[type=submit]").first.click()
    expect(org).to_have_url(re.compile(r"/organize/"))
    org.goto(f"{server.url}/organize/workshops/{server.workshop_code}")
    org.wait_for_load_state("networkidle")
    cookies = {c["name"]: c["value"] for c in organizer_ctx.cookies()}
    for fmt in FORMATS:  # the downloads themselves: fetched with the organizer's session
        response = requests.get(f"{server.url}/organize/workshops/{server.workshop_code}/export/{fmt}",
                                cookies=cookies, timeout=30)
        assert response.status_code == 200, fmt

    assert seen, "nothing was recorded"
    outside = sorted({url for url in seen if not url.startswith((server.url, "data:", "blob:", "about:"))})
    assert not outside, outside
