"""Voting rounds from the console: create, open, close, publish, reset, paper votes."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from ..domain.errors import DomainError
from ..messages import describe
from ..services import paper, results, rounds
from . import bp, forms
from .common import done, failed, round_for, workshop_for

MESSAGES = {
    "open": lambda: _("The round is open: phones can vote now."),
    "close": lambda: _("The round is closed. Every vote that arrived in time is counted."),
    "publish": lambda: _("The results are published to the participants."),
    "reset": lambda: _("The round was reset; its votes were deleted."),
}


@bp.post("/moderate/<code>/rounds")
def round_create(code: str):
    workshop, actor = workshop_for(code)
    try:
        rounds.create(actor, workshop, **forms.round_settings(request.form))
    except DomainError as error:
        return failed(workshop, error, "round")
    return done(workshop, _("The voting round was created."), "rounds")


@bp.post("/moderate/<code>/rounds/<int:round_id>/<any(open, close, publish, reset):action>")
def round_action(code: str, round_id: int, action: str):
    workshop, actor = workshop_for(code)
    round_ = round_for(workshop, round_id)
    try:
        if action == "reset":
            rounds.reset_round(actor, round_, confirm=forms.checkbox(request.form, "confirm"))
        else:
            {"open": rounds.open_round, "close": rounds.close_round,
             "publish": rounds.publish_results}[action](actor, round_)
    except DomainError as error:
        return failed(workshop, error, f"round-{round_id}")
    return done(workshop, MESSAGES[action](), "rounds")


@bp.route("/moderate/<code>/rounds/<int:round_id>/paper", methods=["GET", "POST"])
def round_paper(code: str, round_id: int):
    workshop, actor = workshop_for(code)
    round_ = round_for(workshop, round_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            paper.record(actor, round_, request.form.get("group"), request.form.get("voters"),
                         forms.paper_points(request.form))
        except DomainError as problem:
            error, status = describe(problem), 422
        else:
            return done(workshop, _("The paper votes were saved."), "rounds")
    return render_template("moderator/paper.html", workshop=workshop, round=round_,
                           proposals=results.round_proposals(round_), counts=paper.current(round_),
                           error=error, values=request.form), status
