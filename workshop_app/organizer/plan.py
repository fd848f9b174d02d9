"""The action plan: goals adopted from proposals, measures, progress notes, the annual report."""
from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _

from .. import access, inputs
from ..domain.errors import DomainError
from ..i18n import current_language
from ..services import plan
from ..services.read_models import reports
from ..services.read_models.annual_report import annual_report as build_annual_report
from ..services.read_models.progress import plan_progress
from ..vocabulary import MEASURE_STATUS_LABELS, term
from . import bp, forms
from .common import done, failed, goal_for, measure_for, process_for


def plan_context(process) -> dict:
    return {"process": process, "candidates": plan.adoptable_proposals(process),
            "support": reports.proposal_support(process), "status_labels": MEASURE_STATUS_LABELS,
            "progress": plan_progress(process), "goal_numbers": reports.goal_numbers(process),
            "field_options": [(f.id, f.name) for f in process.fields]}


def measure_context(goal, measure=None) -> dict:
    return {"goal": goal, "measure": measure, "status_labels": MEASURE_STATUS_LABELS,
            "status_options": list(MEASURE_STATUS_LABELS.items())}


@bp.get("/organize/processes/<int:process_id>/plan")
def action_plan(process_id: int):
    return render_template("organizer/plan.html", values={}, **plan_context(process_for(process_id)))


@bp.post("/organize/processes/<int:process_id>/goals")
def adopt_goal(process_id: int):
    process = process_for(process_id)
    try:
        plan.adopt_goal(access.current_actor(), process, title=request.form.get("title", ""),
                        field_id=inputs.optional_int(request.form.get("field"), "field"),
                        proposal_ids=[inputs.optional_int(v, "proposals") for v in request.form.getlist("proposals")],
                        description=request.form.get("description", ""))
    except DomainError as error:
        return failed("organizer/plan.html", error, form="goal", **plan_context(process))
    return done(_("The goal was added to the action plan."), "organizer.action_plan", process_id=process.id)


def _basis_label(round_) -> str:
    method = term("method", round_.method)
    return f"{round_.workshop.title} – {round_.title or method} ({method})"


def goal_form_context(goal) -> dict:
    rounds = [(r.id, _basis_label(r)) for r in plan.basis_rounds(goal.process)]
    return {"goal": goal, "field_options": [(f.id, f.name) for f in goal.process.fields],
            "basis_options": rounds}


@bp.route("/organize/goals/<int:goal_id>/edit", methods=["GET", "POST"])
def edit_goal(goal_id: int):
    goal = goal_for(goal_id)
    if request.method == "GET":
        return render_template("organizer/goal_form.html", values=None, **goal_form_context(goal))
    try:
        plan.update_goal(access.current_actor(), goal, title=request.form.get("title", ""),
                         description=request.form.get("description", ""),
                         field=inputs.optional_int(request.form.get("field"), "field"),
                         basis_round=inputs.optional_int(request.form.get("basis_round"), "basis_round"))
    except DomainError as error:
        return failed("organizer/goal_form.html", error, form="goal", **goal_form_context(goal))
    return done(_("The goal was saved."), "organizer.action_plan", f"goal-{goal.id}", process_id=goal.process_id)


@bp.post("/organize/goals/<int:goal_id>/delete")
def delete_goal(goal_id: int):
    goal = goal_for(goal_id)
    process_id = goal.process_id
    plan.delete_goal(access.current_actor(), goal)
    return done(_("The goal was removed."), "organizer.action_plan", process_id=process_id)


@bp.route("/organize/goals/<int:goal_id>/measures/new", methods=["GET", "POST"])
def new_measure(goal_id: int):
    goal = goal_for(goal_id)
    context = measure_context(goal)
    if request.method == "GET":
        return render_template("organizer/measure_form.html", values=None, **context)
    try:
        plan.add_measure(access.current_actor(), goal, **forms.measure_values(request.form))
    except DomainError as error:
        return failed("organizer/measure_form.html", error, form="measure", **context)
    return done(_("The measure was added."), "organizer.action_plan", f"goal-{goal.id}", process_id=goal.process_id)


@bp.route("/organize/measures/<int:measure_id>/edit", methods=["GET", "POST"])
def edit_measure(measure_id: int):
    measure = measure_for(measure_id)
    context = measure_context(measure.goal, measure)
    if request.method == "GET":
        return render_template("organizer/measure_form.html", values=None, **context)
    try:
        plan.update_measure(access.current_actor(), measure, note=request.form.get("note", ""),
                            note_date=inputs.optional_date(request.form.get("note_date"), "note_date"),
                            note_public=not inputs.checkbox(request.form, "note_internal"),
                            **forms.measure_values(request.form))
    except DomainError as error:
        return failed("organizer/measure_form.html", error, form="measure", **context)
    return done(_("The measure was saved."), "organizer.action_plan", f"measure-{measure.id}",
                process_id=measure.goal.process_id)


@bp.post("/organize/measures/<int:measure_id>/delete")
def delete_measure(measure_id: int):
    measure = measure_for(measure_id)
    process_id = measure.goal.process_id
    plan.delete_measure(access.current_actor(), measure)
    return done(_("The measure was removed."), "organizer.action_plan", process_id=process_id)


@bp.get("/organize/processes/<int:process_id>/report")
def annual_report(process_id: int):
    """The annual progress report on screen (printable), with its document downloads."""
    process = process_for(process_id)
    year = inputs.optional_int(request.args.get("year"), "year")
    report = build_annual_report(process, year, language=current_language())
    return render_template("organizer/annual_report.html", process=process, report=report,
                           years=range(date.today().year, _first_year(process) - 1, -1))


def _first_year(process) -> int:
    starts = [d for d in (process.period_start, process.council_decision) if d]
    return max(min(starts).year, date.today().year - 10) if starts else date.today().year - 3
