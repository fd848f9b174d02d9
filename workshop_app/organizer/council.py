"""Council decisions of a goal or measure: link OParl papers, remove, refresh, search the body's papers."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import access
from ..domain.errors import DomainError
from ..messages import describe
from ..models import Goal
from ..oparl_messages import fetch_problem, paper_problem
from ..services import council
from . import bp
from .common import goal_for, measure_for

GOAL_ROUTE = "/organize/goals/<int:goal_id>/council-papers"
MEASURE_ROUTE = "/organize/measures/<int:measure_id>/council-papers"


@bp.app_template_global("council_paper_problem")
def council_paper_problem(paper):
    return paper_problem(paper)


def _target(goal_id: int | None, measure_id: int | None):
    return goal_for(goal_id) if goal_id is not None else measure_for(measure_id)


def _address(target) -> dict:
    return {"goal_id": target.id} if isinstance(target, Goal) else {"measure_id": target.id}


def _page(target, *, status=200, error=None, query="", results=None):
    kind = "goals" if isinstance(target, Goal) else "measures"
    goal = target if kind == "goals" else target.goal
    return render_template("organizer/council_papers.html", kind=kind, target=target, goal=goal,
                           base=url_for("organizer.council_papers", **_address(target)),
                           configured=council.configured(), error=error, query=query, results=results,
                           posted_url=request.form.get("url", "") if error else "",
                           linked={p.url for p in target.council_papers}, search_problem=(
                               fetch_problem(results.error) if results and results.error else None)), status


def _back(target):
    return redirect(url_for("organizer.council_papers", **_address(target)))


def _report(target, count_before: int) -> None:
    """After linking: say whether the council system confirmed the new paper, and why not."""
    for paper in target.council_papers[count_before:]:
        if paper.verified:
            flash(_("The council paper “%(label)s” was linked.", label=paper.label), "success")
        else:
            flash(_("The link was kept, but not verified yet: %(reason)s You can try again with “Check again”.",
                    reason=paper_problem(paper)), "warning")


@bp.get(GOAL_ROUTE)
@bp.get(MEASURE_ROUTE)
def council_papers(goal_id: int | None = None, measure_id: int | None = None):
    target = _target(goal_id, measure_id)
    query = (request.args.get("q") or "").strip()
    if not query:
        return _page(target)
    try:
        results = council.search(query)
    except DomainError as error:
        return _page(target, status=422, error=describe(error), query=query)
    return _page(target, query=query, results=results)


@bp.post(GOAL_ROUTE)
@bp.post(MEASURE_ROUTE)
def link_council_paper(goal_id: int | None = None, measure_id: int | None = None):
    target = _target(goal_id, measure_id)
    before = len(target.council_papers)
    try:
        target = council.add_paper(access.current_actor(), target, request.form.get("url", ""))
    except DomainError as error:
        return _page(target, status=422, error=describe(error))
    _report(target, before)
    return _back(target)


@bp.post(GOAL_ROUTE + "/remove")
@bp.post(MEASURE_ROUTE + "/remove")
def unlink_council_paper(goal_id: int | None = None, measure_id: int | None = None):
    paper_id = request.form.get("paper", type=int)
    target = council.remove_paper(access.current_actor(), _target(goal_id, measure_id), paper_id)
    flash(_("The council paper was removed from this list."), "success")
    return _back(target)


@bp.post(GOAL_ROUTE + "/refresh")
@bp.post(MEASURE_ROUTE + "/refresh")
def refresh_council_papers(goal_id: int | None = None, measure_id: int | None = None):
    paper_id = request.form.get("paper", type=int)
    target = council.refresh(access.current_actor(), _target(goal_id, measure_id), paper_id)
    problems = [p for p in target.council_papers if not p.verified and (paper_id is None or p.id == paper_id)]
    if problems:
        flash(_("%(count)s council paper(s) could not be verified; the reasons are shown in the list.",
                count=len(problems)), "warning")
    else:
        flash(_("The council papers were checked again."), "success")
    return _back(target)
