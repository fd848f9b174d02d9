"""The phone's plain-HTML form of the measures step: propose a measure under a chosen goal.

Posts here and gets a redirect back to the goal, or the page again with the error next to the
input of that goal's form and the text kept. The JSON API (api/measures.py) calls the same
service.
"""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from .. import participants_http
from ..domain.errors import DomainError
from ..domain.phases import ProposalState
from ..messages import describe
from ..services import measures
from . import bp
from .workshop_views import load_workshop_page, render_workshop_page

FIELDS = ("title", "responsible", "timeframe")


@bp.post("/w/<code>/measures")
@participants_http.proposal_limit
def propose_measure(code: str):
    workshop, participant = load_workshop_page(code)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    values = {name: request.form.get(name, "") for name in FIELDS}
    goal = request.form.get("goal", "")
    try:
        proposal = measures.submit(participant.id, participant.workshop_id, goal, **values)
    except DomainError as error:
        error_goal = int(goal) if goal.isdigit() else None
        return render_workshop_page(workshop, participant, status=400, measure_error={
            "goal": error_goal, "field": error.params.get("field"), "message": describe(error),
            "values": values})
    flash(_("Thank you! Your measure is waiting for the moderators.") if proposal.state == ProposalState.PENDING
          else _("Thank you! Your measure has been published."), "success")
    return redirect(url_for("participant.home", code=workshop.join_code,
                            _anchor=f"goal-{proposal.parent_id}"), 303)
