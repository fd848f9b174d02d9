"""The measures step (issue 17, item 3): goal proposals chosen for measures, measures proposed
by phones (API and no-JS form), a round over one goal's measures, merge refusals, adoption into
the action plan with the trace, and the archive round trip. Both databases."""
from __future__ import annotations

import copy
import io
import json
from datetime import date

import openpyxl
import pytest
from docx import Document as DocxDocument

from tests.conftest import DEFAULT_PASSWORD, csrf_token_from, login, make_app, share_processes_with_organizers
from tests.integration.moderator_support import add_participant, vote
from tests.integration.participant_support import api_join, bearer, create_workshop, english_client, in_app
from workshop_app.domain.errors import DomainError
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Goal, Measure, Process, Proposal, Role, VotingRound
from workshop_app.services import apikeys, archive, users
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture
def api(app, client):
    """The organizer's API key; requests never run inside a test's app context (they would share
    its ``g``): the database is read in short ``in_app`` blocks."""
    workshop = create_workshop(app)
    with in_app(app):
        user = users.create_user("organizer@example.org", DEFAULT_PASSWORD, role=Role.ORGANIZER)
        share_processes_with_organizers()
        _key, secret = apikeys.create_api_key(SYSTEM, user)
    headers = {"Authorization": f"Bearer {secret}"}

    def call(method, path, body=None):
        return client.open(f"/api/v1{path}", method=method, json=body, headers=headers)

    call.workshop = workshop
    call.code = workshop.join_code
    call.app = app
    return call


def _scalar(app, query):
    with in_app(app):
        return db.session.scalar(query)


def _titles(app):
    with in_app(app):
        return [m.title for m in _measures()]


@pytest.fixture
def room(app, api):
    """Goals A, B (open for measures) and C (hidden), a phone, the room in the measures phase."""
    ids = []
    for title in ("Mehr Kita-Plätze", "Sichere Schulwege", "Versteckt"):
        response = api("POST", f"/workshops/{api.code}/moderator-proposals", {"title": title})
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    assert api("POST", f"/proposals/{ids[2]}/hide").status_code == 200
    phone = english_client(app)
    token = api_join(phone, api.code, group="politik").get_json()["token"]
    assert api("PATCH", f"/workshops/{api.code}", {"phase": "measures"}).status_code == 200
    chosen = api("PUT", f"/workshops/{api.code}/measure-goals", {"goals": ids[:2]})
    assert chosen.status_code == 200 and chosen.get_json()["goals"] == ids[:2]

    def propose(goal, title, **extra):
        return phone.post(f"/api/v1/workshops/{api.code}/measures", json={"goal": goal, "title": title, **extra},
                          headers=bearer(token))

    return {"goals": ids, "phone": phone, "token": token, "propose": propose}


def _measures():
    return list(db.session.scalars(db.select(Proposal).filter_by(kind="measure").order_by(Proposal.id)))


def _error(response):
    return response.get_json()["error"]["code"]


def test_phones_propose_measures_under_chosen_goals(api, room):
    a, b, hidden = room["goals"]
    made = room["propose"](a, "Tagesmütter fördern", responsible="Jugendamt", timeframe="bis Ende 2027")
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["kind"] == "measure" and body["parent"] == a and body["responsible"] == "Jugendamt"
    assert body["timeframe"] == "bis Ende 2027" and body["state"] == "published"

    hint = room["phone"].get(f"/api/v1/workshops/{api.code}/similar", query_string={"q": "Tagesmütter fördern"},
                             headers=bearer(room["token"])).get_json()
    assert hint["similar"] == []  # a goal being typed is not matched against measures

    fields = api.workshop.fields
    changed = room["phone"].patch(f"/api/v1/workshops/{api.code}/proposals/{body['id']}",
                                  json={"title": "Tagesmütter gewinnen", "field": fields[-1]},
                                  headers=bearer(room["token"]))
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["title"] == "Tagesmütter gewinnen"
    assert changed.get_json()["field"] is None  # a measure keeps its goal's field (here: none)

    # Bad input: a clear error, nothing stored.
    assert _error(room["propose"](hidden, "x")) == "goal_not_found"
    assert _error(room["propose"](999999, "x")) == "goal_not_found"
    too_long = room["propose"](a, "x" * 121)
    assert too_long.status_code == 422 and _error(too_long) == "too_long"
    assert "120" in too_long.get_json()["error"]["message"]
    assert _error(room["propose"](a, "ok", timeframe="y" * 101)) == "too_long"
    assert _error(room["propose"](a, "   ")) == "required"
    api("PUT", f"/workshops/{api.code}/measure-goals", {"goals": [b]})
    not_open = room["propose"](a, "Später")
    assert not_open.status_code == 422 and _error(not_open) == "goal_not_open_for_measures"
    assert _error(api("PUT", f"/workshops/{api.code}/measure-goals", {"goals": [hidden]})) == "not_a_goal_proposal"
    assert _error(api("PUT", f"/workshops/{api.code}/measure-goals",
                      {"goals": [body["id"]]})) == "not_a_goal_proposal"  # a measure is no goal
    api("PATCH", f"/workshops/{api.code}", {"phase": "collect"})
    assert _error(room["propose"](b, "Zu früh")) == "measures_closed"
    assert _titles(api.app) == ["Tagesmütter gewinnen"]

    # The phone's state: goal proposals as before; the step's goals with their measures apart.
    api("PATCH", f"/workshops/{api.code}", {"phase": "measures"})
    api("PUT", f"/workshops/{api.code}/measure-goals", {"goals": [a, b]})
    state = room["phone"].get(f"/api/v1/workshops/{api.code}/state", headers=bearer(room["token"])).get_json()
    assert state["proposing_measures"] is True
    assert [g["id"] for g in state["measures"]["goals"]] == [a, b]
    assert [(m["title"], m["parent"]) for m in state["measures"]["measures"]] == [("Tagesmütter gewinnen", a)]
    published = [p for p in state["proposals"] if p["state"] == "published" and p.get("kind") != "measure"]
    assert [p["id"] for p in published] == [a, b]
    actions = _scalar(api.app, db.select(db.func.count(AuditEvent.id)).filter_by(action="measures.goals"))
    assert actions == 3  # [a, b], [b], [a, b]; the refused choices wrote nothing


def test_no_js_form_and_its_errors(api, room):
    a, _b, _hidden = room["goals"]
    phone = room["phone"]
    page = phone.get(f"/w/{api.code}")
    assert page.status_code == 200 and f'id="goal-{a}"' in page.text
    assert "Propose a measure for this goal" in page.text
    token = csrf_token_from(page)
    bad = phone.post(f"/w/{api.code}/measures", data={"csrf_token": token, "goal": str(a), "title": "z" * 130,
                                                      "responsible": "Bauamt"})
    assert bad.status_code == 400 and "At most 120 characters" in bad.text
    assert 'value="Bauamt"' in bad.text  # the input is kept
    assert _titles(api.app) == []
    ok = phone.post(f"/w/{api.code}/measures", data={"csrf_token": token, "goal": str(a), "title": "Lotsen",
                                                     "timeframe": "Q2 2028"})
    assert ok.status_code == 303 and ok.headers["Location"].endswith(f"#goal-{a}")
    shown = phone.get(f"/w/{api.code}")
    assert "Lotsen" in shown.text and "Q2 2028" in shown.text
    foreign = phone.post(f"/w/{api.code}/measures", data={"csrf_token": token, "goal": "abc", "title": "x"})
    assert foreign.status_code == 400 and "no such goal" in foreign.text
    assert _titles(api.app) == ["Lotsen"]


def test_round_over_a_goals_measures_and_merge_rules(api, room):
    a, b, _hidden = room["goals"]
    m1, m2 = (room["propose"](a, t).get_json()["id"] for t in ("Tagesmütter", "Betriebskita"))
    m3 = room["propose"](b, "Schulweglotsen").get_json()["id"]
    bad = api("POST", f"/workshops/{api.code}/rounds", {"method": "approval", "measures_of": m1})
    assert bad.status_code == 422 and _error(bad) == "not_a_goal_proposal"
    round_id = api("POST", f"/workshops/{api.code}/rounds",
                   {"method": "approval", "measures_of": a}).get_json()["id"]
    opened = api("POST", f"/rounds/{round_id}/open")
    assert opened.status_code == 200 and opened.get_json()["proposals"] == [m1, m2]
    api("POST", f"/rounds/{round_id}/close")
    every = api("POST", f"/workshops/{api.code}/rounds", {"method": "approval", "measures_of": "all"}).get_json()
    assert api("POST", f"/rounds/{every['id']}/open").get_json()["proposals"] == [m1, m2, m3]
    api("POST", f"/rounds/{every['id']}/close")
    goals_round = api("POST", f"/workshops/{api.code}/rounds", {"method": "approval"}).get_json()
    assert api("POST", f"/rounds/{goals_round['id']}/open").get_json()["proposals"] == [a, b]
    early = api("PUT", f"/workshops/{api.code}/measure-goals", {"round": goals_round["id"], "top": 1})
    assert early.status_code == 409 and _error(early) == "round_not_closed"
    with in_app(api.app):
        participant, _ = add_participant(api.workshop.id, "politik")
        vote(participant, goals_round["id"], {b: 1})
    api("POST", f"/rounds/{goals_round['id']}/close")
    top = api("PUT", f"/workshops/{api.code}/measure-goals", {"round": goals_round["id"], "top": 1})
    assert top.status_code == 200 and top.get_json()["goals"] == [b]  # the best of the round
    assert _error(api("PUT", f"/workshops/{api.code}/measure-goals", {"round": round_id, "top": 1})) \
        == "not_a_goal_proposal"  # a round over measures has no goals to open
    api("PUT", f"/workshops/{api.code}/measure-goals", {"goals": [a, b]})

    mixed = api("POST", f"/proposals/{m1}/merge", {"into": b})
    assert mixed.status_code == 422 and _error(mixed) == "merge_mixed_kinds"
    assert "goal and a measure" in mixed.get_json()["error"]["message"]
    other = api("POST", f"/proposals/{m3}/merge", {"into": m1})
    assert other.status_code == 422 and _error(other) == "merge_other_goal"
    assert _error(api("POST", f"/proposals/{a}/merge", {"into": m1})) == "merge_mixed_kinds"
    assert _scalar(api.app, db.select(Proposal.state).filter_by(id=m3)) == "published"
    assert api("POST", f"/proposals/{m2}/merge", {"into": m1}).status_code == 200
    assert api("POST", f"/proposals/{m3}/hide").status_code == 200  # moderated like goals
    edited = api("PATCH", f"/proposals/{m1}", {"title": "Tagesmütter gewinnen"})
    assert edited.status_code == 200 and edited.get_json()["title"] == "Tagesmütter gewinnen"
    assert edited.get_json()["parent"] == a  # still under its goal


def test_adoption_with_trace_and_double_adoption(api, room):
    a, b, _hidden = room["goals"]
    m1 = room["propose"](a, "Tagesmütter", responsible="Jugendamt", timeframe="bis Ende 2027").get_json()["id"]
    m2 = room["propose"](a, "Betriebskita", timeframe="kurzfristig").get_json()["id"]
    m3 = room["propose"](b, "Lotsen", responsible="Schulamt", timeframe="2028").get_json()["id"]
    process = api.workshop.process_id
    path = f"/processes/{process}/adopt-measures"
    goals_before = _scalar(api.app, db.select(db.func.count(Goal.id)))
    number = {m: _scalar(api.app, db.select(Proposal.number).filter_by(id=m)) for m in (m1, m2)}

    missing = api("POST", path, {"goal_proposal": a, "measures": [m1, m2]})
    assert missing.status_code == 422 and _error(missing) == "adopt_responsible_required"
    assert f"#{number[m2]}" in missing.get_json()["error"]["message"]
    undated = {"proposal": m2, "responsible": "Wirtschaftsförderung"}
    no_date = api("POST", path, {"goal_proposal": a, "measures": [m1, undated]})
    assert no_date.status_code == 422 and _error(no_date) == "adopt_deadline_required"
    assert _error(api("POST", path, {"goal_proposal": a, "measures": [m3]})) == "measure_not_of_goal"
    assert _error(api("POST", path, {"goal_proposal": m1, "measures": [m1]})) == "goal_proposal_required"
    assert _scalar(api.app, db.select(db.func.count(Goal.id))) == goals_before  # nothing half-written
    assert _scalar(api.app, db.select(db.func.count(Measure.id))) == 0

    adopted = api("POST", path, {"goal_proposal": a, "measures": [
        m1, {"proposal": m2, "responsible": "Wirtschaftsförderung", "deadline": "2028-06-30"}]})
    assert adopted.status_code == 201, adopted.get_json()
    goal = adopted.get_json()
    assert goal["title"] == "Mehr Kita-Plätze" and goal["proposals"] == [a]
    rows = {m["title"]: m for m in goal["measures"]}
    assert rows["Tagesmütter"]["responsible"] == "Jugendamt" and rows["Tagesmütter"]["deadline"] == "2027-12-31"
    assert rows["Betriebskita"]["deadline"] == "2028-06-30"
    assert {m["source_proposal"] for m in goal["measures"]} == {m1, m2}
    assert _scalar(api.app, db.select(Measure.source_proposal_id).filter_by(title="Tagesmütter")) == m1
    assert _scalar(api.app, db.select(AuditEvent.action).filter_by(action="goal.adopt_from_workshop"))

    again = api("POST", path, {"goal_proposal": a, "measures": [m1]})
    assert again.status_code == 409 and _error(again) == "measure_already_adopted"
    assert f"#{number[m1]}" in again.get_json()["error"]["message"]
    # The same goal proposal later: its further measures join the goal adopted before.
    m4 = room["propose"](a, "Randzeiten", responsible="Kita-Träger", timeframe="31.12.2027").get_json()["id"]
    later = api("POST", path, {"goal_proposal": a, "measures": [m4]}).get_json()
    assert later["id"] == goal["id"] and len(later["measures"]) == 3
    assert later["measures"][-1]["deadline"] == "2027-12-31"

    # The plan document shows the trace: the goal's source proposal and each measure's.
    exported = api("GET", f"/processes/{process}/export/docx")
    assert exported.status_code == 200
    document = DocxDocument(io.BytesIO(exported.data))
    text = "\n".join([p.text for p in document.paragraphs] +
                     [c.text for t in document.tables for row in t.rows for c in row.cells])
    goal_number = _scalar(api.app, db.select(Proposal.number).filter_by(id=a))
    assert f"#{goal_number} Mehr Kita-Plätze" in text
    assert f"aus Maßnahmenvorschlag #{number[m1]}" in text and f"aus Maßnahmenvorschlag #{number[m2]}" in text
    # … and so do the spreadsheets: the proposals sheet names a measure's goal, the plan's
    # measures sheet the proposal a measure came from.
    sheets = openpyxl.load_workbook(io.BytesIO(api("GET", f"/workshops/{api.code}/export/xlsx").data))
    rows = list(sheets["Vorschläge"].iter_rows(values_only=True))
    header = next(r for r in rows if r and "Maßnahme zu Ziel Nr." in r)
    by_number = {r[0]: dict(zip(header, r)) for r in rows[rows.index(header) + 1:] if r and r[0]}
    assert by_number[number[m1]]["Maßnahme zu Ziel Nr."] == goal_number
    assert by_number[goal_number]["Maßnahme zu Ziel Nr."] is None
    # The workshop's report names each measure proposal's goal under its title.
    report = DocxDocument(io.BytesIO(api("GET", f"/workshops/{api.code}/export/docx").data))
    cells = [c.text for t in report.tables for row in t.rows for c in row.cells]
    assert any(c.startswith("Tagesmütter") and f"Maßnahme zu Ziel Nr. {goal_number}" in c for c in cells)
    plan_sheets = openpyxl.load_workbook(io.BytesIO(api("GET", f"/processes/{process}/export/xlsx").data))
    rows = list(plan_sheets["Maßnahmen"].iter_rows(values_only=True))
    header = next(r for r in rows if r and "Aus Vorschlag Nr." in r)
    sources = {dict(zip(header, r))["Maßnahme"]: dict(zip(header, r))["Aus Vorschlag Nr."]
               for r in rows[rows.index(header) + 1:] if r and r[0]}
    assert sources["Tagesmütter"] == number[m1] and sources["Betriebskita"] == number[m2]


def test_adoption_page_preticks_the_top_of_the_measures_round(api, room, client):
    a, _b, _hidden = room["goals"]
    m1, m2, m3 = (room["propose"](a, t, responsible="Amt", timeframe="2027").get_json()["id"]
                  for t in ("Eins", "Zwei", "Drei"))
    round_id = api("POST", f"/workshops/{api.code}/rounds",
                   {"method": "approval", "measures_of": a}).get_json()["id"]
    api("POST", f"/rounds/{round_id}/open")
    with in_app(api.app):
        participant, _ = add_participant(api.workshop.id, "politik")
        vote(participant, round_id, {m3: 1, m2: 1})
    api("POST", f"/rounds/{round_id}/close")
    page = f"/organize/processes/{api.workshop.process_id}/adopt-measures?goal={a}"
    login(client)
    shown = client.get(page)
    assert shown.status_code == 200
    text = shown.text
    assert f'value="{m3}" checked' in text and f'value="{m2}" checked' in text
    assert f'value="{m1}" checked' not in text
    saved = client.post(page, data={"csrf_token": csrf_token_from(shown), "goal_proposal": str(a),
                                    "measures": [str(m3)], f"responsible-{m3}": "Amt",
                                    f"deadline-{m3}": ""})
    assert saved.status_code == 302, saved.text
    with in_app(api.app):
        measure = db.session.scalar(db.select(Measure).filter_by(source_proposal_id=m3))
        assert measure.deadline == date(2027, 12, 31) and measure.responsible == "Amt"


def _trace(data: dict) -> tuple:
    """The step's facts of an archive, with proposals named by their numbers (ids change)."""
    number = {p["id"]: p["number"] for w in data["workshops"] for p in w["proposals"]}
    proposals = [(p["number"], p["kind"], number.get(p["parent"]), p["measures_open"],
                  p["suggested_responsible"], p["suggested_timeframe"])
                 for w in data["workshops"] for p in w["proposals"]]
    rounds = [(r["item_kind"], number.get(r["measures_of"]), [number[i] for i in r["items"]])
              for w in data["workshops"] for r in w["rounds"]]
    measures = [(m["title"], number.get(m["source_proposal"])) for g in data["goals"] for m in g["measures"]]
    return proposals, rounds, measures


def test_archive_round_trip_keeps_the_step(api, room, tmp_path):
    a, _b, _hidden = room["goals"]
    m1 = room["propose"](a, "Tagesmütter", responsible="Jugendamt", timeframe="2027").get_json()["id"]
    room["propose"](a, "Betriebskita", timeframe="kurzfristig")
    round_id = api("POST", f"/workshops/{api.code}/rounds", {"method": "approval", "measures_of": a}).get_json()["id"]
    api("POST", f"/rounds/{round_id}/open")
    api("POST", f"/rounds/{round_id}/close")
    assert api("POST", f"/processes/{api.workshop.process_id}/adopt-measures",
               {"goal_proposal": a, "measures": [m1]}).status_code == 201
    with in_app(api.app):
        raw = archive.archive_bytes(db.session.get(Process, api.workshop.process_id))
    first = json.loads(raw)
    proposals, rounds, measures = _trace(first)
    assert (proposals[3][1], proposals[3][2], proposals[3][4], proposals[3][5]) == ("measure", 1, "Jugendamt", "2027")
    assert proposals[0][3] is True and rounds == [("measure", 1, [4, 5])] and measures == [("Tagesmütter", 4)]

    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", tmp_path / "other-instance")
    try:
        with other.test_request_context():
            db.create_all()
            again = json.loads(archive.archive_bytes(archive.import_archive(SYSTEM, raw)))
            broken = copy.deepcopy(first)
            broken["workshops"][0]["proposals"][3]["kind"] = "goal"  # a goal under a goal
            with pytest.raises(DomainError) as refused:
                archive.import_archive(SYSTEM, json.dumps(broken).encode())
            assert refused.value.code.startswith("archive_")
            db.session.remove()
    finally:
        other.extensions["zw_broadcaster"].stop()
        with other.app_context():
            db.engine.dispose()
    assert _trace(again) == _trace(first)


def test_console_chooses_goals_and_groups_measures(api, room, client):
    a, b, _hidden = room["goals"]
    room["propose"](a, "Tagesmütter", responsible="Jugendamt")
    login(client)
    console = client.get(f"/moderate/{api.code}")
    assert console.status_code == 200
    text = console.text
    assert f'id="measure-group-{a}"' in text and "Tagesmütter" in text and "measure for goal" in text
    assert 'name="measures_of"' in text and "Measures of goal #1" in text
    token = csrf_token_from(console)
    saved = client.post(f"/moderate/{api.code}/measure-goals", data={"csrf_token": token, "goals": [str(b)]})
    assert saved.status_code == 302
    with in_app(api.app):
        assert list(db.session.scalars(db.select(Proposal.id).filter_by(measures_open=True))) == [b]
    bad = client.post(f"/moderate/{api.code}/measure-goals", data={"csrf_token": token, "goals": ["abc"]})
    assert bad.status_code == 422 and "Please choose one of the offered options" in bad.text
    made = client.post(f"/moderate/{api.code}/rounds", data={"csrf_token": token, "method": "approval",
                                                             "measures_of": str(b), "title": "Maßnahmen B"})
    assert made.status_code == 302
    with in_app(api.app):
        assert db.session.scalar(db.select(VotingRound.measures_of_id).filter_by(title="Maßnahmen B")) == b
    # Paper cards: the moderators add a measure under any published goal, published at once.
    paper = client.post(f"/moderate/{api.code}/measures", data={"csrf_token": token, "goal": str(a),
                                                                "title": "Vom Papier", "from_paper": "on"})
    assert paper.status_code == 302
    refused = client.post(f"/moderate/{api.code}/measures", data={"csrf_token": token, "goal": "x", "title": "y"})
    assert refused.status_code == 422 and "no such goal" in refused.text
    hidden = api("POST", f"/workshops/{api.code}/moderator-measures", {"goal": room["goals"][2], "title": "z"})
    assert hidden.status_code == 422 and _error(hidden) == "goal_not_found"
    typed = api("POST", f"/workshops/{api.code}/moderator-measures", {"goal": b, "title": "Getippt"})
    assert typed.status_code == 201 and typed.get_json()["parent"] == b and typed.get_json()["author"] == "moderator"
    with in_app(api.app):
        card = db.session.scalar(db.select(Proposal).filter_by(title="Vom Papier"))
        assert (card.kind, card.parent_id, card.author_kind, card.state) == ("measure", a, "paper", "published")
        assert _titles(api.app) == ["Tagesmütter", "Vom Papier", "Getippt"]


def test_screen_shows_measures_under_their_goals(api, room, app):
    a, b, _hidden = room["goals"]
    room["propose"](a, "Tagesmütter fördern")
    room["propose"](b, "Schulweglotsen")
    screen = app.test_client()
    page = screen.get(f"/screen/{api.workshop.screen_secret}")
    assert page.status_code == 200
    panel = page.text.split('id="panel"', 1)[1].split("</section>\n</div>", 1)[0]
    assert 'data-mode="measures"' in page.text and "Maßnahmen zu den gewählten Zielen" in panel
    assert panel.index("#1 Mehr Kita-Plätze") < panel.index("Tagesmütter fördern") < panel.index("#2 Sichere Schulwege")
    assert panel.index("#2 Sichere Schulwege") < panel.index("Schulweglotsen")
    state = screen.get(f"/screen/{api.workshop.screen_secret}/state").get_json()
    assert state["mode"] == "measures" and [g["id"] for g in state["measures"]["goals"]] == [a, b]
    api("PATCH", f"/workshops/{api.code}", {"phase": "collect"})  # the collect wall: goals only
    wall = screen.get(f"/screen/{api.workshop.screen_secret}").text
    assert "Mehr Kita-Plätze" in wall and "Tagesmütter fördern" not in wall


def test_live_events_of_the_step_match_the_asyncapi_document(app, make_user, make_workshop, client):
    """Real sockets: choosing goals and a new measure reach phones, screen and console, and every
    payload validates against /api/v1/asyncapi.json."""
    from tests.integration.test_asyncapi import _document, _validator
    from tests.polling import until
    from workshop_app.extensions import socketio
    from workshop_app.services import joining, measures, moderation, room

    document = _document(client)
    workshop = make_workshop()
    make_user("admin@example.org", role=Role.ADMIN)
    login(client, "admin@example.org")
    participant, secret = joining.join(joining.JoinTarget(workshop), group_key="politik")
    goal = moderation.add(SYSTEM, workshop.id, title="Mehr Kita-Plätze")
    clients = {
        "participant": socketio.test_client(app, namespace="/participant",
                                            auth={"workshop": workshop.join_code, "token": secret}),
        "screen": socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret}),
        "moderator": socketio.test_client(app, namespace="/moderator", auth={"workshop": workshop.join_code},
                                          flask_test_client=client)}
    received = {ns: [] for ns in clients}

    def drain():
        for ns, sio in clients.items():
            received[ns] += [(e["name"], e["args"][0]) for e in sio.get_received(f"/{ns}")]

    room.change_phase(SYSTEM, workshop.id, "measures")
    measures.choose_goals(SYSTEM, workshop, [goal.id])
    measure = measures.submit(participant.id, workshop.id, goal.id, title="Tagesmütter", responsible="Jugendamt",
                              timeframe="2027")

    def arrived() -> bool:
        drain()
        return all(any(name == "proposal" and p.get("id") == measure.id for name, p in received[ns])
                   for ns in clients)

    assert until(arrived), received
    phases = [p for name, p in received["participant"] if name == "phase"]
    assert phases[-1]["measures"]["goals"][0]["id"] == goal.id and phases[-1]["proposing_measures"] is True
    card = next(p for name, p in received["participant"] if name == "proposal" and p["id"] == measure.id)
    assert (card["kind"], card["parent"], card["responsible"], card["timeframe"]) == \
        ("measure", goal.id, "Jugendamt", "2027")
    screen_phase = [p for name, p in received["screen"] if name == "phase"][-1]
    assert screen_phase["mode"] == "measures" and screen_phase["measures"]["goals"][0]["id"] == goal.id
    console_phase = [p for name, p in received["moderator"] if name == "phase"][-1]
    assert console_phase["measures"]["goals"][0]["id"] == goal.id
    for ns, events in received.items():
        for name, payload in events:
            errors = [e.message for e in _validator(document, ns, name).iter_errors(payload)]
            assert not errors, (ns, name, payload, errors)
    for ns, sio in clients.items():
        sio.disconnect(f"/{ns}")
