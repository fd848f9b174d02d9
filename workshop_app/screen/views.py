"""The projector screen: no login, addressed by the workshop's long screen secret.

``show`` renders the frame with the current panel and, once, the <template>s (same macros as
the panel) that screen.js fills from the pushed payloads; the QR code is rendered here once per
page load, never per event. ``state`` is the screen's JSON state (the socket's snapshot), which
screen.js fetches only after a version gap. ``panel`` returns the server-rendered panel alone
(for tests and the benchmark's baseline; the shipped screen never fetches it).
"""
from __future__ import annotations

import segno
from flask import abort, jsonify, render_template
from flask_babel import force_locale
from markupsafe import Markup

from .. import urls
from ..domain.joincodes import format_for_display
from ..models import Workshop
from ..results_legend import LEGEND, outcome_label, results_legend
from ..services import screen
from ..services.screen_view import screen_view
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
    return {**screen_view(workshop), "secret": secret, "join_url": join_url, "qr": qr,
            "results_legend": results_legend, "outcome_label": outcome_label, "legend_texts": LEGEND,
            "join_code": format_for_display(workshop.join_code)}


@bp.get("/screen/<secret>")
def show(secret: str):
    workshop = _workshop(secret)
    with force_locale(screen.workshop_language(workshop)):  # the room's language, not the laptop's
        return render_template("screen/show.html", **_context(workshop, secret))


@bp.get("/screen/<secret>/panel")
def panel(secret: str):
    workshop = _workshop(secret)
    with force_locale(screen.workshop_language(workshop)):
        return render_template("screen/_panel.html", **_context(workshop, secret))


@bp.get("/screen/<secret>/state")
def state(secret: str):
    """The screen's snapshot as JSON, authorised by the secret like the socket."""
    workshop = _workshop(secret)
    response = jsonify(screen.screen_state(workshop))
    response.headers["Cache-Control"] = "no-store"
    return response
