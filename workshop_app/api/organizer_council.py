"""Council papers (OParl) in the organizer API: the ``council_papers`` field of goal and measure
PATCHes, re-checking linked papers, and searching the configured body's papers."""
from __future__ import annotations

from flask import request

from ..domain import oparl as rules
from ..models import Goal, Measure
from ..services import council
from . import bp
from .organizer_common import found, organizer
from .organizer_json import goal_json, measure_json

_NOT_GIVEN = object()


def papers_in(body: dict):
    """The body's ``council_papers``, checked as a whole before anything is written (→ 422)."""
    if "council_papers" not in body:
        return _NOT_GIVEN
    return rules.check_paper_urls(body["council_papers"], council.settings().endpoints)


def only_papers(body: dict) -> bool:
    return set(body) == {"council_papers"}


def link_papers(actor, target, papers):
    """Replace the target's papers when the body named them; the (reloaded) target either way."""
    return target if papers is _NOT_GIVEN else council.set_papers(actor, target, papers)


@bp.post("/goals/<int:goal_id>/council-papers/refresh")
def organizer_refresh_goal_papers(goal_id: int):
    actor = organizer()
    return goal_json(council.refresh(actor, found(Goal, goal_id)))


@bp.post("/measures/<int:measure_id>/council-papers/refresh")
def organizer_refresh_measure_papers(measure_id: int):
    actor = organizer()
    return measure_json(council.refresh(actor, found(Measure, measure_id)))


@bp.get("/council-papers/search")
def organizer_search_council_papers():
    organizer()
    result = council.search(request.args.get("q", ""))
    return {"results": [{**hit, "date": hit["date"].isoformat() if hit["date"] else None} for hit in result.hits],
            "pages": result.pages, "complete": result.complete, "error": result.error}
