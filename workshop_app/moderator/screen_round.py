"""Put a closed round's results on the projector, or hand the screen back to the phase."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from .. import inputs
from ..domain.errors import DomainError
from ..services import screen
from . import bp
from .common import done, failed, workshop_for


@bp.post("/moderate/<code>/screen-round")
def screen_round(code: str):
    workshop, actor = workshop_for(code)
    try:
        target = screen.show_round(actor, workshop, inputs.optional_int(request.form.get("round")))
    except DomainError as error:
        return failed(workshop, error, "screen-round")
    if target.screen_round_id is None:
        return done(workshop, _("The screen follows the phase again."), "screen-round")
    return done(workshop, _("The screen shows the results of the chosen round."), "screen-round")
