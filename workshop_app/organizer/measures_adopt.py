"""Adopting a goal proposal with its measure proposals from a workshop into the action plan.

GET lists the goal proposals that have measure proposals, or, for one (``?goal=``), its measure
proposals with the top of its latest measures round ticked; POST adopts (services.measures_adopt).
"""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from .. import access
from ..domain.errors import DomainError
from ..services import measures_adopt
from . import bp
from .common import done, failed, process_for


def _context(process, goal_value) -> dict:
    goal = measures_adopt.goal_proposal_of(process, goal_value) if goal_value else None
    return {"process": process, "goals": measures_adopt.goals_with_measures(process), "goal": goal,
            "candidates": measures_adopt.candidates(goal) if goal else [],
            "existing": measures_adopt.existing_goal(process, goal) if goal else None}


def _items(form) -> list[dict]:
    return [{"proposal": value, "responsible": form.get(f"responsible-{value}", ""),
             "deadline": form.get(f"deadline-{value}", "")} for value in form.getlist("measures")]


@bp.route("/organize/processes/<int:process_id>/adopt-measures", methods=["GET", "POST"])
def adopt_measures(process_id: int):
    process = process_for(process_id)
    if request.method == "GET":
        return render_template("organizer/adopt_measures.html", values=None,
                               **_context(process, request.args.get("goal")))
    goal_value = request.form.get("goal_proposal")
    try:
        goal = measures_adopt.adopt(access.current_actor(), process, goal_value, _items(request.form))
    except DomainError as error:
        return failed("organizer/adopt_measures.html", error, form="adopt", **_context(process, goal_value))
    return done(_("The goal and its measures were adopted into the action plan."), "organizer.action_plan",
                f"goal-{goal.id}", process_id=process.id)
