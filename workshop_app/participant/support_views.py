"""The phone page's support button without JavaScript (issue 17, item 1): a form post per
proposal card (and per look-alike in the similar-proposal hint), then back to the card."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from .. import participants_http
from ..domain.errors import DomainError
from ..messages import describe
from ..services import support
from . import bp


@bp.post("/w/<code>/proposals/<int:proposal_id>/support")
def support_proposal(code: str, proposal_id: int):
    workshop = participants_http.workshop_or_404(code)
    participant = participants_http.participant_of(workshop)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    withdrawing = request.form.get("action") == "withdraw"
    try:
        (support.withdraw if withdrawing else support.support)(participant.id, participant.workshop_id, proposal_id)
    except DomainError as error:
        flash(describe(error), "error")
    else:
        flash(_("You no longer support this proposal.") if withdrawing
              else _("Thank you! You support this proposal."), "success")
    return redirect(url_for("participant.home", code=workshop.join_code, _anchor=f"p-{proposal_id}"), 303)
