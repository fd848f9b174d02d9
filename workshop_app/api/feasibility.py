"""Feasibility rounds in the JSON API (issue 17, item 6): create one from a closed priority
round, a named assessor account's ratings, and the priority × feasibility matrix."""
from __future__ import annotations

from flask import abort

from .. import access
from ..domain.feasibility import RoundPurpose
from ..extensions import db
from ..models import VotingRound
from ..services import feasibility
from ..services.read_models import results
from . import bp
from .common import json_body
from .moderation_docs import ID_PARAM, INT, op


def _round(round_id: int, *, feasibility_round: bool = True):
    round_ = db.get_or_404(VotingRound, round_id)
    actor = access.require_moderator(round_.workshop)  # authorised first: a 404 reveals nothing
    if feasibility_round and round_.purpose != RoundPurpose.FEASIBILITY:
        abort(404)
    return round_, actor


@bp.post("/rounds/<int:round_id>/feasibility")
def moderate_feasibility_create(round_id: int):
    priority, actor = _round(round_id, feasibility_round=False)
    body = json_body(allow_empty=True)
    round_ = feasibility.create(actor, priority, group=body.get("group"), assessors=body.get("assessors"),
                                title=body.get("title", ""))
    return {**results.round_summary(round_), "assesses_round": priority.id,
            "assessors": [u.id for u in feasibility.named_assessors(round_)]}, 201


@bp.put("/rounds/<int:round_id>/assessment")
def moderate_feasibility_rate(round_id: int):
    round_, actor = _round(round_id)
    return feasibility.rate(actor, round_, json_body().get("votes")).as_dict()


@bp.get("/rounds/<int:round_id>/assessment")
def moderate_feasibility_assessment(round_id: int):
    round_, actor = _round(round_id)
    votes = feasibility.staff_ballot(round_, actor.user)
    return {"round_id": round_.id, "votes": {str(k): v for k, v in votes.items()},
            "assessor": feasibility.is_named(round_, actor.user)}


@bp.get("/rounds/<int:round_id>/matrix")
def moderate_feasibility_matrix(round_id: int):
    round_, _actor = _round(round_id)
    return {"round": results.round_summary(round_), "matrix": feasibility.matrix_payload(round_),
            "progress": feasibility.progress(round_)}


_ASSESS = {"votes": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 5},
                     "description": "proposal id → feasibility 1 (hardly feasible) … 5 (easily feasible); "
                                    "0 or absent: not rated"}}
PATHS: dict = {
    "/api/v1/rounds/{id}/feasibility": {"parameters": ID_PARAM, "post": op(
        "Create a feasibility round (rating 1–5, draft) over the items of this closed priority round; "
        "only the assessors rate in it: the participants of `group` (default: the group with the key "
        "`verwaltung`) and the named accounts `assessors` (in the console or PUT …/assessment)",
        {"group": {"type": "string"}, "assessors": {"type": "array", "items": INT},
         "title": {"type": "string", "maxLength": 200}}, status="201")},
    "/api/v1/rounds/{id}/assessment": {"parameters": ID_PARAM, "get": op(
        "The calling account's own feasibility ratings in this round"), "put": op(
        "Store the calling account's whole feasibility ballot (named assessors only; 403 not_assessor "
        "otherwise); audited", _ASSESS)},
    "/api/v1/rounds/{id}/matrix": {"parameters": ID_PARAM, "get": op(
        "The priority × feasibility matrix of a feasibility round: per goal its number, priority "
        "(group-balanced score of the assessed round / the highest, 0..1), mean feasibility 1..5 with "
        "`raters`, and quadrant (quick_wins, major_projects, fill_ins, reconsider; null: not assessed); "
        "the splits (priority at the median, feasibility at 3); the markers' layout; and the assessors' progress")},
}
