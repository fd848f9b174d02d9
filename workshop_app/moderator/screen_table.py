"""Put one table's wall on the projector, or hand the screen back to the phase."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from .. import inputs
from ..domain.errors import DomainError
from ..services import table_screen
from . import bp
from .common import done, failed, workshop_for


@bp.post("/moderate/<code>/screen-table")
def screen_table(code: str):
    workshop, actor = workshop_for(code)
    try:
        target = table_screen.show_table(actor, workshop, inputs.optional_int(request.form.get("table")))
    except DomainError as error:
        return failed(workshop, error, "screen-table")
    if target.screen_table_id is None:
        return done(workshop, _("The screen follows the phase again."), "screen-table")
    return done(workshop, _("The screen shows the cards of the chosen table."), "screen-table")
