"""The projector screen: no login, addressed by the workshop's long screen secret.

The page and its live updates share one rendering path: ``show`` renders the frame with the
current panel inside, and ``panel`` returns the same panel alone; screen.js refetches it on
every event, so what the room sees is always what the server renders, escaped by Jinja.
"""
from __future__ import annotations

import segno
from flask import abort, render_template
from markupsafe import Markup

from .. import urls
from ..domain.joincodes import format_for_display
from ..models import Workshop
from ..services import screen
from . import bp


def _workshop(secret: str) -> Workshop:
    """404 for a wrong or rotated secret, and once the workshop is closed or anonymised."""
    workshop = screen.workshop_for_secret(secret)
    if workshop is None:
        abort(404)
    return workshop


def _context(workshop: Workshop, secret: str) -> dict:
    join_url = urls.external("participant.join_code", code=workshop.join_code)
    # segno's own SVG: only path data and our URL, no user text, so it is safe to inline.
    qr = Markup(segno.make(join_url, error="m").svg_inline(omitsize=True, border=0))  # nosec B704
    return {**screen.screen_view(workshop), "secret": secret, "join_url": join_url, "qr": qr,
            "join_code": format_for_display(workshop.join_code)}


@bp.get("/screen/<secret>")
def show(secret: str):
    workshop = _workshop(secret)
    return render_template("screen/show.html", **_context(workshop, secret))


@bp.get("/screen/<secret>/panel")
def panel(secret: str):
    workshop = _workshop(secret)
    return render_template("screen/_panel.html", **_context(workshop, secret))
