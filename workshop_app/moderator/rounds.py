"""Voting rounds from the console: create, start voting (open + vote phase), open, close
(optionally showing the results), publish, reset, paper votes."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from .. import inputs
from ..domain.errors import DomainError
from ..error_status import status_for
from ..services import paper, rounds, voting_flow
from ..services.read_models import results
from . import bp, forms
from .common import done, failed, round_for, workshop_for
from .paper_errors import paper_problem

MESSAGES = {
    "start": lambda: _("Voting has started: the screen and the phones show the ballot."),
    "open": lambda: _("The round is open: phones can vote now."),
    "close": lambda: _("The round is closed. Every vote that arrived in time is counted."),
    "close_results": lambda: _("The round is closed and the screen shows its results."),
    "publish": lambda: _("The results are published to the participants."),
    "reset": lambda: _("The round was reset; its votes were deleted."),
}


@bp.post("/moderate/<code>/rounds")
def round_create(code: str):
    workshop, actor = workshop_for(code)
    try:
        rounds.create(actor, workshop.id, **forms.round_settings(request.form))
    except DomainError as error:
        return failed(workshop, error, "round")
    return done(workshop, _("The voting round was created."), "rounds")


def _act(actor, round_id: int, action: str) -> str:
    """Run one round action; returns the key of its message."""
    if action == "reset":
        rounds.reset_round(actor, round_id, confirm=inputs.checkbox(request.form, "confirm"))
    elif action == "start":
        voting_flow.start_voting(actor, round_id)
    elif action == "close":
        show = inputs.checkbox(request.form, "show_results")
        voting_flow.close_voting(actor, round_id, show_results=show, remember=True)
        return "close_results" if show else "close"
    else:
        {"open": rounds.open_round, "publish": rounds.publish_results}[action](actor, round_id)
    return action


@bp.post("/moderate/<code>/rounds/<int:round_id>/<any(start, open, close, publish, reset):action>")
def round_action(code: str, round_id: int, action: str):
    workshop, actor = workshop_for(code)
    round_ = round_for(workshop, round_id)
    try:
        key = _act(actor, round_.id, action)
    except DomainError as error:
        return failed(workshop, error, f"round-{round_id}")
    return done(workshop, MESSAGES[key](), "rounds")


@bp.route("/moderate/<code>/rounds/<int:round_id>/paper", methods=["GET", "POST"])
def round_paper(code: str, round_id: int):
    workshop, actor = workshop_for(code)
    round_ = round_for(workshop, round_id)
    problem, status = None, 200
    proposals = results.round_proposals(round_)
    if request.method == "POST":
        try:
            paper.record(actor, round_, request.form.get("group"), request.form.get("voters"),
                         forms.paper_points(request.form))
        except DomainError as error:
            problem, status = paper_problem(error, workshop, round_, proposals, request.form), status_for(error)
        else:
            return done(workshop, _("The paper votes were saved."), "rounds")
    return render_template("moderator/paper.html", workshop=workshop, round=round_, proposals=proposals,
                           counts=paper.current(round_), problem=problem, values=request.form), status
