"""Priority × feasibility (issue 17, item 6) in real Chromium: after a priority vote the
administration's phone rates feasibility while a politician's phone says the administration is
assessing; closing puts the 2 × 2 matrix on the projector, drawn from the pushed state, readable
at 1280×720 and 1920×1080 with no marker overlapping another or leaving the screen."""
from __future__ import annotations

import random
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.a11y_support import axe_context, serious_findings
from tests.e2e.api_support import ApiModerator, api_participant

GROUPS = ("politik", "verwaltung", "zivilgesellschaft")
SHOTS = Path("/work/notes/shots")
MORE_GOALS = (
    "Ganztagsbetreuung an allen Grundschulen bis 2028",
    "Spielplatz am Stadtpark sanieren und barrierefrei machen",
    "Familienpass mit Ermäßigungen für Bad, Bibliothek und Museum",
    "Mehrgenerationenhaus im Nordviertel",
    "Beratungsangebote für Alleinerziehende bündeln",
    "Bezahlbarer Wohnraum für große Familien",
    "Barrierefreie Bushaltestellen",
    "Mittagessen in Kita und Schule kostenfrei",
    "Mehrsprachige Informationen für Eltern",
)


def _join(phone, server, group):
    phone.goto(f"{server.url}/j/{server.workshop_code}")
    phone.locator(f'input[name="group"][value="{group}"]').check()
    phone.get_by_role("button", name=re.compile("Teilnehmen|Beitreten|Join")).click()
    expect(phone).to_have_url(re.compile(r"/w/"))


def _boxes_apart(page) -> list[str]:
    """Markers that overlap another or leave the viewport (should be none)."""
    return page.evaluate("""() => {
        const boxes = [...document.querySelectorAll('#panel .matrix-marker circle')]
            .map(c => c.getBoundingClientRect());
        const bad = [];
        boxes.forEach((a, i) => {
            if (a.left < 0 || a.top < 0 || a.right > innerWidth || a.bottom > innerHeight) bad.push('out ' + i);
            boxes.slice(i + 1).forEach((b, j) => {
                const dx = (a.left + a.right - b.left - b.right) / 2, dy = (a.top + a.bottom - b.top - b.bottom) / 2;
                if (Math.hypot(dx, dy) < (a.width + b.width) / 2 - 0.5) bad.push(i + '/' + (i + j + 1));
            });
        });
        return bad;
    }""")


def _fits(page) -> None:
    """The chart and the quadrant lists lie inside the viewport, above the footer."""
    footer = page.locator(".screen-footer").bounding_box()
    for selector in ("#panel .matrix-chart", "#panel .matrix-lists"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1, selector
        assert box["y"] + box["height"] <= footer["y"] + 1, selector
    for item in page.locator("#panel .matrix-list li").all():
        box = item.bounding_box()
        assert box and box["y"] + box["height"] <= footer["y"] + 1, item.inner_text()


def test_assessor_phone_rates_and_the_screen_shows_the_matrix(server, new_context, new_phone):
    SHOTS.mkdir(parents=True, exist_ok=True)
    moderator = ApiModerator(server)
    for title in MORE_GOALS:
        made = moderator.session.post(f"{moderator.base}/workshops/{server.workshop_code}/moderator-proposals",
                                      json={"title": title}, timeout=10)
        assert made.status_code == 201, made.text
    moderator.phase("vote")
    priority = moderator.round(method="dots", budget=5, title="Welche Ziele zuerst?")
    moderator.act(priority, "open")
    ids = [r["proposal_id"] for r in moderator.session.get(
        f"{moderator.base}/rounds/{priority}/moderator-results", timeout=10).json()["results"]]
    rng = random.Random(17)
    for group in GROUPS:
        for _ in range(3):
            voter = api_participant(server, group)
            picks = rng.sample(ids, 3)
            votes = {str(picks[0]): 3, str(picks[1]): 1, str(picks[2]): 1}
            assert voter.put(f"{voter.base}/rounds/{priority}/ballot", json={"votes": votes}, timeout=10).ok
    moderator.act(priority, "close")
    created = moderator.session.post(f"{moderator.base}/rounds/{priority}/feasibility",
                                     json={"title": "Wie gut ist das Ziel umsetzbar?"}, timeout=10)
    assert created.status_code == 201, created.text
    feasibility = created.json()["id"]

    assessor, politician = new_phone(), new_phone()
    _join(assessor, server, "verwaltung")
    _join(politician, server, "politik")
    screen = new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen.goto(server.screen_url)
    moderator.act(feasibility, "start")

    expect(politician.locator("#assessing-notice")).to_be_visible()
    expect(politician.locator("#ballot-form")).to_have_count(0)
    politician.screenshot(path=str(SHOTS / "feasibility-phone-waiting.png"))
    form = assessor.locator("#ballot-form")
    expect(form).to_be_visible()
    expect(form).to_contain_text("1 = schwer umsetzbar")  # drawn by participant.js from the pushed round
    fieldsets = form.locator("fieldset")
    expect(fieldsets).to_have_count(len(ids))
    for index in range(len(ids) - 1):  # the last goal stays unrated: "not assessed yet"
        choice = fieldsets.nth(index).locator(f'input[value="{index % 5 + 1}"]')
        for _attempt in range(5):  # each change saves at once; a redraw may race the click
            choice.locator("xpath=..").click()
            if choice.is_checked():
                break
            assessor.wait_for_timeout(200)
        expect(choice).to_be_checked()
    unrated = int(fieldsets.nth(len(ids) - 1).locator("input").first.get_attribute("name").split("-")[1])
    assessor.screenshot(path=str(SHOTS / "feasibility-phone-assessor.png"))
    assessor.locator("#ballot-save").click()
    expect(assessor.locator("#ballot-status")).to_be_visible()
    for _ in range(2):  # two more administration phones, over the API
        colleague = api_participant(server, "verwaltung")
        votes = {str(pid): rng.randint(1, 5) for pid in ids if pid != unrated}
        assert colleague.put(f"{colleague.base}/rounds/{feasibility}/ballot", json={"votes": votes}, timeout=10).ok
    refused = api_participant(server, "politik").put(
        f"{server.url}/api/v1/rounds/{feasibility}/ballot", json={"votes": {str(ids[0]): 5}}, timeout=10)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_assessor"

    closed = moderator.session.post(f"{moderator.base}/rounds/{feasibility}/close", json={"show_results": True},
                                    timeout=10)
    assert closed.status_code == 200, closed.text
    panel = screen.locator("#panel")
    expect(panel).to_have_attribute("data-mode", "matrix")
    expect(screen.locator("#panel .matrix-marker")).to_have_count(len(ids) - 1)
    expect(screen.locator('#panel ol[data-list="unassessed"] li')).to_have_count(1)
    drawn = screen.locator("#panel .matrix-marker").evaluate_all("els => els.map(e => e.getAttribute('data-goal'))")
    for width, height in ((1920, 1080), (1280, 720)):
        screen.set_viewport_size({"width": width, "height": height})
        screen.wait_for_timeout(300)
        assert _boxes_apart(screen) == []
        _fits(screen)
        screen.screenshot(path=str(SHOTS / f"feasibility-screen-{width}x{height}.png"))
    # the server's own rendering (a reload) draws the same markers as the pushed state did
    screen.reload()
    expect(panel).to_have_attribute("data-mode", "matrix")
    assert screen.locator("#panel .matrix-marker").evaluate_all(
        "els => els.map(e => e.getAttribute('data-goal'))") == drawn

    # the console: the matrix and who assessed (the organizer's session, over plain HTTP)
    console = new_context(viewport={"width": 1280, "height": 900}).new_page()
    console.goto(f"{server.url}/auth/login")
    console.locator('input[name="email"]').fill(server.organizer_email)
    console.locator('input[name="password"]').fill(server.organizer_password)
    console.locator('form button[type="submit"]').click()
    console.goto(f"{server.url}/moderate/{server.workshop_code}/feasibility")
    section = console.locator(f"#feasibility-{feasibility}")
    expect(section.locator(".matrix-chart")).to_be_visible()
    expect(section.locator(".feasibility-progress")).to_contain_text("3")
    expect(section.locator(".matrix-marker")).to_have_count(len(ids) - 1)
    section.screenshot(path=str(SHOTS / "feasibility-console.png"))


def test_thirty_goals_still_fit_without_overlaps(server, new_context, browser):
    """A long wish list: 30 goals (the markers shrink to fit their quadrant, the lists page)."""
    moderator = ApiModerator(server)
    base, code = moderator.base, server.workshop_code
    for n in range(16):
        made = moderator.session.post(f"{base}/workshops/{code}/moderator-proposals",
                                      json={"title": f"Zusätzliches Ziel Nummer {n + 1} mit einem längeren Titel"},
                                      timeout=10)
        assert made.status_code == 201, made.text
    priority = moderator.round(method="approval", title="Was ist wichtig?")
    moderator.act(priority, "start")
    ids = [r["proposal_id"] for r in moderator.session.get(f"{base}/rounds/{priority}/moderator-results",
                                                           timeout=10).json()["results"]]
    rng = random.Random(5)
    for group in GROUPS:
        for _ in range(4):
            voter = api_participant(server, group)
            assert voter.put(f"{voter.base}/rounds/{priority}/ballot", timeout=10,
                             json={"votes": {str(i): 1 for i in rng.sample(ids, 12)}}).ok
    moderator.act(priority, "close")
    feasibility = moderator.session.post(f"{base}/rounds/{priority}/feasibility", json={}, timeout=10).json()["id"]
    moderator.act(feasibility, "open")
    for _ in range(3):
        rater = api_participant(server, "verwaltung")
        assert rater.put(f"{rater.base}/rounds/{feasibility}/ballot", timeout=10,
                         json={"votes": {str(i): rng.choice((4, 5, 5, 4, 3)) for i in ids}}).ok
    assert moderator.session.post(f"{base}/rounds/{feasibility}/close", json={"show_results": True},
                                  timeout=10).status_code == 200
    screen = new_context(viewport={"width": 1280, "height": 720}).new_page()
    screen.goto(server.screen_url)
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "matrix")
    expect(screen.locator("#panel .matrix-marker")).to_have_count(len(ids))
    for width, height in ((1280, 720), (1920, 1080)):
        screen.set_viewport_size({"width": width, "height": height})
        screen.wait_for_timeout(300)
        assert _boxes_apart(screen) == []
        screen.screenshot(path=str(SHOTS / f"feasibility-screen-30-goals-{width}x{height}.png"))
    assert moderator.session.patch(f"{base}/workshops/{code}", json={"theme": "light"}, timeout=10).ok
    expect(screen.locator("html")).to_have_attribute("data-theme", "light")
    screen.screenshot(path=str(SHOTS / "feasibility-screen-light-1920x1080.png"))
    # axe-core finds nothing serious or critical on the matrix
    checked = axe_context(browser, viewport={"width": 1280, "height": 720}, locale="de-DE").new_page()
    checked.goto(server.screen_url)
    expect(checked.locator("#panel")).to_have_attribute("data-mode", "matrix")
    assert serious_findings(checked) == []
    checked.context.close()
    assert moderator.session.patch(f"{base}/workshops/{code}", json={"theme": "dark"}, timeout=10).ok
