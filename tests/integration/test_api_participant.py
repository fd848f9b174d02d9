"""The participant JSON API (DESIGN §5): join, state, proposals, similar, ballot, results,
bad input, CSRF and tokens, rate limits, and the OpenAPI document that describes it."""
from __future__ import annotations

import pytest

from workshop_app.domain.phases import Phase, ProposalState, RoundState, WorkshopState
from workshop_app.extensions import db
from workshop_app.models import Ballot, Proposal, Vote

from .participant_support import (  # noqa: F401
    add_proposal,
    api_join,
    bearer,
    client,
    create_workshop,
    english_client,
    in_app,
    make_round,
    open_workshop,
    set_phase,
    set_round,
    set_workshop,
)


@pytest.fixture
def app_config():
    return {"PROPOSAL_RATE_LIMIT": "5 per minute"}


@pytest.fixture
def joined(app, client, open_workshop):
    response = api_join(client, open_workshop.join_code, group="politik", name="Ben")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def _error(response):
    return response.get_json()["error"]["code"]


def _rows(app, model, **filters):
    with in_app(app):
        return db.session.scalars(db.select(model).filter_by(**filters)).all()


def test_facts_join_and_state(app, client, open_workshop):
    code = open_workshop.join_code
    facts = client.get(f"/api/v1/workshops/{code.lower()}").get_json()
    assert facts["title"] == "Auftakt" and facts["join_mode"] == "open"
    assert [g["key"] for g in facts["groups"]] == ["politik", "verwaltung", "zivilgesellschaft"]
    assert len(facts["fields"]) >= 6 and facts["languages"] == ["de", "en", "uk", "ar", "fa", "tr", "ru"]

    response = api_join(client, code, group="verwaltung", name="Cem")
    assert response.status_code == 201
    body = response.get_json()
    assert body["participant"]["group"] == "verwaltung" and len(body["token"]) >= 32
    # A fresh client (no cookies) uses the token as a bearer.
    phone = english_client(app)
    state = phone.get(f"/api/v1/workshops/{code}/state", headers=bearer(body["token"])).get_json()
    assert state["participant"]["group"] == "verwaltung" and state["phase"] == "lobby"
    assert state["round"] is None and isinstance(state["version"], int)
    # The joining client got the cookie as well.
    assert client.get(f"/api/v1/workshops/{code}/state").status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer forged-token-forged-token"}])
def test_state_without_or_with_forged_token_is_401(client, open_workshop, headers):
    response = client.get(f"/api/v1/workshops/{open_workshop.join_code}/state", headers=headers)
    assert response.status_code == 401 and _error(response) == "not_joined"


def test_unknown_and_closed_workshop(app, client):
    assert _error(client.get("/api/v1/workshops/QQQQQQ")) == "unknown_code"
    # A draft reveals nothing: its code answers like an unknown one (issue 13).
    draft = create_workshop(app, state=WorkshopState.DRAFT)
    assert _error(client.get(f"/api/v1/workshops/{draft.join_code}")) == "unknown_code"
    closed = create_workshop(app)
    with in_app(app):
        set_workshop(closed.id, state=WorkshopState.CLOSED.value)
    response = api_join(client, closed.join_code)
    assert response.status_code == 409 and _error(response) == "workshop_not_open"
    assert "not open" in response.get_json()["error"]["message"]


def test_join_needs_csrf_without_bearer(app, open_workshop):
    # A cookie-less JSON join needs no token (issue 13); once a session cookie exists, it does.
    phone = english_client(app)
    phone.get(f"/api/v1/workshops/{open_workshop.join_code}")
    response = phone.post(f"/api/v1/workshops/{open_workshop.join_code}/join", json={"group": "politik"})
    assert response.status_code == 400 and _error(response) == "csrf_failed"
    other = english_client(app)
    foreign = other.get(f"/api/v1/workshops/{open_workshop.join_code}").get_json()["csrf_token"]
    phone.get(f"/api/v1/workshops/{open_workshop.join_code}")
    response = phone.post(f"/api/v1/workshops/{open_workshop.join_code}/join",
                          json={"group": "politik"}, headers={"X-CSRFToken": foreign})
    assert response.status_code == 400 and _error(response) == "csrf_failed"


def test_submit_proposal_and_bad_input(app, client, open_workshop, joined):
    code, auth = open_workshop.join_code, bearer(joined)
    url = f"/api/v1/workshops/{code}/proposals"
    field = open_workshop.fields[2]
    response = client.post(url, json={"title": "  Mehr Kita-Plätze  ", "body": "Weil\r\nes fehlt",
                                      "field": field}, headers=auth)
    assert response.status_code == 201
    created = response.get_json()
    assert created["title"] == "Mehr Kita-Plätze" and created["state"] == "published"
    assert created["field"] == field and created["body"] == "Weil\nes fehlt" and created["editable"]

    other = create_workshop(app)
    bad = [
        ({"title": ""}, "required"), ({"title": "   "}, "required"), ({}, "required"),
        ({"title": "x" * 121}, "too_long"), ({"title": "ok title", "body": "y" * 1001}, "too_long"),
        ({"title": "a\x00b"}, "control_characters"), ({"title": "line\nbreak"}, "control_characters"),
        ({"title": 42}, "not_text"), ({"title": "Good", "field": other.fields[0]}, "invalid_choice"),
        ({"title": "Good", "field": "abc"}, "invalid_choice"),
    ]
    for body, code_expected in bad:
        response = client.post(url, json=body, headers=auth)
        assert response.status_code == 422, body
        assert _error(response) == code_expected, body
        assert response.get_json()["error"]["message"]
    assert len(_rows(app, Proposal, workshop_id=open_workshop.id)) == 1
    assert client.post(url, data="{", headers={**auth, "Content-Type": "application/json"}).status_code == 400
    assert client.post(url, data="title=x", headers=auth).status_code == 415


def test_premoderation_edit_withdraw(app, client, open_workshop, joined):
    with in_app(app):
        set_workshop(open_workshop.id, premoderation=True)
    code, auth = open_workshop.join_code, bearer(joined)
    created = client.post(f"/api/v1/workshops/{code}/proposals", json={"title": "Spielplatz"},
                          headers=auth).get_json()
    assert created["state"] == "pending"
    state = client.get(f"/api/v1/workshops/{code}/state", headers=auth).get_json()
    assert [(p["title"], p["state"]) for p in state["proposals"] if p.get("own")] == [("Spielplatz", "pending")]

    url = f"/api/v1/workshops/{code}/proposals/{created['id']}"
    edited = client.patch(url, json={"title": "Spielplatz am See"}, headers=auth)
    assert edited.status_code == 200 and edited.get_json()["title"] == "Spielplatz am See"
    assert _error(client.patch(url, json={"title": ""}, headers=auth)) == "required"

    stranger = api_join(english_client(app), code).get_json()["token"]
    assert client.patch(url, json={"title": "mine"}, headers=bearer(stranger)).status_code == 404
    assert client.delete(url, headers=bearer(stranger)).status_code == 404

    withdrawn = client.delete(url, headers=auth)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["state"] == "withdrawn"
    again = client.delete(url, headers=auth)
    assert again.status_code == 422 and _error(again) == "proposal_not_editable"


def test_no_edit_once_a_round_with_it_opened(app, client, open_workshop, joined):
    code, auth = open_workshop.join_code, bearer(joined)
    created = client.post(f"/api/v1/workshops/{code}/proposals", json={"title": "Radweg"},
                          headers=auth).get_json()
    with in_app(app):
        make_round(open_workshop.id, [created["id"]], state=RoundState.DRAFT)
    url = f"/api/v1/workshops/{code}/proposals/{created['id']}"
    assert client.patch(url, json={"title": "Radweg neu"}, headers=auth).status_code == 200
    with in_app(app):
        make_round(open_workshop.id, [created["id"]])
    response = client.patch(url, json={"title": "Radweg anders"}, headers=auth)
    assert response.status_code == 422 and _error(response) == "proposal_in_vote"
    assert _error(client.delete(url, headers=auth)) == "proposal_in_vote"


def test_proposals_refused_while_voting(app, client, open_workshop, joined):
    with in_app(app):
        set_phase(open_workshop.id, Phase.VOTE)
    response = client.post(f"/api/v1/workshops/{open_workshop.join_code}/proposals",
                           json={"title": "Late"}, headers=bearer(joined))
    assert response.status_code == 422 and _error(response) == "proposals_closed"


def test_proposal_rate_limit_is_per_participant(app, client, open_workshop, joined):
    url = f"/api/v1/workshops/{open_workshop.join_code}/proposals"
    statuses = [client.post(url, json={"title": f"Idee {n}"}, headers=bearer(joined)).status_code
                for n in range(6)]
    assert statuses == [201] * 5 + [429]
    # Another phone behind the same venue address is not affected.
    other = api_join(english_client(app), open_workshop.join_code).get_json()["token"]
    assert client.post(url, json={"title": "Andere"}, headers=bearer(other)).status_code == 201


def test_similar(app, client, open_workshop, joined):
    with in_app(app):
        add_proposal(open_workshop.id, "Mehr Kita-Plätze für unter Dreijährige schaffen")
        add_proposal(open_workshop.id, "Tempo 30 vor Schulen")
        add_proposal(open_workshop.id, "Kitaplätze ausbauen", state=ProposalState.HIDDEN)
    response = client.get(f"/api/v1/workshops/{open_workshop.join_code}/similar",
                          query_string={"q": "Kitaplätze für Dreijährige"}, headers=bearer(joined))
    titles = [p["title"] for p in response.get_json()["similar"]]
    assert titles == ["Mehr Kita-Plätze für unter Dreijährige schaffen"]
    assert client.get(f"/api/v1/workshops/{open_workshop.join_code}/similar?q=Ki",
                      headers=bearer(joined)).get_json() == {"similar": [], "waiting": False}


def _dots_round(app, workshop, **settings):
    with in_app(app):
        ids = [add_proposal(workshop.id, f"Ziel {n}") for n in range(3)]
        return make_round(workshop.id, ids, **settings), ids


def test_ballot_put_replace_and_withdraw(app, client, open_workshop, joined):
    round_id, ids = _dots_round(app, open_workshop, method="dots", budget=5, max_per_proposal=3)
    url, auth = f"/api/v1/rounds/{round_id}/ballot", bearer(joined)
    response = client.put(url, json={"votes": {str(ids[0]): 3, str(ids[1]): 2}}, headers=auth)
    assert response.status_code == 200
    assert response.get_json() == {"round_id": round_id, "votes": {str(ids[0]): 3, str(ids[1]): 2},
                                   "remaining": 0, "revision": 1}
    response = client.put(url, json={"votes": {str(ids[2]): 1, str(ids[0]): 0}}, headers=auth)
    assert response.get_json()["votes"] == {str(ids[2]): 1} and response.get_json()["remaining"] == 4
    with in_app(app):
        assert {(v.proposal_id, v.value) for v in db.session.scalars(db.select(Vote))} == {(ids[2], 1)}
    state = client.get(f"/api/v1/workshops/{open_workshop.join_code}/state", headers=auth).get_json()
    assert state["round"]["ballot"]["votes"] == {str(ids[2]): 1} and state["round"]["remaining"] == 4
    withdrawn = client.put(url, json={}, headers=auth)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["votes"] == {}
    assert _rows(app, Vote) == [] and len(_rows(app, Ballot)) == 1


def test_bad_ballots_store_nothing(app, client, open_workshop, joined):
    round_id, ids = _dots_round(app, open_workshop, method="dots", budget=5, max_per_proposal=3)
    with in_app(app):
        hidden = add_proposal(open_workshop.id, "Versteckt", state=ProposalState.HIDDEN)
    other = create_workshop(app)
    url, auth = f"/api/v1/rounds/{round_id}/ballot", bearer(joined)
    a, b = str(ids[0]), str(ids[1])
    cases = [
        ({a: 4}, "value_out_of_range"), ({a: 3, b: 3, str(ids[2]): 0}, "over_budget"),
        ({a: 2, b: 2, str(ids[2]): 2}, "over_budget"), ({a: -1}, "value_out_of_range"),
        ({a: 1.5}, "invalid_value"), ({a: "2"}, "invalid_value"), ({a: True}, "invalid_value"),
        ({a: 10 ** 30}, "value_out_of_range"), ({str(hidden): 1}, "proposal_not_eligible"),
        ({"999999": 1}, "proposal_not_eligible"), ({"abc": 1}, "invalid_proposal_id"),
        ([1, 2], "invalid_ballot"), ("x", "invalid_ballot"),
    ]
    for votes, expected in cases:
        response = client.put(url, json={"votes": votes}, headers=auth)
        assert response.status_code == 422, votes
        assert _error(response) == expected, votes
    assert _rows(app, Vote) == [] and _rows(app, Ballot) == []
    # A participant of another workshop is not a participant here.
    outsider = api_join(english_client(app), other.join_code).get_json()["token"]
    assert client.put(url, json={"votes": {a: 1}}, headers=bearer(outsider)).status_code == 401
    assert client.put("/api/v1/rounds/424242/ballot", json={"votes": {}}, headers=auth).status_code == 404
    # Without a bearer the session cookie needs the CSRF header.
    assert _error(client.put(url, json={"votes": {a: 1}})) == "csrf_failed"


@pytest.mark.parametrize("state", [RoundState.DRAFT, RoundState.CLOSED])
def test_ballot_for_round_not_open(app, client, open_workshop, joined, state):
    round_id, ids = _dots_round(app, open_workshop, state=state)
    response = client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(ids[0]): 1}},
                          headers=bearer(joined))
    assert response.status_code == 409 and _error(response) == "round_not_open"
    assert _rows(app, Ballot) == []


@pytest.mark.parametrize("method, votes, bad", [
    ("approval", {0: 1, 1: 1}, {0: 2}),
    ("rating", {0: 5, 1: 1}, {0: 6}),
])
def test_other_methods(app, client, open_workshop, joined, method, votes, bad):
    round_id, ids = _dots_round(app, open_workshop, method=method)
    url = f"/api/v1/rounds/{round_id}/ballot"
    ok = client.put(url, json={"votes": {str(ids[k]): v for k, v in votes.items()}}, headers=bearer(joined))
    assert ok.status_code == 200 and len(ok.get_json()["votes"]) == 2
    wrong = client.put(url, json={"votes": {str(ids[k]): v for k, v in bad.items()}}, headers=bearer(joined))
    assert _error(wrong) == "value_out_of_range"


def test_yes_no_abstain(app, client, open_workshop, joined):
    with in_app(app):
        motion = add_proposal(open_workshop.id, "Beschluss")
        round_id = make_round(open_workshop.id, [motion], method="yes_no_abstain")
    url = f"/api/v1/rounds/{round_id}/ballot"
    for value in (1, -1, 0):
        response = client.put(url, json={"votes": {str(motion): value}}, headers=bearer(joined))
        assert response.get_json()["votes"] == {str(motion): value}
    assert _error(client.put(url, json={"votes": {str(motion): 2}}, headers=bearer(joined))) == "value_out_of_range"


def test_results_visibility(app, client, open_workshop, joined):
    round_id, ids = _dots_round(app, open_workshop, budget=5)
    client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(ids[1]): 4}}, headers=bearer(joined))
    url = f"/api/v1/rounds/{round_id}/results"
    assert english_client(app).get(url).status_code == 401
    response = client.get(url, headers=bearer(joined))
    assert response.status_code == 403 and _error(response) == "results_not_visible"
    with in_app(app):
        set_round(round_id, "close")
    assert client.get(url, headers=bearer(joined)).status_code == 403
    with in_app(app):
        set_round(round_id, "publish")
    body = client.get(url, headers=bearer(joined)).get_json()
    assert body["round"]["id"] == round_id and body["groups"]["politik"]["voters"] == 1
    top = body["results"][0]
    assert top["proposal_id"] == ids[1] and top["points"] == 4
    assert top["by_group"]["politik"]["points"] == 4 and "consensus" in top and "balanced_score" in top


def test_openapi_describes_the_participant_endpoints(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    rules = {(rule.rule, method) for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("api.") for method in rule.methods}
    expected = {
        ("/api/v1/workshops/{code}", "get"), ("/api/v1/workshops/{code}/join", "post"),
        ("/api/v1/workshops/{code}/state", "get"), ("/api/v1/workshops/{code}/proposals", "post"),
        ("/api/v1/workshops/{code}/proposals/{proposal_id}", "patch"),
        ("/api/v1/workshops/{code}/proposals/{proposal_id}", "delete"),
        ("/api/v1/workshops/{code}/similar", "get"), ("/api/v1/rounds/{id}/ballot", "put"),
        ("/api/v1/rounds/{id}/results", "get"),
    }
    for path, method in expected:
        assert method in document["paths"][path], (path, method)
        flask_rule = path.replace("{code}", "<code>").replace("{proposal_id}", "<int:proposal_id>") \
            .replace("{id}", "<int:round_id>")
        assert (flask_rule, method.upper()) in rules, path
        for ref in _refs(document["paths"][path][method]):
            section, name = ref.split("/")[-2:]
            assert name in document["components"][section], ref
    assert document["components"]["securitySchemes"]["participantToken"]["scheme"] == "bearer"


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_ballot_by_cookie_finds_the_workshop_among_several(app, client):
    """A phone that joined two workshops holds two identity cookies; its ballot in the second
    workshop's round counts for its participant there, and for nobody in the first."""
    first, second = create_workshop(app), create_workshop(app)
    for workshop in (first, second):
        assert api_join(client, workshop.join_code, group="verwaltung").status_code == 201
    with in_app(app):
        proposal = add_proposal(second.id, "Spielplatz am Rathaus")
        round_id = make_round(second.id, [proposal], method="approval")
        set_phase(second.id, Phase.VOTE)
    csrf = client.get(f"/api/v1/workshops/{second.join_code}").get_json()["csrf_token"]
    response = client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(proposal): 1}},
                          headers={"X-CSRFToken": csrf})
    assert response.status_code == 200, response.get_json()
    (ballot,) = _rows(app, Ballot, round_id=round_id)
    with in_app(app):
        from workshop_app.models import Participant
        assert db.session.get(Participant, ballot.participant_id).workshop_id == second.id

    # Only the first workshop's cookie: not a participant of the round's workshop.
    stranger = english_client(app)
    api_join(stranger, first.join_code)
    response = stranger.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(proposal): 1}},
                            headers={"X-CSRFToken": csrf_token_of(stranger, first.join_code)})
    assert response.status_code == 401 and _error(response) == "not_joined"
    assert len(_rows(app, Ballot, round_id=round_id)) == 1
    missing = client.put("/api/v1/rounds/999999/ballot", json={"votes": {}}, headers={"X-CSRFToken": csrf})
    assert missing.status_code == 404 and _error(missing) == "round_not_found"


def csrf_token_of(client, code: str) -> str:
    return client.get(f"/api/v1/workshops/{code}").get_json()["csrf_token"]
