"""The responsible body's update page and the organizer's link overview in a real browser:
axe (no serious or critical finding) in German, English and Arabic, readable on a phone, and the
form works without JavaScript."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from testkit.servers import TEST_SECRET
from tests.e2e.a11y_support import axe_context, horizontal_overflow, login, serious_findings, set_language


def _app(server):
    from tests.conftest import make_app

    return make_app(server.database_uri, server.process.instance, SECRET_KEY=TEST_SECRET)


@pytest.fixture(scope="module")
def linked(server):
    """Two processes with measures of two addresses; the Jugendamt's link of the first process."""
    from tests.integration.responsible_support import JUGENDAMT, seed_plan
    from workshop_app.extensions import db
    from workshop_app.models import Process, User
    from workshop_app.services import responsible_links
    from workshop_app.services.plumbing import tx
    from workshop_app.services.plumbing.audit import SYSTEM

    app = _app(server)
    with app.test_request_context():
        data = seed_plan()
        with tx.write():
            organizer = db.session.scalar(db.select(User).filter_by(email=server.organizer_email))
            process = db.session.get(Process, data.process_a)
            process.members.append(organizer)
        _link, secret = responsible_links.issue(SYSTEM, db.session.get(Process, data.process_a), JUGENDAMT)
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    return {"data": data, "path": f"/report/{secret}"}


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_link_page_is_accessible_on_a_phone(browser, server, linked, artifacts, language):
    context = axe_context(browser, locale="de-DE", viewport={"width": 360, "height": 740}, is_mobile=True,
                          has_touch=True)
    page = context.new_page()
    set_language(page, server.url, language)
    response = page.goto(server.url + linked["path"])
    assert response.status == 200
    expect(page.locator("section.measure")).to_have_count(4)
    assert serious_findings(page) == []
    assert horizontal_overflow(page) == 0
    page.screenshot(path=str(artifacts / f"responsible-link-{language}.png"), full_page=True)
    # the error state: a bad percentage, shown next to its field
    page.locator("section.measure").first.locator('input[type="number"]').fill("150")
    page.locator('form button[type="submit"]').last.click()
    expect(page.locator('[aria-invalid="true"]')).to_have_count(1)
    assert serious_findings(page) == []
    page.screenshot(path=str(artifacts / f"responsible-link-error-{language}.png"), full_page=True)
    context.close()


def test_organizer_link_overview_is_accessible(browser, server, linked, artifacts):
    context = axe_context(browser, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, server)
    page.goto(f"{server.url}/organize/processes/{linked['data'].process_a}/responsible")
    expect(page.locator("table.table tbody tr")).to_have_count(2)
    assert serious_findings(page) == []
    page.screenshot(path=str(artifacts / "responsible-links-organizer.png"), full_page=True)
    context.close()


def test_report_without_javascript(new_context, server, linked):
    from workshop_app.extensions import db
    from workshop_app.models import Measure

    page = new_context(java_script_enabled=False, locale="en-GB").new_page()
    set_language(page, server.url, "en")
    page.goto(server.url + linked["path"])
    card = page.locator("section.measure", has_text="Elternbefragung")
    card.get_by_label("Progress in percent (0 to 100)").fill("70")
    card.get_by_label("What happened? (optional)").fill("Fragebogen ausgewertet")
    card.get_by_label("Everyone (public progress page)").check()
    page.get_by_role("button", name="Save all").click()
    expect(page.get_by_text("1 measure was updated")).to_be_visible()
    expect(card.get_by_label("Progress in percent (0 to 100)")).to_have_value("70")
    app = _app(server)
    with app.app_context():
        measure = db.session.get(Measure, linked["data"].measures["overdue"])
        assert measure.progress == 70 and measure.notes[-1].public is True
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
