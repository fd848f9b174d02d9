"""Arabic and Farsi: <html dir="rtl">, the layout mirrored (measured, not assumed), numbers read
left to right, and user text isolated so that bidi control characters in it cannot reorder the
interface around it."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y_support import ALL_LANGUAGES, Api, all_languages_env, join, login, set_language  # noqa: F401

#: A right-to-left override that is never closed, and an isolate that is never closed either.
HOSTILE = "Spielplatz \u202eneu\u2067 bauen"

HEADER_BOXES = """() => {
  const header = document.querySelector('.site-header .container');
  const brand = header.querySelector(':scope > a').getBoundingClientRect();
  const languages = header.querySelector('nav.lang-menu summary').getBoundingClientRect();
  return {brand: [brand.left, brand.right], languages: [languages.left, languages.right]};
}"""

COUNT_ORDER = """() => {
  const remaining = document.getElementById('remaining');
  const text = remaining.nextSibling;
  const last = text.textContent.search(/\\d(?!.*\\d)/);
  const range = document.createRange();
  range.setStart(text, last); range.setEnd(text, last + 1);
  return {remaining: remaining.getBoundingClientRect().right, budget: range.getBoundingClientRect().left,
          digits: remaining.textContent + text.textContent};
}"""

NOT_ISOLATED = """text => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const bad = [];
  let found = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.includes(text)) continue;
    found++;
    const el = node.parentElement;
    if (!el.closest('bdi, [dir=auto], textarea, input, script, meta')) bad.push(el.outerHTML.slice(0, 120));
  }
  return {found: found, bad: bad};
}"""


@pytest.fixture(scope="module")
def server(all_languages_env, server):
    return server


@pytest.fixture(scope="module")
def workshop(server):
    api = Api(server)
    code = server.workshop_code
    api("PATCH", f"/workshops/{code}/settings", {"languages": ALL_LANGUAGES})
    api("PATCH", f"/workshops/{code}", {"phase": "collect"})
    proposal = api("POST", f"/workshops/{code}/moderator-proposals", {"title": HOSTILE})
    round_ = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 12, "max_per_proposal": 3})
    api("POST", f"/rounds/{round_['id']}/open")
    api("PATCH", f"/workshops/{code}", {"phase": "vote"})
    return {"proposal": proposal["id"], "round": round_["id"]}


def _header(page):
    return page.evaluate(HEADER_BOXES)


def test_rtl_mirrors_the_layout(server, workshop, new_context):
    page = new_context(viewport={"width": 1024, "height": 800}).new_page()
    set_language(page, server.url, "de")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    ltr = _header(page)
    assert ltr["brand"][1] <= ltr["languages"][0], "LTR: the brand stands left of the languages"
    for code in ("ar", "fa"):
        set_language(page, server.url, code)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        rtl = _header(page)
        assert rtl["languages"][1] <= rtl["brand"][0], f"{code}: the header is not mirrored: {rtl}"
        # The main column starts at the right: a heading's text hugs the right edge.
        heading = page.locator("main h1").bounding_box()
        main = page.locator("main").bounding_box()
        assert main["x"] + main["width"] - (heading["x"] + heading["width"]) < 40


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_numbers_and_user_text_in_rtl(server, workshop, new_context, code):
    page = new_context(viewport={"width": 400, "height": 800}).new_page()
    set_language(page, server.url, code)
    join(page, server, name=HOSTILE)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # "12 / 12 points left" must not turn into "12 / 12" read the wrong way round: spend 1 first.
    page.locator(f'#item-{workshop["proposal"]} button[value$=":+1"]').click()
    expect(page.locator("#remaining")).to_have_text("11")
    order = page.evaluate(COUNT_ORDER)
    assert order["remaining"] <= order["budget"], f"the count reads right to left: {order}"

    isolation = page.evaluate(NOT_ISOLATED, HOSTILE)
    assert isolation["found"], "the proposal is not shown"
    assert not isolation["bad"], f"user text not isolated: {isolation['bad']}"


def test_moderator_console_isolates_user_text(server, workshop, new_context):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    set_language(page, server.url, "ar")
    login(page, server)
    page.goto(f"{server.url}/moderate/{server.workshop_code}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    isolation = page.evaluate(NOT_ISOLATED, HOSTILE)
    assert isolation["found"] and not isolation["bad"], isolation
