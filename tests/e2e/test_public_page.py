"""The public progress page in a real browser: accessible in German and English (axe: no serious
or critical finding), readable on a phone, complete without JavaScript, and embeddable only by
the websites the organizer listed (CSP frame-ancestors), checked with a parent page served from
a second local HTTP server."""
from __future__ import annotations

import threading
from datetime import date, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from testkit.servers import free_port
from tests.e2e.a11y_support import axe_context, horizontal_overflow, login, serious_findings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture(scope="module")
def parent_site(tmp_path_factory):
    """The town's website: a second HTTP server on another port, serving a page with the iframe."""
    root = tmp_path_factory.mktemp("town-site")
    port = free_port()
    httpd = ThreadingHTTPServer(("127.0.0.1", port), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, port
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 — keep the test output clean
        pass


@pytest.fixture(scope="module")
def published(server, parent_site):
    """The organizer seed's process with measures in every state, published; embedding allowed
    for http://127.0.0.1:<parent port> only (http://localhost:<same port> is another origin)."""
    from testkit.worlds import seed
    from workshop_app.extensions import db
    from workshop_app.models import Goal, Measure, Process
    from workshop_app.services import plan, publishing
    from workshop_app.services.plumbing.audit import SYSTEM

    _root, port = parent_site
    app = server.app()
    today = date.today()
    with app.test_request_context():
        data = seed()
        process = db.session.get(Process, data.process_id)
        goal = db.session.scalar(db.select(Goal).filter_by(process_id=process.id).order_by(Goal.id))
        first = goal.measures[0]
        plan.update_measure(SYSTEM, first, status="in_progress", progress=40,
                            note="Bedarfserhebung in allen Stadtteilen abgeschlossen.")
        plan.add_note(SYSTEM, first, text="Vertraulich: Streit im Ausschuss", public=False)
        for title, status, deadline in (
                ("Elternlotsen an Grundschulen", "in_progress", today - timedelta(days=20)),
                ("Familienwegweiser drucken", "planned", today + timedelta(days=12)),
                ("Ferienbetreuung ausweiten", "done", today - timedelta(days=60)),
                ("Kita-App", "dropped", today + timedelta(days=200))):
            measure = plan.add_measure(SYSTEM, goal, title=title, responsible="Familienbüro",
                                       deadline=deadline, status="planned")
            if status != "planned":
                plan.update_measure(SYSTEM, measure, status=status, note=f"{title}: Stand")
        publishing.update_publication(SYSTEM, process, publishing.parse(True, [f"http://127.0.0.1:{port}"]))
        process_id = process.id
        measure_count = db.session.scalar(db.select(db.func.count(Measure.id)))
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    return {"id": process_id, "url": f"{server.url}/progress/{process_id}", "measures": measure_count}


def _shoot(page, artifacts, name: str, docs: bool = True) -> None:
    """The whole page to test-artifacts/; its first screen to docs/screenshots/ (the README's)."""
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    if docs:
        DOCS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(DOCS / f"{name}.png"))


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_axe_clean_and_phone_readable(browser, published, artifacts, language):
    context = axe_context(browser, locale="de-DE", viewport={"width": 360, "height": 740},
                          is_mobile=True, has_touch=True)
    page = context.new_page()
    response = page.goto(f"{published['url']}?lang={language}")
    assert response.status == 200 and "set-cookie" not in response.headers
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("details.trace").first.locator("summary").click()  # the trace open, for axe too
    assert serious_findings(page) == []
    assert horizontal_overflow(page) == 0
    assert context.cookies() == []  # nothing was stored, not even by a redirect or a sub-resource
    _shoot(page, artifacts, f"public-phone-{language}", docs=language != "ar")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{published['url']}/embed?lang={language}")
    assert serious_findings(page) == []
    page.goto(f"{published['url']}?lang={language}")
    page.locator("details.trace").first.locator("summary").click()
    _shoot(page, artifacts, f"public-desktop-{language}", docs=language != "ar")
    context.close()


def test_everything_is_there_without_javascript(new_context, published):
    page = new_context(java_script_enabled=False, locale="en-GB").new_page()
    page.goto(published["url"] + "?lang=en")
    cards = page.locator("li.measure-card")
    expect(cards).to_have_count(published["measures"])
    for word in ("on track", "at risk", "overdue", "done"):
        expect(page.locator(f"li.measure-card .light:has-text('{word}')").first).to_be_visible()
    overdue = page.locator("li.measure-card", has_text="Elternlotsen")
    expect(overdue.locator(".light")).to_have_text("overdue")
    expect(overdue.locator("progress")).to_have_attribute("value", "50")
    page.locator("details.trace summary").first.click()  # native <details>: no script needed
    expect(page.locator("ul.support-list").first).to_be_visible()
    expect(page.get_by_text("Bedarfserhebung in allen Stadtteilen abgeschlossen.")).to_be_visible()
    assert "Vertraulich" not in page.content() and "Person 0-0" not in page.content()
    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("li.measure-card", has_text="Familienwegweiser").locator("dd").nth(2)).to_have_text("geplant")


def _parent_page(root: Path, published, name: str) -> str:
    (root / name).write_text(
        "<!doctype html><html lang='de'><head><meta charset='utf-8'><title>Musterstadt</title></head><body>"
        "<h1>Website der Stadt</h1>"
        f"<iframe id='progress' title='Fortschritt' src='{published['url']}/embed' width='800' height='600'></iframe>"
        "</body></html>", encoding="utf-8")
    return name


def _framed_heading(page, url: str, app_page: str) -> str | None:
    """The heading shown in the parent page's iframe, or None if the browser refused to frame it."""
    page.goto(url)
    page.locator("iframe#progress").wait_for()
    page.wait_for_timeout(300)  # let the frame finish (or be refused)
    frame = page.locator("iframe#progress").element_handle().content_frame()
    if frame is None or not frame.url.startswith(app_page):
        return None  # refused: Chromium shows its own error document instead
    heading = frame.locator("h1")
    return heading.inner_text() if heading.count() else None


def test_embedding_only_from_listed_origins(new_context, published, parent_site):
    root, port = parent_site
    name = _parent_page(root, published, "parent.html")
    page = new_context(locale="de-DE", viewport={"width": 1280, "height": 720}).new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "frame-ancestors" in message.text else None)
    listed = _framed_heading(page, f"http://127.0.0.1:{port}/{name}", published["url"])
    assert listed == "Familiengerechte Kommune 2026–2029"
    unlisted = _framed_heading(page, f"http://localhost:{port}/{name}", published["url"])
    assert unlisted is None
    assert any("frame-ancestors" in text for text in refused)
    # the normal page is never framed, not even by a listed origin
    (root / "normal.html").write_text((root / name).read_text().replace("/embed'", "'"), encoding="utf-8")
    assert _framed_heading(page, f"http://127.0.0.1:{port}/normal.html", published["url"]) is None


def test_organizer_publication_section(browser, server, published, artifacts):
    """The process page's publish toggle and origins: axe-clean; saving shows the addresses."""
    context = axe_context(browser, locale="en-GB", viewport={"width": 1280, "height": 720})
    page = context.new_page()
    login(page, server)
    page.goto(f"{server.url}/organize/processes/{published['id']}#publication")
    section = page.locator("#publication")
    expect(section.locator("a", has_text=f"/progress/{published['id']}")).to_be_visible()
    assert serious_findings(page) == []
    section.locator("textarea[name=embed_origins]").fill("https://www.musterstadt.de\nkeine Adresse")
    section.get_by_role("button", name="Save").click()
    expect(section.locator(".error-text")).to_contain_text("keine Adresse")
    assert serious_findings(page) == []
    section.screenshot(path=str(artifacts / "public-organizer-section.png"))
    page.goto(f"{server.url}/organize/processes/{published['id']}/plan")  # progress in the action plan
    expect(page.locator("progress").first).to_be_visible()
    assert serious_findings(page) == []
    page.screenshot(path=str(artifacts / "public-organizer-plan.png"), full_page=True)
    page.locator("a", has_text="Edit or report progress").first.click()
    expect(page.locator("input[name=progress]")).to_be_visible()
    assert serious_findings(page) == []
    context.close()
