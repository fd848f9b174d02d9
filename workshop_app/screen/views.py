"""The projector screen: no login, addressed by the workshop's long screen secret.

``show`` renders the frame with the current panel and, once, the <template>s (same macros as
the panel) that screen.js fills from the pushed payloads; the QR code is rendered here once per
page load, never per event. ``state`` is the screen's JSON state (the socket's snapshot), which
screen.js fetches only after a version gap. ``panel`` returns the server-rendered panel alone
(for tests and the benchmark's baseline; the shipped screen never fetches it).
"""
from __future__ import annotations

from flask import abort, jsonify, render_template
from flask_babel import force_locale

from ..models import Workshop
from ..screen_page import page_context
from ..services import screen
from . import bp


def _workshop(secret: str) -> Workshop:
    """404 for a wrong or rotated secret, and once the workshop is closed or anonymised."""
    workshop = screen.workshop_for_secret(secret)
    if workshop is None:
        abort(404)
    return workshop


@bp.get("/screen/<secret>")
def show(secret: str):
    workshop = _workshop(secret)
    with force_locale(screen.workshop_language(workshop)):  # the room's language, not the laptop's
        return render_template("screen/show.html", **page_context(workshop, secret))


@bp.get("/screen/<secret>/panel")
def panel(secret: str):
    workshop = _workshop(secret)
    with force_locale(screen.workshop_language(workshop)):
        return render_template("screen/_panel.html", **page_context(workshop, secret))


@bp.get("/screen/<secret>/state")
def state(secret: str):
    """The screen's snapshot as JSON, authorised by the secret like the socket."""
    workshop = _workshop(secret)
    response = jsonify(screen.screen_state(workshop))
    response.headers["Cache-Control"] = "no-store"
    return response
