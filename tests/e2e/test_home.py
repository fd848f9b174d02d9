"""The first walk through the app in a real browser: start page, language switch, sign-in."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_home_language_switch_and_organizer_login(server, new_context):
    page = new_context(locale="de-DE").new_page()
    requests_seen = []
    page.on("request", lambda request: requests_seen.append(request.url))
    page.goto(server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("An einem Workshop teilnehmen")

    page.locator(".lang-menu summary").click()  # one compact control: open it, then choose
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join a workshop")

    page.get_by_role("link", name="Sign in for organizers and moderators").click()
    page.get_by_label("Email address").fill(server.organizer_email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Email address or password is wrong.")).to_be_visible()

    page.get_by_label("Password").fill(server.organizer_password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/organize/"))
    assert all(url.startswith(server.url) for url in requests_seen), requests_seen
