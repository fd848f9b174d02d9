"""Correcting one's stakeholder group from the phone page (plain form; the API has the same)."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from .. import participants_http
from ..domain.errors import DomainError
from ..messages import describe
from ..services import joining
from . import bp


@bp.post("/w/<code>/group")
def change_group(code: str):
    workshop = participants_http.workshop_or_404(code)
    participant = participants_http.participant_of(workshop)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    try:
        changed = joining.change_group(participant, request.form.get("group"))
    except DomainError as error:  # the refusal is said on the page it came from (post/redirect/get)
        flash(describe(error), "error")
    else:
        flash(_("Your group is now: %(group)s", group=changed.group.name), "success")
    return redirect(url_for("participant.home", code=workshop.join_code), 303)
