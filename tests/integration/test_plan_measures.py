"""The action plan: goals from proposals, measures with validated deadlines, status history, report."""
from __future__ import annotations

from datetime import date

import pytest

from testkit.worlds import seed
from tests.conftest import csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Goal, Measure, ProgressNote


@pytest.fixture
def data(ctx):
    return seed()


@pytest.fixture
def organizer(client, make_user, data):
    make_user()
    with client.session_transaction() as session:
        session["lang"] = "en"
    login(client)
    return client


def _post(client, url, data, page):
    return client.post(url, data={**data, "csrf_token": csrf_token_from(client.get(page))})


def _count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_adopt_merged_proposals_as_goal(organizer, data):
    page = f"/organize/processes/{data.process_id}/plan"
    shown = organizer.get(page)
    assert shown.status_code == 200 and "رياض أطفال أكثر" in shown.text and "points" in shown.text
    before = _count(Goal)
    response = _post(organizer, f"/organize/processes/{data.process_id}/goals",
                     {"proposals": [str(data.proposal_ids[2]), str(data.proposal_ids[3])], "title": ""}, page)
    assert response.status_code == 302
    goal = db.session.scalar(db.select(Goal).order_by(Goal.id.desc()))
    assert _count(Goal) == before + 1
    assert goal.title == "Більше місць у дитсадках" and [p.id for p in goal.proposals] == data.proposal_ids[2:4]
    assert goal.field.name == "Familie und Arbeitswelt, Betreuung"
    foreign = _post(organizer, f"/organize/processes/{data.process_id}/goals", {"proposals": "999999"}, page)
    assert foreign.status_code == 422 and "Only published proposals" in foreign.text
    assert _count(Goal) == before + 1


@pytest.mark.parametrize("change, message", [
    ({"deadline": "2029-05-21"}, "The deadline is too late: at most 2029-05-20."),
    ({"responsible": "  "}, "Please name who is responsible for this measure."),
    ({"deadline": ""}, "Please give a deadline for this measure."),
    ({"deadline": "31.12.2027"}, "Please enter the date as YYYY-MM-DD."),
    ({"start": "2028-01-01", "deadline": "2027-01-01"}, "The deadline lies before the start."),
])
def test_bad_measures_store_nothing(organizer, data, change, message):
    goal = db.session.scalar(db.select(Goal).order_by(Goal.id))
    page = f"/organize/goals/{goal.id}/measures/new"
    values = {"title": "Familienbüro im Rathaus", "responsible": "Sozialamt", "deadline": "2028-12-31",
              "status": "planned", **change}
    before = _count(Measure)
    response = _post(organizer, page, values, page)
    assert response.status_code == 422
    assert message in response.text
    assert 'value="Familienbüro im Rathaus"' in response.text  # input kept
    assert _count(Measure) == before


def test_measure_status_changes_become_dated_notes_and_report(organizer, data):
    goal = db.session.scalar(db.select(Goal).order_by(Goal.id))
    page = f"/organize/goals/{goal.id}/measures/new"
    ok = _post(organizer, page, {"title": "Familienbüro", "responsible": "Sozialamt", "partners": "Caritas; AWO",
                                 "start": "2026-06-01", "deadline": "2029-05-20", "indicator": "Beratungen pro Jahr",
                                 "status": "planned"}, page)
    assert ok.status_code == 302
    measure = db.session.scalar(db.select(Measure).order_by(Measure.id.desc()))
    edit = f"/organize/measures/{measure.id}/edit"
    values = {"title": measure.title, "responsible": "Sozialamt", "partners": "Caritas; AWO",
              "start": "2026-06-01", "deadline": "2029-05-20", "indicator": "Beratungen pro Jahr"}
    assert _post(organizer, edit, {**values, "status": "in_progress", "note": "Räume gefunden",
                                   "note_date": "2026-02-01"}, edit).status_code == 302
    assert _post(organizer, edit, {**values, "status": "in_progress", "note": "Eröffnung geplant"},
                 edit).status_code == 302
    assert _post(organizer, edit, {**values, "status": "done", "note_date": "2026-09-01"}, edit).status_code == 302
    notes = db.session.scalars(db.select(ProgressNote).filter_by(measure_id=measure.id).order_by(ProgressNote.id)).all()
    assert [(n.status_before, n.status_after) for n in notes] == [
        ("planned", "in_progress"), ("", ""), ("in_progress", "done")]
    assert notes[0].date == date(2026, 2, 1) and notes[0].text == "Räume gefunden"
    event = db.session.scalars(db.select(AuditEvent).filter_by(action="measure.update")).all()[-1]
    assert event.before["status"] == "in_progress" and event.after["status"] == "done"

    # The annual report by year: the changes of that year, in words (never "in_progress").
    earlier = organizer.get(f"/organize/processes/{data.process_id}/report?year=2025")
    assert earlier.status_code == 200
    assert "No status changed in the reporting period." in earlier.text and "Räume gefunden" not in earlier.text
    full = organizer.get(f"/organize/processes/{data.process_id}/report?year=2026")
    assert "planned → in progress" in full.text and "in progress → implemented" in full.text
    assert "Räume gefunden" in full.text and "in_progress" not in full.text
    assert "Familienbüro" in full.text and "Bildung und Erziehung" in full.text
    assert organizer.get(f"/organize/processes/{data.process_id}/report?year=gestern").status_code == 422


def test_goal_and_measure_removal(organizer, data):
    goal = db.session.scalar(db.select(Goal).order_by(Goal.id.desc()))
    page = f"/organize/processes/{data.process_id}/plan"
    measure_id = goal.measures[0].id
    assert _post(organizer, f"/organize/measures/{measure_id}/delete", {}, page).status_code == 302
    assert db.session.get(Measure, measure_id) is None
    assert _post(organizer, f"/organize/goals/{goal.id}/delete", {}, page).status_code == 302
    assert db.session.get(Goal, goal.id) is None
