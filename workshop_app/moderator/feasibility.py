"""Priority × feasibility in the console (issue 17, item 6): create a feasibility round from a
closed priority round, rate as a named assessor account (a form per goal, no JavaScript needed),
and see the assessors' progress and the matrix."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import inputs, matrix_labels
from ..domain import values
from ..domain.errors import DomainError
from ..domain.feasibility import RoundPurpose
from ..domain.phases import RoundState
from ..extensions import db
from ..messages import describe
from ..services import feasibility
from ..services.read_models import results
from . import bp, forms
from .common import round_for, workshop_for


def _page(workshop, actor, *, error=None, form=None, values=None, status=200):
    rounds = [{"round": r, "matrix": feasibility.matrix_payload(r), "progress": feasibility.progress(r),
               "goals": results.round_proposals(r) if r.state != RoundState.DRAFT else [],
               "mine": feasibility.staff_ballot(r, actor.user), "named": feasibility.is_named(r, actor.user)}
              for r in feasibility.rounds_of(workshop)]
    return render_template("moderator/feasibility.html", workshop=workshop, rounds=rounds,
                           assessable=feasibility.assessable(workshop), candidates=feasibility.candidates(workshop),
                           default_group=feasibility.default_group(workshop), labels=matrix_labels.labels(),
                           error=error, error_form=form, values=values or {}), status


def _done(workshop, message: str, anchor: str = ""):
    flash(message, "success")
    return redirect(url_for("moderator.feasibility_page", code=workshop.join_code) + (f"#{anchor}" if anchor else ""))


@bp.get("/moderate/<code>/feasibility")
def feasibility_page(code: str):
    workshop, actor = workshop_for(code)
    return _page(workshop, actor)


@bp.post("/moderate/<code>/feasibility")
def feasibility_create(code: str):
    workshop, actor = workshop_for(code)
    try:
        # domain.values refuses what is no id (text, or a number beyond the column's range)
        round_id = values.optional_int(request.form.get("round"), "round")
        if round_id is None:
            raise DomainError("invalid_choice", "choose a round", field="round")
        priority = round_for(workshop, round_id)
        round_ = feasibility.create(actor, priority, group=request.form.get("group") or None,
                                    assessors=inputs.id_list(request.form.getlist("assessors")),
                                    title=request.form.get("title") or "")
    except DomainError as error:
        db.session.rollback()
        return _page(workshop, actor, error=describe(error), form="create", values=request.form, status=422)
    return _done(workshop, _("The feasibility round was created. Start it when the assessors are ready."),
                 f"feasibility-{round_.id}")


@bp.post("/moderate/<code>/feasibility/<int:round_id>/assessment")
def feasibility_rate(code: str, round_id: int):
    workshop, actor = workshop_for(code)
    round_ = round_for(workshop, round_id)
    if round_.purpose != RoundPurpose.FEASIBILITY:
        abort(404)
    try:
        feasibility.rate(actor, round_, forms.ratings(request.form))
    except DomainError as error:
        db.session.rollback()
        return _page(workshop, actor, error=describe(error), form=f"rate-{round_id}", values=request.form,
                     status=403 if error.code == "not_assessor" else 422)
    return _done(workshop, _("Your feasibility ratings were saved."), f"feasibility-{round_id}")
