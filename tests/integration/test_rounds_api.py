"""Voting rounds and paper votes through the JSON API with an API key, both databases."""
from __future__ import annotations

import pytest

from tests.integration.moderator_support import add_participant, vote
from workshop_app.extensions import db
from workshop_app.models import Ballot, PaperVote, Vote
from workshop_app.services import apikeys
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture
def api(client, make_user, make_workshop):
    user = make_user()
    _key, secret = apikeys.create_api_key(SYSTEM, user)
    workshop = make_workshop()
    headers = {"Authorization": f"Bearer {secret}"}

    def call(method, path, body=None):
        return client.open(f"/api/v1{path}", method=method, json=body, headers=headers)

    call.workshop = workshop
    return call


def _proposals(api, *titles):
    ids = []
    for title in titles:
        response = api("POST", f"/workshops/{api.workshop.join_code}/moderator-proposals", {"title": title})
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    return ids


def test_round_create_validation(api):
    code = api.workshop.join_code
    bad = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 0})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_round_settings"
    bad = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": True})
    assert bad.status_code == 422
    bad = api("POST", f"/workshops/{code}/rounds", {"method": "secret"})
    assert bad.status_code == 422
    ok = api("POST", f"/workshops/{code}/rounds", {"method": "approval", "live_results": True})
    assert ok.status_code == 201 and ok.get_json()["live_results"] is True


def test_open_close_publish_reset(api):
    code = api.workshop.join_code
    a, b, c = _proposals(api, "A", "B", "C")
    api("POST", f"/proposals/{c}/hide")
    round_id = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 4}).get_json()["id"]
    second = api("POST", f"/workshops/{code}/rounds", {"method": "approval"}).get_json()["id"]
    opened = api("POST", f"/rounds/{round_id}/open")
    assert opened.status_code == 200 and opened.get_json()["proposals"] == [a, b]
    refused = api("POST", f"/rounds/{second}/open")
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "round_already_open"
    assert api("POST", f"/rounds/{round_id}/reset", {"confirm": True}).status_code == 409
    participant, _ = add_participant(api.workshop.id, "politik")
    vote(participant, round_id, {a: 3, b: 1})
    assert api("POST", f"/rounds/{round_id}/publish").status_code == 409
    assert api("POST", f"/rounds/{round_id}/close").get_json()["state"] == "closed"
    results = api("GET", f"/rounds/{round_id}/moderator-results").get_json()
    assert {r["proposal_id"]: r["points"] for r in results["results"]} == {a: 3, b: 1}
    refused = api("POST", f"/rounds/{round_id}/reset", {})
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "confirmation_required"
    assert db.session.scalar(db.select(db.func.count()).select_from(Vote)) == 2
    assert api("POST", f"/rounds/{round_id}/reset", {"confirm": True}).get_json()["state"] == "draft"
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 0
    api("POST", f"/rounds/{round_id}/open")
    api("POST", f"/rounds/{round_id}/close")
    assert api("POST", f"/rounds/{round_id}/publish").get_json()["results_published"] is True
    assert api("POST", f"/rounds/{round_id}/reset", {"confirm": True}).status_code == 409


def test_round_without_proposals_and_field_scope(api):
    code = api.workshop.join_code
    fields = [f.id for f in api.workshop.process.fields]
    round_id = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "field": fields[1]}).get_json()["id"]
    refused = api("POST", f"/rounds/{round_id}/open")
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "round_without_proposals"
    r = api("POST", f"/workshops/{code}/moderator-proposals", {"title": "In Feld", "field": fields[1]})
    _proposals(api, "Woanders")
    assert api("POST", f"/rounds/{round_id}/open").get_json()["proposals"] == [r.get_json()["id"]]


def test_ballot_after_close_is_rejected(api, client):
    code = api.workshop.join_code
    a, = _proposals(api, "A")
    round_id = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 3}).get_json()["id"]
    api("POST", f"/rounds/{round_id}/open")
    _participant, secret = add_participant(api.workshop.id, "verwaltung")
    headers = {"Authorization": f"Bearer {secret}"}
    in_time = client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(a): 2}}, headers=headers)
    assert in_time.status_code == 200, in_time.get_json()
    api("POST", f"/rounds/{round_id}/close")
    late = client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(a): 3}}, headers=headers)
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "round_not_open"
    results = api("GET", f"/rounds/{round_id}/moderator-results").get_json()
    assert results["results"][0]["points"] == 2


def test_paper_votes_count_and_are_marked(api):
    code = api.workshop.join_code
    a, b = _proposals(api, "A", "B")
    round_id = api("POST", f"/workshops/{code}/rounds",
                   {"method": "dots", "budget": 3, "max_per_proposal": 2}).get_json()["id"]
    assert api("PUT", f"/rounds/{round_id}/paper/politik", {"voters": 1, "points": {}}).status_code == 422
    api("POST", f"/rounds/{round_id}/open")
    participant, _ = add_participant(api.workshop.id, "politik")
    vote(participant, round_id, {a: 2})
    too_many = api("PUT", f"/rounds/{round_id}/paper/politik", {"voters": 2, "points": {str(a): 5}})
    assert too_many.status_code == 422 and too_many.get_json()["error"]["code"] == "value_out_of_range"
    assert api("PUT", f"/rounds/{round_id}/paper/nobody", {"voters": 2, "points": {}}).status_code == 422
    ok = api("PUT", f"/rounds/{round_id}/paper/politik", {"voters": 2, "points": {str(a): 1, str(b): 4}})
    assert ok.status_code == 200, ok.get_json()
    results = api("GET", f"/rounds/{round_id}/moderator-results").get_json()
    by_id = {r["proposal_id"]: r for r in results["results"]}
    assert by_id[a]["points"] == 3 and by_id[a]["paper_points"] == 1
    assert by_id[b]["by_group"]["politik"]["paper_points"] == 4
    assert results["groups"]["politik"] == {"voters": 3, "paper_voters": 2}
    # replacing a group's count replaces it whole
    api("PUT", f"/rounds/{round_id}/paper/politik", {"voters": 1, "points": {str(b): 1}})
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperVote)) == 1


def test_workshop_patch_and_proposal_api(api):
    code = api.workshop.join_code
    response = api("PATCH", f"/workshops/{code}", {"phase": "collect", "theme": "light", "premoderation": True})
    assert response.status_code == 200
    body = response.get_json()
    assert body["phase"] == "collect" and body["theme"] == "light"
    assert api("PATCH", f"/workshops/{code}", {"phase": "party"}).status_code == 422
    assert api("PATCH", f"/workshops/{code}", {"premoderation": "yes"}).status_code == 422
    a, = _proposals(api, "A")
    edited = api("PATCH", f"/proposals/{a}", {"title": "A2", "body": "Warum"})
    assert edited.get_json()["title"] == "A2"
    assert api("PATCH", f"/proposals/{a}", {"title": "\u0000"}).status_code == 422
    assert api("POST", f"/proposals/{a}/hide").get_json()["state"] == "hidden"
    assert api("POST", f"/proposals/{a}/hide").status_code == 409
    assert api("POST", f"/workshops/{code}/timer", {"action": "start", "seconds": 90}).get_json()["timer_ends_at"]
    assert api("POST", f"/workshops/{code}/timer", {"action": "start", "seconds": -1}).status_code == 422
    assert api("POST", f"/workshops/{code}/spotlight", {"proposal": a}).status_code == 422  # hidden
    spec = api("GET", "/openapi.json").get_json()
    assert "/api/v1/rounds/{id}/close" in spec["paths"]
