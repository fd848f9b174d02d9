"""Start a step of the process template's agenda from the console (a plain form, then reload:
a step sets up tables and rounds, so the whole console is drawn anew)."""
from __future__ import annotations

from flask_babel import gettext as _

from ..domain.errors import DomainError
from ..services import agenda
from . import bp
from .common import done, failed, workshop_for


@bp.post("/moderate/<code>/agenda/<step>")
def agenda_step(code: str, step: str):
    workshop, actor = workshop_for(code)
    try:
        agenda.start(actor, workshop, step)
    except DomainError as error:
        return failed(workshop, error, "agenda")
    return done(workshop, _("The room is set up for this step."), "agenda")
