"""The participant's workshop page and its plain-HTML forms: propose, edit, withdraw, vote.

Every form posts to a route here and gets a redirect back (post/redirect/get), or the page again
with the error next to the input and the input kept. participant.js enhances the same forms.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import participants_http
from ..domain.ballots import Method
from ..domain.errors import DomainError
from ..domain.phases import ProposalState
from ..error_status import status_for
from ..messages import describe
from ..services import ballots, proposals, table_seats
from ..services.read_models import similar
from . import bp, page, table_views
from .forms import SentForm, proposal_form


def load_workshop_page(code: str):
    workshop = participants_http.workshop_or_404(code)
    participant = participants_http.participant_of(workshop)
    return workshop, participant


def _proposal_form(workshop, values) -> SentForm:
    return proposal_form(workshop.process.fields, values, empty_label=_("No specific field"))


def _sent_proposal() -> dict[str, str]:
    return {"title": request.form.get("title", ""), "body": request.form.get("body", ""),
            "field": request.form.get("field", "")}


def render_workshop_page(workshop, participant, form=None, status=200, hint=None, ballot=None, **extra):
    """``ballot``: a refused no-JS ballot and why, shown in its form (``(votes, message)``)."""
    if form is None:
        table_field = table_seats.seat_of(participant.id)[1]  # at a table: its field (services.tables)
        form = _proposal_form(workshop, {"field": str(table_field or workshop.focus_field_id or "")})
    saved = request.args.get("saved", type=int) if request.method == "GET" else None
    submitted, error = ballot or (None, None)
    return render_template("participant/workshop.html",
                           page=page.build(workshop, participant, saved=saved,
                                           submitted=submitted, error=error),
                           form=form, hint=hint, **extra), status


@bp.get("/w/<code>")
def home(code: str):
    workshop, participant = load_workshop_page(code)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    table_views.take_pending_seat(workshop, participant)  # joined from a table's QR code
    return render_workshop_page(workshop, participant)


@bp.post("/w/<code>/proposals")
@participants_http.proposal_limit
def propose(code: str):
    workshop, participant = load_workshop_page(code)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    form = _proposal_form(workshop, _sent_proposal())  # CSRF is checked app-wide; the service judges the content
    if request.form.get("check"):
        return render_workshop_page(workshop, participant, form,
                       hint=similar.hint(workshop, participant, form.values["title"]))
    try:
        proposal = proposals.submit(participant.id, participant.workshop_id, title=form.values["title"],
                                    body=form.values["body"], field=form.values["field"])
    except DomainError as error:
        form.show_error(error)
        return render_workshop_page(workshop, participant, form, status_for(error))
    flash(_("Thank you! Your proposal is waiting for the moderators.") if proposal.state == ProposalState.PENDING
          else _("Thank you! Your proposal has been published."), "success")
    return redirect(url_for("participant.home", code=workshop.join_code, _anchor="own"), 303)


@bp.route("/w/<code>/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
@participants_http.edit_limit
def edit_proposal(code: str, proposal_id: int):
    workshop, participant = load_workshop_page(code)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    try:
        proposal = proposals.own_proposal(participant.id, proposal_id)
    except DomainError as error:
        status = status_for(error)
        return render_template("errors/error.html", status=status, message=describe(error)), status
    waiting = proposal.has_pending_edit  # the form starts from the wording that waits
    form = _proposal_form(workshop, _sent_proposal() if request.method == "POST" else {
        "title": proposal.pending_title if waiting else proposal.title,
        "body": proposal.pending_body if waiting else proposal.body,
        "field": str((proposal.pending_field_id if waiting else proposal.field_id) or "")})
    status = 200
    if request.method == "POST":
        try:
            changed = proposals.edit(participant.id, participant.workshop_id, proposal_id,
                                     title=form.values["title"], body=form.values["body"],
                                     field=form.values["field"])
        except DomainError as error:
            form.show_error(error)
            status = status_for(error)
        else:
            flash(_("Thank you! Your change is waiting for the moderators; until they approve it, "
                    "everyone sees the previous wording.") if changed.has_pending_edit
                  else _("Your proposal has been changed."), "success")
            return redirect(url_for("participant.home", code=workshop.join_code, _anchor="own"), 303)
    return render_template("participant/edit_proposal.html", workshop=workshop,
                           proposal=proposal, form=form), status


@bp.post("/w/<code>/proposals/<int:proposal_id>/withdraw")
def withdraw_proposal(code: str, proposal_id: int):
    workshop, participant = load_workshop_page(code)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    try:
        proposals.withdraw(participant.id, participant.workshop_id, proposal_id)
    except DomainError as error:
        flash(describe(error), "error")
    else:
        flash(_("Your proposal has been withdrawn."), "success")
    return redirect(url_for("participant.home", code=workshop.join_code, _anchor="own"), 303)


@bp.post("/w/<code>/rounds/<int:round_id>/ballot")
def vote(code: str, round_id: int):
    workshop, participant = load_workshop_page(code)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    round_ = ballots.find_round(round_id)
    item_ids = sorted(ballots.eligible_proposals(round_id)) if round_ else []
    votes = page.parse_form_ballot(request.form, round_.method if round_ else "", item_ids,
                                   places=round_.budget or 0 if round_ else 0)
    try:
        ballots.store(participant, round_id, votes)
    except DomainError as error:  # said at the top of the page it returns to, and it stays there
        if round_ and round_.method == Method.RANKING and round_.is_open:  # the form again, as sent
            return render_workshop_page(workshop, participant, status=status_for(error),
                           ballot=(votes, page.ballot_error(error, "")))
        flash(page.ballot_error(error, round_.method if round_ else ""), "error")
        return redirect(url_for("participant.home", code=workshop.join_code, _anchor="vote"), 303)
    flash(_("Saved. You can change your vote until the round closes."), "success")
    anchor = request.form.get("step", "").partition(":")[0]
    if anchor.isdigit():  # "Saved." also next to the tapped item
        return redirect(url_for("participant.home", code=workshop.join_code, saved=anchor,
                                _anchor=f"item-{anchor}"), 303)
    return redirect(url_for("participant.home", code=workshop.join_code, _anchor="vote"), 303)


@bp.get("/w/<code>/results")
def results(code: str):
    """Every round whose results are published to participants, newest first (issue 14, item 4):
    a later round no longer hides an earlier one's results."""
    workshop, participant = load_workshop_page(code)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    return render_template("participant/results.html", workshop=workshop,
                           rounds=page.published_results(workshop), legend=page.legend_texts())
