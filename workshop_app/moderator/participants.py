"""The participation monitor's action: remove participants (ballot stuffing)."""
from __future__ import annotations

from flask import request
from flask_babel import ngettext

from ..domain.errors import DomainError
from ..services import participants
from . import bp
from .common import done, failed, workshop_for


@bp.post("/moderate/<code>/participants/remove")
def remove_participants(code: str):
    workshop, actor = workshop_for(code)
    try:
        removed = participants.remove(actor, workshop, request.form.getlist("participant"))
    except DomainError as error:
        return failed(workshop, error, "participants")
    count = len(removed["participants"])
    return done(workshop, ngettext("%(num)s participant was removed; their votes no longer count.",
                                   "%(num)s participants were removed; their votes no longer count.",
                                   count), "monitor")
