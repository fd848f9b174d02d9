"""Moderator, projector (1920×1080) and three phones together: collect → merge → vote → close →
results; the screen follows by itself and its results match the votes cast."""
from __future__ import annotations

import re

from playwright.sync_api import expect

GROUPS = ("politik", "verwaltung", "zivilgesellschaft")


def _join(phone, server, group):
    phone.goto(f"{server.url}/j/{server.workshop_code}")
    phone.locator(f'input[name="group"][value="{group}"]').check()
    phone.get_by_role("button", name=re.compile("Teilnehmen|Beitreten|Join")).click()
    expect(phone).to_have_url(re.compile(r"/w/"))


def _api(phone, method, path, body):
    token = phone.locator('meta[name="csrf-token"]').get_attribute("content")
    response = phone.request.fetch(phone.url.split("/w/")[0] + "/api/v1" + path, method=method,
                                   data=body, headers={"X-CSRFToken": token})
    assert response.ok, response.text()
    return response.json()


def test_collect_merge_vote_results(server, new_context, new_phone, artifacts):
    moderator = new_context(viewport={"width": 1280, "height": 900}).new_page()
    moderator.goto(f"{server.url}/auth/login")
    moderator.locator('input[name="email"]').fill(server.organizer_email)
    moderator.locator('input[name="password"]').fill(server.organizer_password)
    moderator.locator('form button[type="submit"]').click()
    moderator.goto(f"{server.url}/moderate/{server.workshop_code}")

    screen = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen.goto(server.screen_url)
    panel = screen.locator("#panel")
    expect(panel).to_have_attribute("data-mode", "join")
    expect(screen.locator(".qr svg")).to_be_visible()

    phones = [new_phone() for _ in GROUPS]
    for phone, group in zip(phones, GROUPS):
        _join(phone, server, group)
    expect(screen.locator(".group-counts .count").first).to_have_text("1")

    moderator.locator('#phase button[value="collect"]').click()
    expect(panel).to_have_attribute("data-mode", "collect")

    code = server.workshop_code
    play = _api(phones[0], "POST", f"/workshops/{code}/proposals", {"title": "Mehr Spielplätze im Quartier"})["id"]
    twin = _api(phones[1], "POST", f"/workshops/{code}/proposals", {"title": "Mehr Spielplätze im Viertel"})["id"]
    bus = _api(phones[2], "POST", f"/workshops/{code}/proposals", {"title": "Bessere Busanbindung am Abend"})["id"]
    expect(screen.locator(f'.wall-card[data-proposal="{bus}"]')).to_be_visible()

    moderator.reload()
    moderator.locator(f'#proposal-{twin} input[name="merge"]').check()
    moderator.locator(f'#proposal-{play} input[name="into"]').check()
    moderator.locator('button[form="merge-form"]').click()
    moderator.locator('form[action$="/merge/confirm"] button[type="submit"]').click()
    expect(moderator.locator(f'#proposal-{twin}')).to_have_attribute("data-state", "merged")
    expect(screen.locator(f'.wall-card[data-proposal="{twin}"]')).to_have_count(0)

    moderator.locator("#rounds details summary").click()
    moderator.locator("#round-budget").fill("5")
    moderator.locator('#rounds form[action$="/rounds"] button[type="submit"]').click()
    round_id = moderator.locator("#rounds [data-round]").first.get_attribute("data-round")
    moderator.locator("#rounds [data-shortcut=o]").click()
    expect(moderator.locator(f"#round-{round_id}")).to_have_attribute("data-state", "open")
    moderator.locator("body").press("n")  # keyboard shortcut: next phase (collect → vote)
    expect(panel).to_have_attribute("data-mode", "vote")

    ballots = ({play: 3, bus: 2}, {play: 3, bus: 2}, {play: 2, bus: 3})
    for phone, votes in zip(phones, ballots):
        _api(phone, "PUT", f"/rounds/{round_id}/ballot", {"votes": {str(k): v for k, v in votes.items()}})
    expect(screen.locator(".progress-list .count")).to_have_text([re.compile(r"^1\D+1")] * 3)

    moderator.locator("#rounds [data-shortcut=o]").click()  # close
    expect(moderator.locator(f"#round-{round_id}")).to_have_attribute("data-state", "closed")
    moderator.locator('#phase button[value="results"]').click()
    expect(panel).to_have_attribute("data-mode", "results")

    rows = screen.locator("#results-table tbody tr")
    expect(rows.first).to_have_attribute("data-proposal", str(play))
    expect(screen.locator(f'#results-table tr[data-proposal="{play}"] [data-points]')).to_have_text("8")
    expect(screen.locator(f'#results-table tr[data-proposal="{bus}"] [data-points]')).to_have_text("7")
    expect(screen.locator(".result-row.is-top .consensus-mark")).to_be_visible()
    expect(screen.locator(".result-row").first.locator("rect.bar-segment")).to_have_count(3)
    screen.screenshot(path=str(artifacts / "screen-results-1920x1080.png"))
