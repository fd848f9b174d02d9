"""Ranking rounds end to end on both databases: the API, the no-JS form, the moderator's form,
results with places per group, merges, and the 100-point dots form."""
from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token_from
from tests.integration.moderator_support import add_participant, signed_in, vote
from tests.integration.participant_support import add_proposal, english_client, in_app, make_round, open_workshop  # noqa: F401
from workshop_app.extensions import db
from workshop_app.models import Vote, VotingRound
from workshop_app.services import apikeys, merging, moderation
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import results


@pytest.fixture
def api(client, make_user, make_workshop):
    user = make_user()
    _key, secret = apikeys.create_api_key(SYSTEM, user)
    workshop = make_workshop(languages="en,de")
    headers = {"Authorization": f"Bearer {secret}"}

    def call(method, path, body=None):
        return client.open(f"/api/v1{path}", method=method, json=body, headers=headers)

    call.workshop = workshop
    return call


def _proposals(workshop, *titles):
    return [moderation.add(SYSTEM, workshop.id, title=title).id for title in titles]


def _ranking(api, places=3, **extra):
    response = api("POST", f"/workshops/{api.workshop.join_code}/rounds",
                   {"method": "ranking", "budget": places, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def _stored(round_id):
    return {(v.ballot_id, v.proposal_id): v.value
            for v in db.session.scalars(db.select(Vote).filter_by(round_id=round_id))}


def test_round_settings_and_opening_checks_the_places(api):
    code = api.workshop.join_code
    too_many = api("POST", f"/workshops/{code}/rounds", {"method": "ranking", "budget": 11})
    assert too_many.status_code == 422 and too_many.get_json()["error"]["code"] == "invalid_round_settings"
    _proposals(api.workshop, "A", "B")
    round_id = _ranking(api, 3)
    refused = api("POST", f"/rounds/{round_id}/open")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "too_few_to_rank"
    assert "only 2 proposals" in refused.get_json()["error"]["message"]
    assert db.session.get(VotingRound, round_id).state == "draft"
    _proposals(api.workshop, "C")
    assert api("POST", f"/rounds/{round_id}/open").status_code == 200


def test_ballots_through_the_api_and_every_kind_of_bad_ballot(api, client):
    a, b, c, d = _proposals(api.workshop, "A", "B", "C", "D")
    round_id = _ranking(api, 3)
    api("POST", f"/rounds/{round_id}/open")
    _participant, secret = add_participant(api.workshop.id, "politik")
    headers = {"Authorization": f"Bearer {secret}"}

    def put(votes):
        return client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": votes}, headers=headers)

    ok = put({str(c): 1, str(a): 2})
    assert ok.status_code == 200, ok.get_json()
    assert ok.get_json()["votes"] == {str(a): 2, str(c): 1} and ok.get_json()["remaining"] == 1
    before = _stored(round_id)
    for bad, code in [({str(a): 1, str(b): 1}, "place_taken"),        # two on one place
                      ({str(a): 1, str(b): 4}, "place_out_of_range"),  # beyond k
                      ({str(a): 1, str(b): 3}, "place_gap"),           # place 2 missing
                      ({str(a): 2}, "place_gap"),                      # no 1st place
                      ({str(a): 1, "999999": 2}, "proposal_not_eligible"),
                      ({str(a): -1}, "place_out_of_range")]:
        refused = put(bad)
        assert refused.status_code == 422, (bad, refused.get_json())
        error = refused.get_json()["error"]
        assert error["code"] == code
        assert _stored(round_id) == before  # nothing of a refused ballot is stored
    # the message is the catalogued sentence (messages.py, translated), not the domain's
    message = put({str(a): 1, str(b): 1}).get_json()["error"]["message"]
    assert message == "Place 1 is given twice. Each place can go to one proposal only."
    assert put({}).status_code == 200 and _stored(round_id) == {}  # withdrawn
    assert put({str(d): 1, str(b): 2, str(a): 3}).status_code == 200


def test_results_give_points_and_places_per_group(api, client):
    a, b, c = _proposals(api.workshop, "Kita", "Radweg", "Park")
    round_id = _ranking(api, 3)
    api("POST", f"/rounds/{round_id}/open")
    for group, votes in [("politik", {a: 1, b: 2, c: 3}), ("politik", {a: 1, c: 2}),
                         ("verwaltung", {b: 1, a: 2}), ("zivilgesellschaft", {a: 1})]:
        vote(add_participant(api.workshop.id, group)[0], round_id, votes)
    api("POST", f"/rounds/{round_id}/close")
    payload = api("GET", f"/rounds/{round_id}/moderator-results").get_json()
    rows = {r["proposal_id"]: r for r in payload["results"]}
    assert rows[a]["points"] == 3 + 3 + 2 + 3 and rows[b]["points"] == 2 + 3 and rows[c]["points"] == 1 + 2
    assert rows[a]["places"]["total"] == [3, 1, 0]
    assert rows[a]["places"]["groups"] == {"politik": [2, 0, 0], "verwaltung": [0, 1, 0],
                                           "zivilgesellschaft": [1, 0, 0]}
    assert rows[c]["places"]["groups"]["politik"] == [0, 1, 1]
    # balanced: politik (3+3)/2, verwaltung 2/1, zivilgesellschaft 3/1 → 8/3
    assert rows[a]["balanced_score"] == pytest.approx(8 / 3, abs=1e-4) and rows[a]["rank"] == 1
    # the running sums give what every ballot does
    round_ = db.session.get(VotingRound, round_id)
    assert results.compute(round_) == results.compute_from_ballots(round_)
    # the screen's drawn tally explains the places; the panel shows them per group
    drawn = results.results_payload(round_, drawn=True)
    assert "places" in drawn["legend"] and drawn["legend"][0] == "value.ranking"
    assert drawn["results"][0]["places"]["total"] == [3, 1, 0]
    from workshop_app.services import room

    room.change_phase(SYSTEM, api.workshop.id, "results")
    panel = client.get(f"/screen/{api.workshop.screen_secret}/panel").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", panel))
    assert "points: 11 · n = 4 · places 1st / 2nd / …: 3 / 1 / 0" in text
    assert "places 1st / 2nd / …: 2 / 0 / 0" in text  # Politik on Kita
    # the documents' round table and the spreadsheet name the places, in total and per group
    import io

    from docx import Document as DocxDocument
    from openpyxl import load_workbook

    docx = api("GET", f"/workshops/{api.workshop.join_code}/export/docx")
    assert docx.status_code == 200
    document = DocxDocument(io.BytesIO(docx.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "3 / 1 / 0" in cells and any(c.endswith("2 / 0 / 0") for c in cells)
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert "3 places per person; 1st place 3 points" in text or "3 Plätze je Person; 1. Platz 3 Punkte" in text, text
    book = load_workbook(io.BytesIO(api("GET", f"/workshops/{api.workshop.join_code}/export/xlsx").data))
    values = [c.value for sheet in book.worksheets for r in sheet.iter_rows() for c in r]
    assert "3 / 1 / 0" in values and "2 / 0 / 0" in values


def test_paper_votes_are_refused_for_a_ranking(api):
    _proposals(api.workshop, "A", "B", "C")
    round_id = _ranking(api, 2)
    api("POST", f"/rounds/{round_id}/open")
    refused = api("PUT", f"/rounds/{round_id}/paper/politik", {"voters": 1, "points": {}})
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "paper_not_supported"


def test_merge_keeps_the_best_place_and_closes_the_gap_and_undoes(api):
    a, b, c, d = _proposals(api.workshop, "A", "B", "C", "D")
    round_id = _ranking(api, 4)
    api("POST", f"/rounds/{round_id}/open")
    first, _ = add_participant(api.workshop.id, "politik")
    second, _ = add_participant(api.workshop.id, "verwaltung")
    vote(first, round_id, {b: 1, a: 2, d: 3, c: 4})
    vote(second, round_id, {c: 1})
    api("POST", f"/rounds/{round_id}/close")
    before = _stored(round_id)
    merging.merge_proposals(SYSTEM, api.workshop.id, [a], d)
    ballots = {}
    for (ballot_id, proposal), place in _stored(round_id).items():
        ballots.setdefault(ballot_id, {})[proposal] = place
    assert sorted(ballots.values(), key=len) == [{c: 1}, {b: 1, d: 2, c: 3}]  # D takes A's 2nd place
    round_ = db.session.get(VotingRound, round_id)
    assert results.compute(round_) == results.compute_from_ballots(round_)
    merging.split(SYSTEM, api.workshop.id, a)
    assert _stored(round_id) == before  # undone exactly


# --- the phone without JavaScript -------------------------------------------------------------

@pytest.fixture
def phone(app, open_workshop):
    client = english_client(app)
    page = client.get(f"/j/{open_workshop.join_code}")
    response = client.post(f"/j/{open_workshop.join_code}", data={
        "csrf_token": csrf_token_from(page), "group": "zivilgesellschaft"})
    assert response.status_code == 303
    client.workshop = open_workshop
    return client


def _post(phone, round_id, **data):
    token = csrf_token_from(phone.get(f"/w/{phone.workshop.join_code}"))
    return phone.post(f"/w/{phone.workshop.join_code}/rounds/{round_id}/ballot",
                      data={"csrf_token": token, **data})


def _votes(app, round_id):
    with in_app(app):
        return {v.proposal_id: v.value
                for v in db.session.scalars(db.select(Vote).filter_by(round_id=round_id))}


def _phone_round(app, workshop, method, titles, **settings):
    with in_app(app):
        ids = [add_proposal(workshop.id, title) for title in titles]
        return make_round(workshop.id, ids, method=method, **settings), ids


def test_ranking_form_without_javascript(app, phone):
    round_id, (a, b, c) = _phone_round(app, phone.workshop, "ranking", ["Kita", "Radweg", "Park"], budget=2)
    page = phone.get(f"/w/{phone.workshop.join_code}").get_data(as_text=True)
    assert f'<select name="v-{a}"' in page and f'value="{a}:next"' in page
    select = re.search(rf'<select name="v-{a}".*?</select>', page, re.S).group(0)
    assert '<option value="2">2</option>' in select and '<option value="3">' not in select
    empty = {f"v-{p}": "0" for p in (a, b, c)}
    # the selects alone
    response = _post(phone, round_id, **{**empty, f"v-{b}": "1", f"v-{a}": "2"})
    assert response.status_code == 303 and _votes(app, round_id) == {b: 1, a: 2}
    # "Remove" on B: A moves up; "Place next" on C: C takes 2nd
    _post(phone, round_id, **{**empty, f"v-{b}": "1", f"v-{a}": "2"}, rank=f"{b}:remove")
    assert _votes(app, round_id) == {a: 1}
    _post(phone, round_id, **{**empty, f"v-{a}": "1"}, rank=f"{c}:next")
    assert _votes(app, round_id) == {a: 1, c: 2}
    page = phone.get(f"/w/{phone.workshop.join_code}").get_data(as_text=True)
    assert re.search(r'id="rank-order"[^>]*><li><bdi>Kita</bdi></li><li><bdi>Park</bdi></li></ol>', page)
    assert 'id="remaining" class="num">0<' in page
    # a refused ballot comes back in its form, with the reason, and the stored one stays
    refused = _post(phone, round_id, **{**empty, f"v-{a}": "1", f"v-{b}": "1"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="ballot-error"' in html and "Place 1 is given twice" in html
    assert re.search(rf'<select name="v-{b}"[^>]*>.*?<option value="1" selected>', html, re.S)
    assert _votes(app, round_id) == {a: 1, c: 2}
    gap = _post(phone, round_id, **{**empty, f"v-{a}": "2"})
    assert gap.status_code == 422 and "Place 1 is missing" in gap.get_data(as_text=True)


def test_a_proposal_hidden_mid_round_leaves_no_gap_on_the_form(app, phone):
    round_id, (a, b, c) = _phone_round(app, phone.workshop, "ranking", ["Kita", "Radweg", "Park"], budget=3)
    _post(phone, round_id, **{f"v-{a}": "1", f"v-{b}": "2", f"v-{c}": "3"})
    with in_app(app):
        from workshop_app.domain.phases import ProposalState
        from workshop_app.models import Proposal
        from workshop_app.services.plumbing import tx

        with tx.write():
            db.session.get(Proposal, b).move_to(ProposalState.HIDDEN)
    page = phone.get(f"/w/{phone.workshop.join_code}").get_data(as_text=True)
    assert re.search(rf'<select name="v-{c}"[^>]*>.*?<option value="2" selected>', page, re.S)
    # sending the form as shown stores a valid ranking without the hidden proposal
    assert _post(phone, round_id, **{f"v-{a}": "1", f"v-{c}": "2"}).status_code == 303
    assert _votes(app, round_id) == {a: 1, c: 2}


def test_dots_with_a_hundred_points_take_typed_numbers(app, phone):
    round_id, (a, b, c) = _phone_round(app, phone.workshop, "dots", ["Kita", "Radweg", "Park"],
                                       budget=100, max_per_proposal=100)
    page = phone.get(f"/w/{phone.workshop.join_code}").get_data(as_text=True)
    assert re.search(rf'<input class="value" type="number"[^>]*max="100"[^>]*name="v-{a}"', page)
    assert 'id="ballot-save"' in page
    response = _post(phone, round_id, **{f"v-{a}": "37", f"v-{b}": "26", f"v-{c}": "0"})
    assert response.status_code == 303 and _votes(app, round_id) == {a: 37, b: 26}
    page = phone.get(f"/w/{phone.workshop.join_code}").get_data(as_text=True)
    assert 'id="remaining" class="num">37<' in page and 'value="37"' in page
    _post(phone, round_id, **{f"v-{a}": "80", f"v-{b}": "26"})  # over the budget: refused
    assert _votes(app, round_id) == {a: 37, b: 26}
    _post(phone, round_id, **{f"v-{a}": "37", f"v-{b}": "26"}, step=f"{b}:+1")  # the stepper still works
    assert _votes(app, round_id) == {a: 37, b: 27}


def test_moderator_creates_a_ranking_round_with_the_form(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    base = f"/moderate/{workshop.join_code}"
    console = client.get(base).get_data(as_text=True)
    assert '<option value="ranking">' in console
    bad = client.post(f"{base}/rounds", data={"csrf_token": token, "method": "ranking", "budget": "12",
                                              "title": "Reihenfolge"})
    assert bad.status_code == 422 and b"Reihenfolge" in bad.data
    ok = client.post(f"{base}/rounds", data={"csrf_token": token, "method": "ranking", "budget": "2",
                                             "max_per_proposal": ""})
    assert ok.status_code == 302
    round_ = db.session.scalar(db.select(VotingRound).filter_by(workshop_id=workshop.id))
    assert (round_.method, round_.budget, round_.max_per_proposal) == ("ranking", 2, None)
    console = client.get(base).get_data(as_text=True)
    assert "2 places" in console
    # opening checks the places against the proposals; the console shows the places given
    refused = client.post(f"{base}/rounds/{round_.id}/open", data={"csrf_token": token})
    assert refused.status_code == 422 and b"only 0 proposals" not in refused.data
    a, b = _proposals(workshop, "Kita", "Radweg")
    assert client.post(f"{base}/rounds/{round_.id}/open", data={"csrf_token": token}).status_code == 302
    vote(add_participant(workshop.id, "politik")[0], round_.id, {b: 1, a: 2})
    console = re.sub(r"\s+", " ", client.get(base).get_data(as_text=True))
    assert "places 1st / 2nd / …: <span>1 / 0</span>" in console


def test_the_migration_admits_ranking(backend, tmp_path):
    """The method's check constraint, as migrated, admits 'ranking' (create_all is not used)."""
    import uuid

    from flask_migrate import upgrade

    from tests.conftest import PG_ADMIN_URL, _pg_execute, make_app

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    else:
        name = f"zw_rank_{uuid.uuid4().hex[:8]}"
        _pg_execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql+psycopg://{PG_ADMIN_URL.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"
    app = make_app(url, tmp_path / "instance")
    try:
        with app.app_context():
            upgrade()
            checks = db.inspect(db.engine).get_check_constraints("voting_rounds")
            method = next(c for c in checks if c["name"] == "ck_voting_rounds_method")
            assert "'ranking'" in method["sqltext"] and "'dots'" in method["sqltext"]
    finally:
        app.extensions["zw_broadcaster"].stop()
        with app.app_context():
            db.engine.dispose()
        if backend != "sqlite":
            _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
