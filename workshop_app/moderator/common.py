"""What every moderator page shares: find the workshop, authorise, answer a form post."""
from __future__ import annotations

from flask import flash, g, jsonify, redirect, render_template, request, session, url_for

from .. import access, lookup
from ..domain.errors import DomainError
from ..error_status import status_for
from ..extensions import db
from ..messages import describe
from ..models import Proposal, VotingRound, Workshop
from ..services.plumbing.audit import Actor
from ..services.read_models import console
from . import page


def workshop_for(code: str) -> tuple[Workshop, Actor]:
    workshop = lookup.workshop_or_404(code)
    actor = access.require_moderator(workshop)
    g.workshop_languages = workshop.language_list
    return workshop, actor


def round_for(workshop: Workshop, round_id: int) -> VotingRound:
    return lookup.row_of_workshop_or_404(VotingRound, round_id, workshop)


def proposal_for(workshop: Workshop, proposal_id: int) -> Proposal:
    return lookup.row_of_workshop_or_404(Proposal, proposal_id, workshop)


def wants_json() -> bool:
    """moderator.js submits the console's forms with fetch and asks for JSON."""
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def done(workshop: Workshop, message: str, anchor: str = ""):
    """Post/redirect/get back to the console; the message is announced by role=status. A form
    sent by moderator.js gets the message and the console state instead (no page re-fetch)."""
    if wants_json():
        db.session.expire_all()
        return jsonify({"ok": True, "message": message, "state": console.moderator_state(workshop)})
    flash(message, "success")
    return redirect(url_for("moderator.console", code=workshop.join_code) + (f"#{anchor}" if anchor else ""))


def failed(workshop: Workshop, error: DomainError, form: str):
    """Show the console again with the error next to the form and the input kept."""
    db.session.rollback()
    status = status_for(error)
    if wants_json():
        return jsonify({"ok": False, "error": describe(error), "code": error.code, "form": form}), status
    return render_console(workshop, error=describe(error), error_form=form,
                          values=request.form), status


def remember_minutes(workshop: Workshop, minutes) -> None:
    """The timer keeps the minutes last entered (per workshop, in this moderator's session)."""
    text = str(minutes or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= 3:
        session["timer_minutes"] = {**session.get("timer_minutes", {}), str(workshop.id): text}


def render_console(workshop: Workshop, **extra):
    minutes = session.get("timer_minutes", {}).get(str(workshop.id), "5")
    context = {"values": {}, "error_form": None, "error": None, "timer_minutes": minutes, **extra}
    return render_template("moderator/console.html", **page.console_view(workshop), **context)
