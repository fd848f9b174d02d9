"""axe-core (vendored for tests only, injected by the browser) on every participant, moderator,
screen and organizer page, in German, English and Arabic, through a whole workshop (lobby →
collect → vote → results): no serious or critical finding.

The page list is built against the running demo server; a second test compares it with the
app's URL map, so that a new page without an axe run fails here.
"""
from __future__ import annotations

import pytest

from tests.e2e.a11y_support import (  # noqa: F401
    ALL_LANGUAGES,
    Api,
    all_languages_env,
    axe_context,
    join,
    login,
    serious_findings_in_parallel,
    set_language,
)

LANGUAGES = ("de", "en", "ar")
#: GET routes that are not HTML pages a person reads (downloads, redirects, probes, JSON).
NOT_PAGES = {
    "pages.health", "pages.set_language", "participant.join_form", "moderator.redeem_link",
    "organizer.audit_csv", "organizer.export_process", "organizer.export_workshop",
    "organizer.export_annual_report",
    "organizer.group_code_sheet", "organizer.token_sheet", "static",
    # fragments refetched by JavaScript into a checked page (the console, the screen):
    "moderator.live", "screen.panel",
    # the screen page itself, framed as the console's live miniature (checked as screen.show and
    # inside the console's axe run, which enters the frame):
    "moderator.screen_preview",
    # JSON state after a version gap, not pages:
    "moderator.state", "screen.state",
    # the public progress page and its embed variant are checked in test_public_page.py (they
    # exist only while a process is public); feeds and calendars are not pages:
    "public.page", "public.embed", "public.atom_feed", "public.json_feed", "public.deadlines",
    "organizer.process_calendar",
    # the responsible bodies' link page and the organizer's link overview need a link of their
    # own: checked in test_responsible_pages.py; the link's calendar is not a page:
    "responsible.report", "organizer.responsible_links", "responsible.calendar",
    # the letterhead's logo (an image, shown on the organizer's process page):
    "organizer.letterhead_logo",
    # a table's facilitator device needs its table's secret: checked in test_facilitator_device.py;
    # its JSON state is not a page; a table's QR link seats the phone and redirects to its page:
    "facilitator.show", "facilitator.state", "participant.table_qr",
}


@pytest.fixture(scope="module")
def server(all_languages_env, server):
    return server


@pytest.fixture(scope="module")
def demo(server):
    """Organizer objects the organizer pages need: process, field, goal, measure."""
    api = Api(server)
    api("PATCH", f"/workshops/{server.workshop_code}/settings", {"languages": ALL_LANGUAGES})
    process = api("GET", "/processes")
    process = process[0] if isinstance(process, list) else process["processes"][0]
    process = api("GET", f"/processes/{process['id']}")
    field_id = process["fields"][0]["id"]
    goal = api("POST", f"/processes/{process['id']}/goals", {"title": "Mehr Kita-Plätze", "field": field_id})
    measure = api("POST", f"/goals/{goal['id']}/measures",
                  {"title": "Neue Kita im Nordviertel", "responsible": "Jugendamt", "deadline": "2028-08-01"})
    return {"api": api, "process": process["id"], "field": field_id, "goal": goal["id"], "measure": measure["id"]}


def _pages(server, demo, stage: str, extra: dict) -> dict[str, str]:
    """endpoint → path of each page worth checking in this stage of the workshop."""
    code, p = server.workshop_code, demo["process"]
    screen_path = server.screen_url.removeprefix(server.url)
    pages = {
        "participant.home": f"/w/{code}",
        "screen.show": screen_path,
        "moderator.console": f"/moderate/{code}",
    }
    if stage == "lobby":
        pages.update({
            "pages.index": "/", "pages.privacy": "/privacy", "pages.easy_language": "/easy",
            "pages.accessibility": f"/accessibility?process={p}",
            "not-found": "/w/ZZZZZZ",
            "organizer.dashboard": "/organize/", "organizer.api_keys": "/organize/api-keys",
            "organizer.audit_log": "/organize/audit", "organizer.users": "/organize/users",
            "organizer.edit_field": f"/organize/fields/{demo['field']}/edit",
            "organizer.edit_goal": f"/organize/goals/{demo['goal']}/edit",
            "organizer.new_measure": f"/organize/goals/{demo['goal']}/measures/new",
            "organizer.edit_measure": f"/organize/measures/{demo['measure']}/edit",
            "organizer.council_papers": f"/organize/goals/{demo['goal']}/council-papers",
            "organizer.process": f"/organize/processes/{p}",
            "organizer.edit_process": f"/organize/processes/{p}/edit",
            "organizer.action_plan": f"/organize/processes/{p}/plan",
            "organizer.annual_report": f"/organize/processes/{p}/report",
            "organizer.import_form": "/organize/processes/import",
            "organizer.new_process": "/organize/processes/new",
            "organizer.workshop": f"/organize/workshops/{code}",
            "organizer.delete_workshop": f"/organize/workshops/{code}/delete",
            "organizer.adopt_measures": f"/organize/processes/{p}/adopt-measures",
            "moderator.tables_qr": f"/moderate/{code}/tables/qr",
        })
    if stage == "collect":
        pages["participant.edit_proposal"] = f"/w/{code}/proposals/{extra['proposal']}/edit"
    if stage == "vote":
        pages["moderator.round_paper"] = f"/moderate/{code}/rounds/{extra['round']}/paper"
    if stage == "results":
        pages["participant.results"] = f"/w/{code}/results"
        pages["moderator.feasibility_page"] = f"/moderate/{code}/feasibility"
    return pages


def _check(pages_of: dict, base: str, pages: dict[str, str], stage: str, findings: dict, seen: set) -> None:
    for endpoint, path in pages.items():
        # A fresh query marker: every visit is a real navigation, also to the page already open.
        url = f"{base}{path}{'&' if '?' in path else '?'}axe={len(seen)}-{stage}"
        seen.add(endpoint)
        results = serious_findings_in_parallel(list(pages_of.values()), url)
        for language, found in zip(pages_of, results):
            if found:
                findings[f"[{language} {stage}] {path}"] = found


def _same_participant(pages_of: dict) -> None:
    """One participant in three languages: the identity cookie of the first context is copied
    into the others, so that every language sees the same own proposal and ballot."""
    first, *others = pages_of.values()
    identity = [c for c in first.context.cookies() if c["name"].startswith("zw_participant")]
    assert identity
    for page in others:
        page.context.add_cookies(identity)


def test_axe_every_page_in_three_languages(server, demo, browser):
    api, code, base = demo["api"], server.workshop_code, server.url
    findings: dict[str, list] = {}
    seen: set[str] = set()
    pages_of = {}
    for language in LANGUAGES:
        context = axe_context(browser, locale="de-DE", viewport={"width": 1280, "height": 900})
        pages_of[language] = context.new_page()
        set_language(pages_of[language], base, language)
    _check(pages_of, base, {"auth.login": "/auth/login", "participant.join_code": f"/j/{code}"},
           "anonymous", findings, seen)
    join(pages_of["de"], server, name="Teilnehmerin")
    _same_participant(pages_of)
    for page in pages_of.values():
        login(page, server)
    _check(pages_of, base, _pages(server, demo, "lobby", {}), "lobby", findings, seen)

    api("PATCH", f"/workshops/{code}", {"phase": "collect"})
    page = pages_of["de"]
    page.goto(f"{base}/w/{code}")
    proposal = page.request.fetch(
        f"{base}/api/v1/workshops/{code}/proposals", method="POST",
        data={"title": "Mehr Bänke im Park", "body": "Für Ältere"},
        headers={"X-CSRFToken": _csrf(page)}).json()["id"]
    _check(pages_of, base, _pages(server, demo, "collect", {"proposal": proposal}), "collect", findings, seen)

    round_ = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 5, "max_per_proposal": 3,
                                                       "live_results": True})
    api("POST", f"/rounds/{round_['id']}/open")
    api("PATCH", f"/workshops/{code}", {"phase": "vote"})
    _check(pages_of, base, _pages(server, demo, "vote", {"round": round_["id"]}), "vote", findings, seen)

    api("POST", f"/rounds/{round_['id']}/close")
    api("POST", f"/rounds/{round_['id']}/publish")
    api("PATCH", f"/workshops/{code}", {"phase": "results"})
    _check(pages_of, base, _pages(server, demo, "results", {}), "results", findings, seen)

    for page in pages_of.values():
        page.context.close()
    report = "\n".join(f"{where}: {f['impact']} {f['id']} – {f['help']}\n    " + "\n    ".join(f["nodes"])
                       for where, items in findings.items() for f in items)
    assert not findings, "axe found serious or critical problems:\n" + report
    assert {"participant.home", "participant.edit_proposal", "screen.show", "moderator.console",
            "organizer.workshop"} <= seen


def _csrf(page) -> str:
    return page.locator('meta[name="csrf-token"]').get_attribute("content")


def test_page_list_covers_every_html_route(server):
    """Every GET route of the app that renders a page is on the list above."""
    app = server.app()
    routes = {rule.endpoint for rule in app.url_map.iter_rules()
              if "GET" in rule.methods and not rule.rule.startswith("/api/")}
    app.extensions["zw_broadcaster"].stop()
    listed = {"auth.login", "participant.join_code"}
    for stage in ("lobby", "collect", "vote", "results"):
        listed |= set(_pages(server, {"process": 1, "field": 1, "goal": 1, "measure": 1}, stage,
                             {"proposal": 1, "round": 1}))
    missing = sorted(routes - listed - NOT_PAGES)
    assert not missing, f"pages without an axe run (add them to _pages): {missing}"
