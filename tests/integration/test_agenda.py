"""The FGK template's agenda: tables per field → prioritisation → measures → feasibility, each
step set up in one transaction from the console form or the API; both databases."""
from __future__ import annotations

from tests.integration.moderator_support import add_participant, audit_actions, signed_in, vote
from workshop_app.domain.phases import ProposalState
from workshop_app.extensions import db
from workshop_app.models import FieldOfAction, Participant, Proposal, VotingRound, Workshop, WorkshopTable
from workshop_app.services import processes, rounds, workshops
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM


def _post(client, path, token):
    return client.post(path, data={"csrf_token": token})


def _api(client, token, path, method="POST"):
    return client.open(f"/api/v1{path}", method=method, headers={"X-CSRFToken": token}, json={}
                       if method == "POST" else None)


def _statuses(client, token, code):
    return {s["step"]: s["status"] for s in _api(client, token, f"/workshops/{code}/agenda", "GET").json["agenda"]}


def _proposals(workshop: Workshop, count: int) -> list[int]:
    ids = []
    with tx.write():
        for n in range(count):
            proposal = Proposal(workshop_id=workshop.id, title=f"Ziel {n + 1}", author_kind="moderator",
                                state=ProposalState.PUBLISHED.value)
            db.session.add(proposal)
            db.session.flush()
            ids.append(proposal.id)
    return ids


def test_the_fgk_agenda_runs_step_by_step(client, make_user, make_workshop):
    workshop = make_workshop()
    code = workshop.join_code
    token = signed_in(client, make_user)
    people = [add_participant(workshop.id, key)[0] for key in ("politik", "verwaltung",
                                                              "zivilgesellschaft") * 4]
    assert _statuses(client, token, code) == {"tables": "current", "prioritise": "later",
                                              "measures": "later", "feasibility": "later"}
    console = client.get(f"/moderate/{code}")
    assert b'id="agenda"' in console.data and b'aria-current="step"' in console.data

    # 1. tables: one per core field of action, the groups spread, the room collects
    assert _post(client, f"/moderate/{code}/agenda/tables", token).status_code == 302
    core = list(db.session.scalars(db.select(FieldOfAction).filter_by(
        process_id=workshop.process_id, optional_module=False).order_by(FieldOfAction.position)))
    made = list(db.session.scalars(db.select(WorkshopTable).filter_by(workshop_id=workshop.id)
                                   .order_by(WorkshopTable.position)))
    assert [t.field_id for t in made] == [f.id for f in core] and len(made) == 6
    seated = [db.session.get(Participant, p.id).table_id for p in people]
    assert None not in seated
    sizes = [seated.count(t.id) for t in made]
    assert max(sizes) - min(sizes) <= 1
    assert db.session.get(Workshop, workshop.id).phase == "collect"
    again = _post(client, f"/moderate/{code}/agenda/tables", token)  # no second set of tables
    assert again.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkshopTable).filter_by(
        workshop_id=workshop.id)) == 6

    # measures before any prioritisation: refused, nothing changes
    refused = _api(client, token, f"/workshops/{code}/agenda/measures")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "priority_round_not_closed"
    assert db.session.get(Workshop, workshop.id).phase == "collect"

    # 2. prioritise: a prepared ranking round with three places
    goals = _proposals(workshop, 5)
    answer = _api(client, token, f"/workshops/{code}/agenda/prioritise")
    assert answer.status_code == 200
    assert {s["step"]: s["status"] for s in answer.json["agenda"]}["prioritise"] == "current"
    ranking = db.session.scalar(db.select(VotingRound).filter_by(workshop_id=workshop.id))
    assert (ranking.method, ranking.budget, ranking.state) == ("ranking", 3, "draft")
    assert ranking.title == "Welche Ziele sind am wichtigsten?"  # the room's first language
    console = client.get(f"/moderate/{code}").data
    assert b"/agenda/prioritise" not in console and b"/agenda/tables" not in console  # set up already
    assert b"/agenda/measures" in console
    twice = _api(client, token, f"/workshops/{code}/agenda/prioritise")
    assert twice.status_code == 409 and twice.json["error"]["code"] == "round_already_prepared"

    rounds.open_round(SYSTEM, ranking.id)
    for person in people:
        vote(db.session.get(Participant, person.id), ranking.id,
             {str(goals[4]): 1, str(goals[2]): 2, str(goals[0]): 3})
    rounds.close_round(SYSTEM, ranking.id)

    # 3. measures: the top three goals open, the room switches to the measures phase
    assert _api(client, token, f"/workshops/{code}/agenda/measures").status_code == 200
    opened = set(db.session.scalars(db.select(Proposal.id).filter_by(workshop_id=workshop.id,
                                                                      measures_open=True)))
    assert opened == {goals[4], goals[2], goals[0]}
    assert db.session.get(Workshop, workshop.id).phase == "measures"

    # 4. feasibility: a prepared round for the administration, assessing the ranking
    assert _api(client, token, f"/workshops/{code}/agenda/feasibility").status_code == 200
    assessing = db.session.scalar(db.select(VotingRound).filter_by(workshop_id=workshop.id,
                                                                   purpose="feasibility"))
    assert assessing.assesses_round_id == ranking.id and assessing.state == "draft"
    assert assessing.assessor_group.key == "verwaltung"
    assert _statuses(client, token, code) == {"tables": "done", "prioritise": "done",
                                              "measures": "done", "feasibility": "current"}
    assert audit_actions(workshop.id).count("agenda.start") == 5


def test_a_process_without_the_template_offers_no_agenda(client, make_user, ctx):
    process = processes.create_process(SYSTEM, municipality="Musterstadt", title="Leer")
    workshop, _secret = workshops.create_workshop(SYSTEM, process, title="Ohne Vorlage")
    token = signed_in(client, make_user)
    code = workshop.join_code
    assert _api(client, token, f"/workshops/{code}/agenda", "GET").json == {"agenda": []}
    refused = _api(client, token, f"/workshops/{code}/agenda/tables")
    assert refused.status_code == 422 and refused.json["error"]["code"] == "invalid_choice"
    assert b'id="agenda"' not in client.get(f"/moderate/{code}").data


def test_unknown_steps_and_strangers_are_refused(client, make_user, make_workshop):
    workshop = make_workshop()
    code = workshop.join_code
    assert client.post(f"/api/v1/workshops/{code}/agenda/tables", json={}).status_code in (401, 403)
    token = signed_in(client, make_user)
    bad = _api(client, token, f"/workshops/{code}/agenda/lunch")
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_choice"
    form = _post(client, f"/moderate/{code}/agenda/lunch", token)
    assert form.status_code == 422 and b'role="alert"' in form.data
    assert db.session.scalar(db.select(db.func.count()).select_from(WorkshopTable)) == 0
