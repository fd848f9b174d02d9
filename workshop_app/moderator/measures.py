"""The measures step from the console: choose the goal proposals open for measures (ticked, or
the top ones of a closed round). Rounds over measures are created with the round form."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from ..domain import values
from ..domain.errors import DomainError
from ..services import measures
from . import bp
from .common import done, failed, round_for, workshop_for
from .forms import checkbox


@bp.post("/moderate/<code>/measure-goals")
def measure_goals(code: str):
    workshop, actor = workshop_for(code)
    try:
        if request.form.get("round"):
            # domain.values refuses text that is no whole number (a form field is any text)
            round_ = round_for(workshop, values.optional_int(request.form.get("round"), "round") or 0)
            goals = measures.top_of_round(round_, values.optional_int(request.form.get("top"), "top") or 0)
        else:
            goals = request.form.getlist("goals")
        measures.choose_goals(actor, workshop, goals)
    except DomainError as error:
        return failed(workshop, error, "measure-goals")
    return done(workshop, _("The goals for measures were saved."), "measures")


@bp.post("/moderate/<code>/measures")
def measure_add(code: str):
    workshop, actor = workshop_for(code)
    form = request.form
    try:
        measures.add_by_moderator(actor, workshop, form.get("goal"), title=form.get("title", ""),
                                  responsible=form.get("responsible", ""), timeframe=form.get("timeframe", ""),
                                  from_paper=checkbox(form, "from_paper"))
    except DomainError as error:
        return failed(workshop, error, "measure-add")
    return done(workshop, _("The measure was added and published."), "measures")
