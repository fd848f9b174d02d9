"""Issue 14, the phone at 320×640 and 390×844, in German and Arabic: the ranking shows the number
it sorts by and fits 320 px, one compact language control, "saved" next to the tapped item, an
approval over the limit said and kept, earlier results reachable — and axe-clean in de, en, ar.

Screenshots go to test-artifacts/phone-*.png; the first screen of the German phone at 390 px to
docs/screenshots/phone-*.png (the README's)."""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.e2e.a11y_support import (  # noqa: F401
    ALL_LANGUAGES,
    Api,
    all_languages_env,
    axe_context,
    horizontal_overflow,
    join,
    serious_findings,
    set_language,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMEOUT = 10000
VIEWPORTS = {"320": {"width": 320, "height": 640}, "390": {"width": 390, "height": 844}}
SAVED = {"de": "Gespeichert.", "ar": None, "en": "Saved."}  # ar: whatever the catalogue says
ZW_SAVING = __import__("re").compile("…")  # "Saving…" in any language
LONG = ["Ganztagsbetreuungsangebote für Grundschulkinder in allen Ortsteilen ausbauen",
        "Sprachförderung in allen Kindertagesstätten",
        "Sichere Radwege zur Schule",
        "Familienzentrum mit Beratungsangeboten im Rathaus einrichten"]

FITS = """() => {
  const width = document.documentElement.clientWidth, out = [];
  document.querySelectorAll('.results-table').forEach(table => {
    const wrap = table.closest('.table-wrap'), box = table.getBoundingClientRect();
    out.push({left: box.left, right: box.right, width: width,
              scroll: wrap.scrollWidth - wrap.clientWidth,
              cells: Array.from(table.querySelectorAll('td, th')).filter(
                  c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.trim().slice(0, 30))});
  });
  return out;
}"""


@pytest.fixture(scope="module")
def server(all_languages_env, server):
    return server


@pytest.fixture(scope="module")
def room(server):
    """An earlier dots round (closed, published: its ranking differs from its raw points) and an
    open approval round (at most 2) whose live results phones see."""
    api = Api(server)
    code = server.workshop_code
    api("PATCH", f"/workshops/{code}/settings", {"languages": ALL_LANGUAGES, "groups": [
        "Politik | Gemeinderat, Ortsbeiräte, Fraktionen",
        {"name": "Verwaltung", "description": "Ämter, Kita- und Schulträger"},
        "Zivilgesellschaft | Vereine, Eltern, Jugendliche, alle Bürgerinnen und Bürger"]})
    console = api("GET", f"/workshops/{code}/console")
    for round_ in console.get("rounds", []):
        if round_.get("state") == "open":
            api("POST", f"/rounds/{round_['id']}/close")
    api("PATCH", f"/workshops/{code}", {"phase": "collect"})
    ids = [api("POST", f"/workshops/{code}/moderator-proposals", {"title": t})["id"] for t in LONG]
    first = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 5, "max_per_proposal": 5,
                                                      "title": "Erste Runde"})
    api("POST", f"/rounds/{first['id']}/open")
    # One group piles 6 points on one proposal; every group gives a little to another.
    for group, votes in [("politik", {ids[0]: 5}), ("politik", {ids[0]: 1}), ("politik", {ids[1]: 1}),
                         ("verwaltung", {ids[1]: 2}), ("zivilgesellschaft", {ids[1]: 1, ids[2]: 1})]:
        _vote(server, group, first["id"], votes)
    api("POST", f"/rounds/{first['id']}/close")
    api("POST", f"/rounds/{first['id']}/publish")
    api("PATCH", f"/workshops/{code}", {"phase": "vote"})
    second = api("POST", f"/workshops/{code}/rounds", {"method": "approval", "budget": 2, "live_results": True,
                                                       "title": "Zustimmung"})
    api("POST", f"/rounds/{second['id']}/open")
    _vote(server, "verwaltung", second["id"], {ids[2]: 1, ids[3]: 1})
    return {"ids": ids, "first": first["id"], "second": second["id"]}


def _vote(server, group, round_id, votes):
    joined = requests.post(f"{server.url}/api/v1/workshops/{server.workshop_code}/join",
                           json={"group": group}, timeout=10)
    assert joined.status_code == 201, joined.text
    stored = requests.put(f"{server.url}/api/v1/rounds/{round_id}/ballot", timeout=10,
                          headers={"Authorization": f"Bearer {joined.json()['token']}"},
                          json={"votes": {str(k): v for k, v in votes.items()}})
    assert stored.status_code == 200, stored.text


def _shoot(page, artifacts, name: str, docs: bool) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    if docs:
        DOCS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS / f"{name}.png"))


def _shoot_screen(page, artifacts, name: str, docs: bool) -> None:
    """What the person sees right now (the viewport), to test-artifacts/ (and docs/)."""
    page.screenshot(path=str(artifacts / f"{name}.png"))
    if docs:
        DOCS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS / f"{name}.png"))


def _fits(page) -> None:
    tables = page.evaluate(FITS)
    assert tables, "no results table on the page"
    for table in tables:
        assert table["left"] >= 0 and table["right"] <= table["width"] + 0.5, table
        assert table["scroll"] <= 1, table  # the table needs no sideways scrolling
        assert table["cells"] == [], table  # nothing cut inside a cell
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("size", ["320", "390"])
@pytest.mark.parametrize("language", ["de", "ar"])
def test_phone_vote_results_and_language_menu(server, room, new_context, artifacts, language, size):
    context = new_context(viewport=VIEWPORTS[size], is_mobile=True, has_touch=True, locale="de-DE")
    page = context.new_page()
    set_language(page, server.url, language)
    join(page, server, group="politik")
    expect(page.locator("#ballot-form")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")

    # One compact language control: closed, it is one line of the header; open, all seven.
    menu = page.locator("nav.lang-menu")
    assert menu.bounding_box()["height"] <= 50
    expect(menu.locator(".lang-switch a")).to_have_count(7)
    expect(menu.locator(".lang-switch")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 120, header  # the languages no longer fill the first screen

    # "Saved" next to the tapped item; a third approval (at most 2) is refused and stays said.
    items = [page.locator("#ballot-form .proposal-item", has_text=title) for title in LONG]
    expect(page.locator("#group-change")).to_have_count(1)  # a wrong group can be corrected ...
    items[1].locator("input[type=checkbox]").check()
    status = page.locator("#ballot-status")
    expect(items[1].locator("#ballot-status")).to_be_visible(timeout=TIMEOUT)
    if SAVED[language]:
        expect(status).to_have_text(SAVED[language], timeout=TIMEOUT)
    else:
        expect(status).not_to_have_class("error-text")
        expect(status).not_to_have_text("")
    expect(page.locator("#group-change")).to_have_count(0)  # ... until the first vote
    items[2].locator("input[type=checkbox]").check()
    expect(items[2].locator("#ballot-status")).to_be_visible(timeout=TIMEOUT)
    expect(status).not_to_have_text(ZW_SAVING, timeout=TIMEOUT)
    box, mark = items[2].bounding_box(), status.bounding_box()
    assert box["y"] <= mark["y"] and mark["y"] + mark["height"] <= box["y"] + box["height"] + 0.5
    page.evaluate("el => el.scrollIntoView({block: 'center'})", items[2].element_handle())
    _shoot_screen(page, artifacts, f"phone-saved-{language}-{size}", docs=size == "390" and language == "de")
    items[3].locator("label").click()
    refused = items[3].locator("#ballot-status")
    expect(refused).to_have_class("error-text")
    expect(refused).to_contain_text("2")
    expect(items[3].locator("input[type=checkbox]")).not_to_be_checked()
    before = page.locator("#results-table").inner_text()
    _vote(server, "zivilgesellschaft", room["second"], {room["ids"][0]: 1})  # a tally arrives
    expect(page.locator("#results-table")).not_to_have_text(before, timeout=TIMEOUT)
    page.wait_for_timeout(500)
    expect(refused).to_be_visible()  # still said after the live update
    expect(refused).to_have_class("error-text")
    page.evaluate("el => el.scrollIntoView({block: 'center'})", items[3].element_handle())
    _shoot_screen(page, artifacts, f"phone-limit-{language}-{size}", docs=size == "390" and language == "de")
    _fits(page)
    name = f"phone-vote-{language}-{size}"
    page.evaluate("window.scrollTo(0, 0)")
    _shoot(page, artifacts, name, docs=size == "390")

    menu.locator("summary").click()
    expect(menu.locator(".lang-switch")).to_be_visible()
    for link in menu.locator(".lang-switch a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[size]["width"] + 0.5, box
    _shoot(page, artifacts, f"phone-languages-{language}-{size}", docs=size == "390" and language == "de")
    menu.locator("summary").click()

    # Earlier results: the first round is reachable although a later one is open.
    page.locator("#all-results").click()
    section = page.locator(f"#round-{room['first']}")
    expect(section).to_contain_text("Erste Runde")
    rows = section.locator("tbody tr")
    values = [float(v.replace(",", ".").replace("٫", ".")) for v in
              section.locator("tbody .score").all_inner_texts()]
    assert values == sorted(values, reverse=True), values  # rank and shown number agree
    first = rows.first.inner_text()
    assert LONG[1] in first.replace("\u00ad", "")  # 4 points from every group beat 6 from one
    assert "\u00ad" in page.locator(f"#round-{room['first']} tbody").inner_text()  # syllable breaks
    _fits(page)
    _shoot(page, artifacts, f"phone-results-{language}-{size}", docs=size == "390")


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_changed_phone_pages_are_axe_clean(browser, server, room, artifacts, language):
    context = axe_context(browser, locale="de-DE", viewport=VIEWPORTS["390"], is_mobile=True, has_touch=True)
    page = context.new_page()
    set_language(page, server.url, language)
    page.goto(f"{server.url}/j/{server.workshop_code}")
    expect(page.get_by_text("Ämter, Kita- und Schulträger")).to_be_visible()
    _shoot_screen(page, artifacts, f"phone-join-{language}", docs=language == "de")
    assert serious_findings(page) == []  # the join page with its group explanations
    join(page, server, group="verwaltung")
    expect(page.locator("#ballot-form")).to_be_visible(timeout=TIMEOUT)
    page.locator("#group-change summary").click()
    expect(page.locator("#group-change")).to_contain_text("Verwaltung")
    page.locator("#group-change").scroll_into_view_if_needed()
    _shoot_screen(page, artifacts, f"phone-group-change-{language}", docs=language == "de")
    page.locator("nav.lang-menu summary").click()
    assert serious_findings(page) == []  # vote, live results, legend, group change, languages open
    page.goto(f"{server.url}/w/{server.workshop_code}/results")
    assert serious_findings(page) == []
    context.close()
