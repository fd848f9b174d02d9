"""The action plan in the organizer API: goals adopted from proposals, measures, progress notes."""
from __future__ import annotations

from .. import inputs
from ..domain.errors import DomainError
from ..domain.values import optional_flag
from ..extensions import db
from ..models import Goal, Measure, Process
from ..services import plan
from . import bp
from .common import json_body
from .organizer_common import found, organizer
from .organizer_council import link_papers, only_papers, papers_in
from .organizer_json import goal_json, measure_json


def _proposal_ids(value) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DomainError("invalid_choice", "a list of proposal ids", field="proposals")
    return [inputs.optional_int(v, "proposals") for v in value]


@bp.post("/processes/<int:process_id>/goals")
def organizer_adopt_goal(process_id: int):
    actor, body = organizer(), json_body()
    goal = plan.adopt_goal(actor, found(Process, process_id), title=body.get("title", ""),
                           field_id=inputs.optional_int(body.get("field"), "field"),
                           proposal_ids=_proposal_ids(body.get("proposals")),
                           description=body.get("description", ""),
                           basis_round=inputs.optional_int(body.get("basis_round"), "basis_round"))
    return goal_json(goal), 201


@bp.patch("/goals/<int:goal_id>")
def organizer_update_goal(goal_id: int):
    actor, body, goal = organizer(), json_body(), found(Goal, goal_id)
    papers = papers_in(body)  # every URL checked before anything is written
    changes = {k: body[k] for k in ("title", "description") if k in body}
    if "field" in body:
        changes["field"] = inputs.optional_int(body["field"], "field")
    if "proposals" in body:
        changes["proposals"] = _proposal_ids(body["proposals"])
    if "basis_round" in body:
        changes["basis_round"] = inputs.optional_int(body["basis_round"], "basis_round")
    if not only_papers(body):
        goal = plan.update_goal(actor, goal, **changes)
    return goal_json(link_papers(actor, goal, papers))


@bp.delete("/goals/<int:goal_id>")
def organizer_delete_goal(goal_id: int):
    plan.delete_goal(organizer(), found(Goal, goal_id))
    return "", 204


def _measure_values(body: dict) -> dict:
    values = {k: body[k] for k in plan.MEASURE_FIELDS if k in body}
    if isinstance(values.get("partners"), list):
        values["partners"] = "; ".join(str(p) for p in values["partners"])
    for key in ("start", "deadline"):
        if key in values:
            values[key] = inputs.optional_date(values[key], key)
    return values


@bp.post("/goals/<int:goal_id>/measures")
def organizer_add_measure(goal_id: int):
    actor, body = organizer(), json_body()
    measure = plan.add_measure(actor, found(Goal, goal_id), **_measure_values(body))
    return measure_json(measure), 201


@bp.patch("/measures/<int:measure_id>")
def organizer_update_measure(measure_id: int):
    actor, body, measure = organizer(), json_body(), found(Measure, measure_id)
    papers = papers_in(body)  # every URL checked before anything is written
    if not only_papers(body):
        measure = plan.update_measure(actor, measure, note=body.get("note", ""),
                                      note_date=inputs.optional_date(body.get("note_date"), "note_date"),
                                      note_public=optional_flag(body.get("note_public"), "note_public") is not False,
                                      **_measure_values(body))
    return measure_json(link_papers(actor, measure, papers))


@bp.delete("/measures/<int:measure_id>")
def organizer_delete_measure(measure_id: int):
    plan.delete_measure(organizer(), found(Measure, measure_id))
    return "", 204


@bp.post("/measures/<int:measure_id>/notes")
def organizer_add_note(measure_id: int):
    actor, body = organizer(), json_body()
    plan.add_note(actor, found(Measure, measure_id), text=body.get("text", ""),
                  note_date=inputs.optional_date(body.get("date"), "date"),
                  public=optional_flag(body.get("public"), "public") is not False)
    return measure_json(db.session.get(Measure, measure_id)), 201
