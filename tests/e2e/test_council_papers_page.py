"""Council decisions in a real browser against the real gevent server and a local OParl server:
search the body's papers, link one in one click, see a failing link kept with its reason, axe
finds nothing serious; and a slow council system never holds up the rest of the server."""
from __future__ import annotations

import threading
import time

import pytest
import requests
from playwright.sync_api import expect

from testkit.servers import TEST_SECRET, start_server
from tests.e2e.a11y_support import axe_context, login, serious_findings
from tests.e2e.conftest import DemoServer
from tests.integration.oparl_support import OParlServer, Running


@pytest.fixture(scope="module")
def oparl_server():
    with Running(OParlServer(slow_seconds=2.5)) as running:
        yield running


@pytest.fixture(scope="module")
def council_server(tmp_path_factory, oparl_server):
    """The demo installation, served by gevent, with the local OParl server configured."""
    from testkit.worlds import seed
    from tests.conftest import make_app
    from workshop_app.extensions import db
    from workshop_app.services.demo import ensure_demo

    instance = tmp_path_factory.mktemp("council-instance")
    uri = f"sqlite:///{instance / 'council.sqlite'}"
    app = make_app(uri, instance, SECRET_KEY=TEST_SECRET)
    with app.test_request_context():
        db.create_all()
        demo = ensure_demo(str(instance))
        facts = seed()
        from tests.conftest import share_processes_with_organizers
        share_processes_with_organizers()
        screen_secret = demo.workshop.screen_secret
    app.extensions["zw_broadcaster"].stop()
    process = start_server(uri, instance=instance, create=False,
                           env={"OPARL_ENDPOINTS": oparl_server.base, "OPARL_TIMEOUT": "4"})
    server = DemoServer(process, demo, uri, screen_secret)
    server.process_id = facts.process_id
    yield server
    process.stop()


def _goal_id(server) -> int:
    from workshop_app.extensions import db
    from workshop_app.models import Goal

    app = server.app()
    with app.app_context():
        return db.session.scalar(db.select(Goal.id).filter_by(process_id=server.process_id).order_by(Goal.id))


def test_search_link_and_failure_in_the_browser(browser, council_server, oparl_server, artifacts):
    context = axe_context(browser, locale="en-GB", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    login(page, council_server)
    page.goto(f"{council_server.url}/lang/en?next=/organize/")
    goal_id = _goal_id(council_server)
    page.goto(f"{council_server.url}/organize/goals/{goal_id}/council-papers")
    expect(page.get_by_role("heading", name="Council decisions", exact=True)).to_be_visible()

    page.get_by_label("Name or reference").fill("famil")
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.get_by_role("list", name="Search results")
    expect(results.get_by_role("listitem")).to_have_count(3)  # over all three list pages
    results.get_by_role("listitem").filter(has_text="DS 2026/101").get_by_role("button", name="Link this paper").click()
    expect(page.get_by_role("status")).to_contain_text("was linked")
    linked = page.locator(".council-paper-list > li").first
    expect(linked).to_contain_text("DS 2026/101")
    expect(linked).to_contain_text("verified")

    page.get_by_label("OParl address of the paper, meeting or agenda item").fill(oparl_server.url("html"))
    page.get_by_role("button", name="Link the paper", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("not verified yet")
    expect(page.locator(".council-paper-list")).to_contain_text("not with OParl data")

    page.get_by_label("OParl address of the paper, meeting or agenda item").fill("http://169.254.169.254/latest/")
    page.get_by_role("button", name="Link the paper", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("is not under a configured council information system")
    assert serious_findings(page) == []
    page.screenshot(path=str(artifacts / "council-papers-refused.png"), full_page=True)

    page.goto(f"{council_server.url}/organize/goals/{goal_id}/council-papers?q=famil")
    assert serious_findings(page) == []
    page.screenshot(path=str(artifacts / "council-papers.png"), full_page=True)
    page.goto(f"{council_server.url}/organize/processes/{council_server.process_id}/plan#goal-{goal_id}")
    expect(page.locator(f"#goal-{goal_id} .council-papers")).to_contain_text("DS 2026/101")
    page.locator(f"#goal-{goal_id}").screenshot(path=str(artifacts / "council-papers-plan.png"))
    context.close()


def test_a_slow_council_system_does_not_block_the_server(browser, council_server, oparl_server):
    """While one request waits 2.5 s for the slow OParl answer, others are served at once."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    login(page, council_server)
    goal_id = _goal_id(council_server)
    session = requests.Session()
    for cookie in context.cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    page.goto(f"{council_server.url}/organize/goals/{goal_id}/council-papers")
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    outcome = {}

    def link_slow():
        started = time.monotonic()
        response = session.post(f"{council_server.url}/organize/goals/{goal_id}/council-papers",
                                data={"url": oparl_server.url("slow"), "csrf_token": token},
                                headers={"Referer": council_server.url + "/"}, allow_redirects=False, timeout=30)
        outcome.update(status=response.status_code, seconds=time.monotonic() - started)

    worker = threading.Thread(target=link_slow)
    worker.start()
    time.sleep(0.5)  # the slow fetch is under way now
    latencies = []
    for _ in range(5):
        started = time.monotonic()
        assert requests.get(f"{council_server.url}/healthz", timeout=5).status_code == 200
        latencies.append(time.monotonic() - started)
    worker.join(timeout=30)
    assert outcome["status"] == 302 and outcome["seconds"] >= 2.0, outcome
    assert max(latencies) < 0.5, latencies
    page.goto(f"{council_server.url}/organize/goals/{goal_id}/council-papers")
    slow = page.locator(".council-paper-list > li").filter(has_text=oparl_server.url("slow"))
    expect(slow).to_contain_text("DS 2026/101")
    expect(slow).not_to_contain_text("not yet verified")
    context.close()
