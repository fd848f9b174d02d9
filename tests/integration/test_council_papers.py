"""Council decisions over OParl: linking goals and measures to papers on a real local OParl server,
refusing foreign and internal addresses, surviving every way a council system can misbehave,
refreshing, searching the paginated paper list, and the atomic API PATCH."""
from __future__ import annotations

import time

import pytest

from testkit.worlds import seed
from tests.conftest import csrf_token_from, login
from tests.integration.oparl_support import OParlServer, Running
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, CouncilPaper, Goal, Measure
from workshop_app.services import apikeys
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture(scope="module")
def oparl_server():
    with Running(OParlServer()) as server:
        yield server


@pytest.fixture(scope="module")
def internal_server():
    """Stands for anything internal (a database port, a metadata service): must never be reached."""
    with Running(OParlServer()) as server:
        yield server


@pytest.fixture
def app_config(oparl_server):
    # 1.5 s: well under the stub's 3 s stall, yet a loaded CI machine answers a plain page in time
    return {"OPARL_ENDPOINTS": oparl_server.base, "OPARL_TIMEOUT": 1.5, "OPARL_SEARCH_TIMEOUT": 5.0}


@pytest.fixture(autouse=True)
def fresh_counts(oparl_server, internal_server):
    oparl_server.hits.clear()
    internal_server.hits.clear()
    oparl_server.slow_seconds = 3.0


@pytest.fixture
def data(ctx):
    return seed()


@pytest.fixture
def key(ctx, make_user, data):
    user = make_user()
    _record, secret = apikeys.create_api_key(SYSTEM, user, name="test")
    return secret


def _goal(data) -> Goal:
    return db.session.scalar(db.select(Goal).filter_by(process_id=data.process_id).order_by(Goal.id))


def call(client, method, url, key, **kwargs):
    from flask import g

    for name in ("_login_user", "api_key"):
        g.pop(name, None)
    return client.open(url, method=method, headers={"Authorization": f"Bearer {key}"}, **kwargs)


def patch_goal(client, key, goal_id, body):
    return call(client, "PATCH", f"/api/v1/goals/{goal_id}", key, json=body)


def test_linking_fetches_each_object_once_and_keeps_the_order(client, key, data, oparl_server):
    goal = _goal(data)
    urls = [oparl_server.url("paper/1"), oparl_server.url("meeting/1"), oparl_server.url("agendaitem/1"),
            oparl_server.url("consultation/1")]
    response = patch_goal(client, key, goal.id, {"council_papers": urls})
    assert response.status_code == 200, response.json
    papers = response.json["council_papers"]
    assert [p["url"] for p in papers] == urls
    assert papers[0] == {"url": urls[0], "kind": "paper",
                         "name": "Familiengerechte Kommune: Handlungsprogramm 2026–2029",
                         "reference": "DS 2026/101", "date": "2026-05-01", "paper_type": "Beschlussvorlage",
                         "web": "https://ris.musterstadt.example/vorlage/1", "state": "verified", "error": None,
                         "fetched_at": papers[0]["fetched_at"]}
    assert papers[0]["fetched_at"]
    assert [p["kind"] for p in papers] == ["paper", "meeting", "agenda_item", "consultation"]
    assert papers[1]["name"] == "12. Sitzung des Rates" and papers[1]["date"] == "2026-05-20"
    assert papers[2]["reference"] == "Ö 7.1" and papers[2]["paper_type"] == "Ungeändert beschlossen"
    assert all(p["state"] == "verified" for p in papers)
    assert [oparl_server.hits[f"/oparl/{u.rsplit('/oparl/', 1)[1]}"] for u in urls] == [1, 1, 1, 1]
    assert response.json["title"] == goal.title  # nothing else changed

    reordered = patch_goal(client, key, goal.id, {"council_papers": [urls[2], urls[0]]})
    assert [p["url"] for p in reordered.json["council_papers"]] == [urls[2], urls[0]]
    assert sum(oparl_server.hits.values()) == 4  # already linked: not fetched again
    events = db.session.scalars(db.select(AuditEvent).filter_by(action="goal.council_papers")).all()
    assert [e.after["council_papers"] for e in events] == [urls, [urls[2], urls[0]]]
    process = call(client, "GET", f"/api/v1/processes/{data.process_id}", key).json
    assert process["goals"][0]["council_papers"][0]["url"] == urls[2]


def test_measures_link_papers_too(client, key, data, oparl_server):
    measure = _goal(data).measures[0]
    response = call(client, "PATCH", f"/api/v1/measures/{measure.id}", key,
                    json={"council_papers": [oparl_server.url("paper/2")]})
    assert response.status_code == 200, response.json
    assert response.json["council_papers"][0]["reference"] == "DS 2026/102"
    assert response.json["title"] == measure.title
    assert db.session.get(Measure, measure.id).council_papers[0].paper_type == "Antrag"


@pytest.mark.parametrize("bad, code", [
    ("http://127.0.0.1:5432/", "oparl_url_not_allowed"),
    ("http://169.254.169.254/latest/meta-data/", "oparl_url_not_allowed"),
    ("INTERNAL", "oparl_url_not_allowed"),
    ("USERINFO", "oparl_url_invalid"),
    ("PREFIX_HOST", "oparl_url_invalid"),
    ("PREFIX_PATH", "oparl_url_not_allowed"),
    ("DOTS", "oparl_url_invalid"),
    ("file:///etc/passwd", "oparl_url_invalid"),
    (17, "oparl_url_invalid"),
])
def test_foreign_and_internal_urls_are_refused_and_nothing_changes(client, key, data, oparl_server,
                                                                   internal_server, bad, code):
    good = oparl_server.url("paper/1")
    bad = {"INTERNAL": internal_server.url("paper/1"),
           "USERINFO": oparl_server.base.replace("http://", "http://ris:secret@") + "paper/1",
           "PREFIX_HOST": f"http://127.0.0.1:{oparl_server.port}.evil.example/oparl/paper/1",
           "PREFIX_PATH": oparl_server.base.rstrip("/") + "x/paper/1",
           "DOTS": oparl_server.base + "../admin"}.get(bad, bad)
    goal = _goal(data)
    assert patch_goal(client, key, goal.id, {"council_papers": [oparl_server.url("meeting/1")]}).status_code == 200
    oparl_server.hits.clear()
    response = patch_goal(client, key, goal.id, {"council_papers": [good, bad], "title": "Geändert"})
    assert response.status_code == 422
    assert response.json["error"]["code"] == code
    message = response.json["error"]["message"]
    assert ("not under a configured council information system" in message) if code.endswith("allowed") \
        else ("not a usable web address" in message)
    db.session.expire_all()
    goal = db.session.get(Goal, goal.id)
    assert goal.title != "Geändert" and [p.url for p in goal.council_papers] == [oparl_server.url("meeting/1")]
    assert sum(oparl_server.hits.values()) == 0 and sum(internal_server.hits.values()) == 0


@pytest.mark.parametrize("path, state, code, text", [
    ("missing/1", "unverified", "http_status", "answered with error 404"),
    ("html", "unverified", "not_json", "with a web page or file (text/html)"),
    ("slow", "unverified", "timeout", "did not answer in time"),
    ("drip", "unverified", "timeout", "did not answer in time"),
    ("huge", "unverified", "too_large", "too large to be read"),
    ("redirect-away", "unverified", "redirect_refused", "169.254.169.254"),
    ("person/1", "error", "wrong_type", "not a paper, meeting, agenda item or consultation"),
    ("deleted", "error", "deleted", "marks this object as deleted"),
])
def test_each_failure_keeps_the_link_unverified_with_a_clear_reason(client, key, data, oparl_server,
                                                                    path, state, code, text):
    goal = _goal(data)
    started = time.monotonic()
    response = patch_goal(client, key, goal.id, {"council_papers": [oparl_server.url(path)]})
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.json
    (paper,) = response.json["council_papers"]
    assert (paper["state"], paper["error"]["code"]) == (state, code)
    assert text in paper["error"]["message"]
    assert paper["fetched_at"] is None and paper["reference"] is None
    assert elapsed < 2.5, f"{path} held the request for {elapsed:.1f} s"
    assert oparl_server.hits[f"/oparl/{path}"] == 1


def test_an_allowed_redirect_is_followed(client, key, data, oparl_server):
    response = patch_goal(client, key, _goal(data).id, {"council_papers": [oparl_server.url("redirect-inside")]})
    assert response.json["council_papers"][0]["reference"] == "DS 2026/103"
    assert oparl_server.hits["/oparl/paper/3"] == 1


def test_an_unreachable_server_is_reported(client, key, data, internal_server):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/oparl/paper/1"
    client.application.config["OPARL_ENDPOINTS"] += f",http://127.0.0.1:{port}/oparl/"
    response = patch_goal(client, key, _goal(data).id, {"council_papers": [url]})
    assert response.status_code == 200
    assert response.json["council_papers"][0]["error"]["code"] == "unreachable"


def test_refresh_verifies_a_paper_that_failed_before(client, key, data, oparl_server):
    goal = _goal(data)
    first = patch_goal(client, key, goal.id, {"council_papers": [oparl_server.url("slow")]})
    assert first.json["council_papers"][0]["state"] == "unverified"
    oparl_server.slow_seconds = 0
    refreshed = call(client, "POST", f"/api/v1/goals/{goal.id}/council-papers/refresh", key)
    assert refreshed.status_code == 200
    paper = refreshed.json["council_papers"][0]
    assert (paper["state"], paper["reference"], paper["error"]) == ("verified", "DS 2026/101", None)
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="goal.council_papers_refresh")) is not None
    oparl_server.slow_seconds = 3.0  # down again: the facts fetched before stay, marked unverified
    again = call(client, "POST", f"/api/v1/goals/{goal.id}/council-papers/refresh", key).json["council_papers"][0]
    assert (again["state"], again["reference"], again["error"]["code"]) == ("unverified", "DS 2026/101", "timeout")


def test_api_patch_is_atomic_for_the_other_fields_too(client, key, data, oparl_server):
    measure = _goal(data).measures[0]
    refused = call(client, "PATCH", f"/api/v1/measures/{measure.id}", key,
                   json={"title": "", "council_papers": [oparl_server.url("paper/4")]})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "required"
    db.session.expire_all()
    assert db.session.get(Measure, measure.id).council_papers == []
    assert sum(oparl_server.hits.values()) == 0  # nothing fetched for a refused request
    too_many = [oparl_server.url(f"paper/{n % 10 + 1}/{n}") for n in range(21)]
    for body in ({"council_papers": "http://x"}, {"council_papers": too_many}):
        answer = call(client, "PATCH", f"/api/v1/measures/{measure.id}", key, json=body)
        assert answer.status_code == 422 and answer.json["error"]["code"].startswith("council_papers_")
    emptied = call(client, "PATCH", f"/api/v1/measures/{measure.id}", key, json={"council_papers": []})
    assert emptied.status_code == 200 and emptied.json["council_papers"] == []


def test_search_walks_the_paginated_list(client, key, data, oparl_server):
    found = call(client, "GET", "/api/v1/council-papers/search?q=famil", key)
    assert found.status_code == 200, found.json
    assert [r["reference"] for r in found.json["results"]] == ["DS 2026/101", "DS 2026/108", "DS 2026/110"]
    assert found.json["pages"] == 3 and found.json["complete"] is True
    assert found.json["results"][0]["url"] == oparl_server.url("paper/1")
    assert oparl_server.hits["/oparl/body/1/papers?page=3"] == 1  # reached over relative links.next
    by_reference = call(client, "GET", "/api/v1/council-papers/search?q=ds 2026/107", key).json
    assert [r["name"] for r in by_reference["results"]] == ["Bebauungsplan Nr. 12 „Am Mühlbach“"]
    client.application.config["OPARL_SEARCH_PAGES"] = 1
    partial = call(client, "GET", "/api/v1/council-papers/search?q=famil", key).json
    assert partial["complete"] is False and partial["pages"] == 1 and len(partial["results"]) == 1
    assert call(client, "GET", "/api/v1/council-papers/search?q=", key).status_code == 422


def test_nothing_can_be_linked_without_configuration(client, key, data, oparl_server):
    client.application.config["OPARL_ENDPOINTS"] = ""
    response = patch_goal(client, key, _goal(data).id, {"council_papers": [oparl_server.url("paper/1")]})
    assert response.status_code == 422 and response.json["error"]["code"] == "oparl_not_configured"
    assert sum(oparl_server.hits.values()) == 0


# --- the organizer pages ------------------------------------------------------------------------

@pytest.fixture
def organizer(client, make_user, data):
    make_user()
    login(client)
    return client


def test_goal_page_links_searches_refreshes_and_removes(organizer, data, oparl_server):
    goal = _goal(data)
    page_url = f"/organize/goals/{goal.id}/council-papers"
    page = organizer.get(page_url)
    assert page.status_code == 200 and "No council paper is linked yet." in page.text

    refused = organizer.post(page_url, data={"url": "http://169.254.169.254/", "csrf_token": csrf_token_from(page)})
    assert refused.status_code == 422 and "is not under a configured council information system" in refused.text
    assert db.session.scalar(db.select(db.func.count()).select_from(CouncilPaper)) == 0

    without_token = organizer.post(page_url, data={"url": oparl_server.url("paper/1")})
    assert without_token.status_code in (400, 403)

    hostile = organizer.get(page_url + "?q=<script>alert(1)</script>")
    assert "<script>alert(1)" not in hostile.text
    assert "No paper found for “&lt;script&gt;alert(1)&lt;/script&gt;”" in hostile.text
    results = organizer.get(page_url + "?q=Kita")
    assert "DS 2026/102" in results.text and "Kita-Bedarfsplanung 2026/27" in results.text
    linked = organizer.post(page_url, data={"url": oparl_server.url("paper/2"), "csrf_token": csrf_token_from(results)},
                            follow_redirects=True)
    assert linked.status_code == 200 and "was linked" in linked.text and "DS 2026/102" in linked.text
    assert "verified" in linked.text

    failing = organizer.post(page_url, data={"url": oparl_server.url("html"), "csrf_token": csrf_token_from(linked)},
                             follow_redirects=True)
    assert "The link was kept, but not verified yet" in failing.text and "not with OParl data" in failing.text
    assert "not yet verified" in failing.text

    plan = organizer.get(f"/organize/processes/{data.process_id}/plan")
    assert "DS 2026/102" in plan.text and 'href="https://ris.musterstadt.example/vorlage/2"' in plan.text

    paper = db.session.scalar(db.select(CouncilPaper).filter_by(url=oparl_server.url("html")))
    refreshed = organizer.post(page_url + "/refresh", data={"paper": paper.id, "csrf_token": csrf_token_from(failing)},
                               follow_redirects=True)
    assert "could not be verified" in refreshed.text
    removed = organizer.post(f"{page_url}/remove", data={"paper": paper.id, "csrf_token": csrf_token_from(refreshed)},
                             follow_redirects=True)
    assert removed.status_code == 200
    db.session.expire_all()
    assert [p.reference for p in db.session.get(Goal, goal.id).council_papers] == ["DS 2026/102"]
    actions = set(db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.action.like("goal.council%"))))
    assert actions == {"goal.council_papers", "goal.council_papers_refresh"}


def test_measure_page_and_foreign_process_is_hidden(organizer, data, oparl_server):
    measure = _goal(data).measures[0]
    assert organizer.get(f"/organize/measures/{measure.id}/council-papers").status_code == 200
    assert organizer.get(f"/organize/widgets/{measure.id}/council-papers").status_code == 404
    assert organizer.get("/organize/goals/999999/council-papers").status_code == 404


def test_removing_a_goal_or_measure_removes_its_links(client, key, data, oparl_server):
    goal = _goal(data)
    measure_id = goal.measures[0].id
    url = oparl_server.url("paper/5")
    assert patch_goal(client, key, goal.id, {"council_papers": [url]}).status_code == 200
    cited = call(client, "PATCH", f"/api/v1/measures/{measure_id}", key, json={"council_papers": [url]})
    assert cited.status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(CouncilPaper)) == 1  # one row, cited twice
    assert call(client, "DELETE", f"/api/v1/measures/{measure_id}", key).status_code == 204
    assert call(client, "DELETE", f"/api/v1/goals/{goal.id}", key).status_code == 204
    from workshop_app.models import GoalCouncilPaper, MeasureCouncilPaper

    for model in (GoalCouncilPaper, MeasureCouncilPaper):
        assert db.session.scalar(db.select(db.func.count()).select_from(model)) == 0


def test_a_malformed_endpoint_stops_the_app_at_start(tmp_path):
    from tests.conftest import make_app

    with pytest.raises(ValueError, match="OPARL_ENDPOINTS"):
        make_app(f"sqlite:///{tmp_path / 'x.sqlite'}", tmp_path / "instance",
                 OPARL_ENDPOINTS="https://ris.example/oparl/, ftp://ris.example/")
