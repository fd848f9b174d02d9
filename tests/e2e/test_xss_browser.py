"""XSS in Chromium: the payload corpus planted in the demo workshop (and sent live by a phone)
opens no dialog, fires no sentinel and causes no CSP violation on any participant, moderator,
screen or organizer page; every request goes to the app's own origin."""
from __future__ import annotations

import re

import requests
from playwright.sync_api import expect

from tests.security.hostile import load_payloads

PAYLOADS = load_payloads()
WATCH = """
window.__zw = {fired: [], csp: []};
window.zwXss = function () { window.__zw.fired.push('sentinel'); };
document.addEventListener('securitypolicyviolation', function (e) {
  window.__zw.csp.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def _plant(server) -> None:
    from workshop_app.extensions import db
    from workshop_app.models import FieldOfAction, Participant, Proposal, Workshop
    from workshop_app.services.plumbing import tx

    app = server.app()
    with app.test_request_context():
        workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=server.workshop_code))
        with tx.write():
            for n, text in enumerate(PAYLOADS):
                db.session.add(Proposal(workshop_id=workshop.id, title=text[:120], body=text,
                                        author_kind="participant", state="published"))
                db.session.add(Participant(workshop_id=workshop.id, group_id=workshop.groups[n % 3].id,
                                           display_name=text[:60], secret_hash=f"xss{n:061d}"))
            for n, text in enumerate(PAYLOADS[:8]):
                db.session.add(FieldOfAction(process_id=workshop.process_id, name=f"{n} {text}"[:120],
                                             description=text, position=200 + n))
            workshop.groups[0].name = PAYLOADS[10][:80]
            workshop.venue = PAYLOADS[0][:200]
            workshop.bump()
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()


def _watched(context, server):
    page = context.new_page()
    page.add_init_script(WATCH)
    dialogs, outside, console_csp = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None)
    page.on("console", lambda m: console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    return page, dialogs, outside, console_csp


def _clean(page, dialogs, outside, console_csp, where):
    state = page.evaluate("window.__zw")
    assert not dialogs, (where, dialogs)
    assert not state["fired"], (where, state)
    assert not state["csp"] and not console_csp, (where, state["csp"], console_csp)
    assert not outside, (where, outside)


def test_payloads_stay_inert_in_chromium(server, new_context):
    _plant(server)
    # a phone joins, sees every proposal, and sends more payloads live
    phone_ctx = new_context(locale="en-US")
    phone, *watch = _watched(phone_ctx, server)
    phone.goto(f"{server.url}/j/{server.workshop_code}")
    phone.locator("input[name=group]").first.check()
    phone.get_by_role("button", name="Join").click()
    expect(phone).to_have_url(re.compile(rf"/w/{server.workshop_code}$"))
    phone.wait_for_load_state("networkidle")
    _clean(phone, *watch, "participant page")
    assert "zwtpl{{7*7}}" in phone.inner_text("body")  # shown as text, not evaluated or dropped
    assert "<script>alert(1)</script>" in phone.inner_text("body")

    screen_ctx = new_context(locale="de-DE")
    screen, *screen_watch = _watched(screen_ctx, server)
    screen.goto(server.screen_url)
    screen.wait_for_load_state("networkidle")

    moderator_ctx = new_context(locale="de-DE")
    console, *console_watch = _watched(moderator_ctx, server)
    console.goto(server.moderator_url)
    console.wait_for_load_state("networkidle")

    # live: the phone's own session posts payload proposals through the JSON API
    token = phone.locator("meta[name=csrf-token]").get_attribute("content")
    cookies = {c["name"]: c["value"] for c in phone_ctx.cookies()}
    for text in PAYLOADS[:10]:
        response = requests.post(f"{server.url}/api/v1/workshops/{server.workshop_code}/proposals",
                                 json={"title": text[:120]}, cookies=cookies,
                                 headers={"X-CSRFToken": token}, timeout=10)
        assert response.status_code in (201, 422, 409), response.text
    screen.wait_for_timeout(1500)
    _clean(screen, *screen_watch, "screen (live)")
    _clean(console, *console_watch, "moderator console (live)")
    _clean(phone, *watch, "participant page (live)")
    assert PAYLOADS[1] in console.inner_text("body")  # the live proposal arrived, as text

    # organizer pages: dashboard, workshop, process, plan
    organizer_ctx = new_context(locale="en-US")
    org, *org_watch = _watched(organizer_ctx, server)
    org.goto(f"{server.url}/auth/login")
    org.locator("input[name=email]").fill(server.organizer_email)
    org.locator("input[name=password]").fill(server.organizer_password)
    org.locator("form button[type=submit]").first.click()
    expect(org).to_have_url(re.compile(r"/organize/"))
    links = {a for a in org.eval_on_selector_all("a[href^='/organize/']", "els => els.map(e => e.getAttribute('href'))")
             if "/export/" not in a and not a.endswith((".pdf", ".csv"))}
    for href in sorted(links)[:15]:
        org.goto(server.url + href)
        org.wait_for_load_state("domcontentloaded")
        _clean(org, *org_watch, href)
