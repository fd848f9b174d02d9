"""The measures step in the JSON API (issue 17, item 3). The phone form, the console form and
the organizer page call the same services (services.measures, services.measures_adopt).

* participant: ``POST /api/v1/workshops/{code}/measures`` ``{"goal", "title", "body"?,
  "responsible"?, "timeframe"?}`` → 201 the own measure proposal;
* moderator: ``PUT /api/v1/workshops/{code}/measure-goals`` ``{"goals": [ids]}`` or
  ``{"round": id, "top": n}`` → the goal proposals open for measures; rounds over measures are
  created with ``POST /api/v1/workshops/{code}/rounds`` ``{"measures_of": id | "all", ...}``;
* organizer: ``POST /api/v1/processes/{id}/adopt-measures`` ``{"goal_proposal": id,
  "measures": [id | {"proposal", "title"?, "responsible"?, "deadline"?}]}`` → 201 the goal.
"""
from __future__ import annotations

from flask import jsonify

from .. import participants_http
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Process, VotingRound
from ..services import measures, measures_adopt
from ..services.read_models import snapshots
from . import asyncapi, bp
from .common import json_body, moderated_workshop
from .organizer_common import found, organizer
from .organizer_json import goal_json
from .participant import joined_participant


@bp.post("/workshops/<code>/measures")
@participants_http.proposal_limit
def propose_measure(code: str):
    workshop = participants_http.workshop_or_404(code)
    participant = joined_participant(workshop)
    data = json_body()
    proposal = measures.submit(participant.id, participant.workshop_id, data.get("goal"), title=data.get("title"),
                               body=data.get("body"), responsible=data.get("responsible"),
                               timeframe=data.get("timeframe"))
    response = jsonify(snapshots.proposal_payload(proposal, own=True))
    response.status_code = 201
    return response


@bp.post("/workshops/<code>/moderator-measures")
def moderate_add_measure(code: str):
    workshop, actor = moderated_workshop(code)
    data = json_body()
    proposal = measures.add_by_moderator(actor, workshop, data.get("goal"), title=data.get("title"),
                                         body=data.get("body"), responsible=data.get("responsible"),
                                         timeframe=data.get("timeframe"), from_paper=data.get("paper") is True)
    response = jsonify(snapshots.staff_proposal_payload(proposal))
    response.status_code = 201
    return response


@bp.put("/workshops/<code>/measure-goals")
def moderate_measure_goals(code: str):
    workshop, actor = moderated_workshop(code)
    data = json_body()
    goals = data.get("goals")
    if "round" in data:
        round_ = db.session.get(VotingRound, data.get("round")) if isinstance(data.get("round"), int) else None
        if round_ is None or round_.workshop_id != workshop.id or not isinstance(data.get("top"), int):
            raise DomainError("invalid_choice", "a closed round of this workshop and a count", field="round")
        goals = measures.top_of_round(round_, data["top"])
    return {"goals": measures.choose_goals(actor, workshop, goals)}


@bp.post("/processes/<int:process_id>/adopt-measures")
def adopt_measures(process_id: int):
    actor, body = organizer(), json_body()
    goal = measures_adopt.adopt(actor, found(Process, process_id), body.get("goal_proposal"),
                                body.get("measures"))
    return goal_json(goal), 201


_INT = {"type": "integer"}
_STR = {"type": "string"}
_ERRORS = {str(s): {"$ref": f"#/components/responses/Error{s}"} for s in (400, 401, 403, 404, 409, 422)}


def _op(tag: str, summary: str, security: list, body: dict, status: str = "200") -> dict:
    return {"tags": [tag], "summary": summary, "security": security,
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"type": "object", "properties": body}}}},
            "responses": {status: {"description": "OK"}, **_ERRORS}}


_CODE = [{"name": "code", "in": "path", "required": True, "schema": _STR}]
_PROCESS = [{"name": "process_id", "in": "path", "required": True, "schema": _INT}]
PATHS: dict = {
    "/api/v1/workshops/{code}/measures": {"parameters": _CODE, "post": _op(
        "participant", "Propose a measure under a goal proposal open for measures (phase "
        "`measures`; 422 measures_closed otherwise, goal_not_found for an unknown or hidden goal, "
        "goal_not_open_for_measures for one the moderators did not choose)",
        [{"participantToken": []}, {"participantCookie": [], "csrfHeader": []}],
        {"goal": _INT, "title": _STR, "body": _STR, "responsible": {**_STR, "maxLength": 200},
         "timeframe": {**_STR, "maxLength": 100}}, "201")},
    "/api/v1/workshops/{code}/moderator-measures": {"parameters": _CODE, "post": _op(
        "moderator", "Add a measure under a published goal proposal as moderator (e.g. from a paper "
        "card; `paper`: true), published at once, in any phase", [{"bearerAuth": []}, {"cookieAuth": []}],
        {"goal": _INT, "title": _STR, "body": _STR, "responsible": {**_STR, "maxLength": 200},
         "timeframe": {**_STR, "maxLength": 100}, "paper": {"type": "boolean"}}, "201")},
    "/api/v1/workshops/{code}/measure-goals": {"parameters": _CODE, "put": _op(
        "moderator", "Choose the goal proposals open for measures: exactly `goals`, or the `top` "
        "n of a closed `round`; answers goals", [{"bearerAuth": []}, {"cookieAuth": []}],
        {"goals": {"type": "array", "items": _INT}, "round": _INT, "top": _INT})},
    "/api/v1/processes/{process_id}/adopt-measures": {"parameters": _PROCESS, "post": _op(
        "organizer", "Adopt a goal proposal with chosen measure proposals into the action plan in "
        "one transaction (adds to the goal adopted from it before, if any). Each measure takes "
        "the proposal's title, the suggested responsible body and a deadline derived from the "
        "time frame when it names a definite date; give `responsible`/`deadline` where missing "
        "(422 adopt_deadline_required / adopt_responsible_required). 409 measure_already_adopted",
        [{"bearerAuth": []}], {"goal_proposal": _INT, "measures": {"type": "array", "items": {
            "oneOf": [_INT, {"type": "object", "properties": {
                "proposal": _INT, "title": _STR, "responsible": _STR,
                "deadline": {**_STR, "format": "date"}}}]}}}, "201")},
}


def _document_live_payloads() -> None:
    """The step's parts of the live protocol (/api/v1/asyncapi.json): the goals open for measures
    with phones' and screens' room facts and the console's phase event; measure cards also name
    their goal and the suggestions (live.proposal_events.MEASURE_KEYS)."""
    A = asyncapi
    A.SCHEMAS["RoomMeasures"] = {"oneOf": [{"type": "null"}, A._obj({
        "goals": {"type": "array", "items": A._obj({"id": A._ID, "number": _INT, "title": A._STR,
                                                    "field": A._NULLABLE_ID})},
        "measures": {"type": "array", "items": A._obj(
            {"id": A._ID, "title": A._STR, "parent": A._ID},
            {"number": _INT, "responsible": A._STR, "timeframe": A._STR, "kind": {"const": "measure"}})}})],
        "description": "the goal proposals open for measures and their published measure proposals; "
                       "null when none is open"}
    facts = {"measures": A._ref("RoomMeasures")}
    A._SCREEN_FACTS["mode"]["enum"].append("measures")  # shared by every screen schema
    for schema in (A._PHONE_PHASE, A._PHONE_ROUND, A.MESSAGES["participant"]["snapshot"][1]):
        schema["properties"].update(facts, proposing_measures={
            "type": "boolean", "description": "whether phones may propose measures now"})
    for _summary, payload in A.MESSAGES["screen"].values():
        if "mode" in payload.get("properties", {}):
            payload["properties"].update(facts)
    A._PHASE["properties"].update(facts)  # the console's groups
    A.SCHEMAS["PublicProposal"]["oneOf"][0]["properties"].update(
        kind={"const": "measure"}, parent=A._ID, responsible=A._STR, timeframe=A._STR)


_document_live_payloads()
