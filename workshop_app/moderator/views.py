"""Moderator console: the page, its live part, and the room controls (phase, timer, spotlight,
settings). Every action is a plain form POST (redirect back); moderator.js adds shortcuts, submits
the forms with fetch (answered with JSON: message and the console state) and draws the pushed
events."""
from __future__ import annotations

from flask import abort, jsonify, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, inputs, urls
from ..domain.errors import DomainError
from ..domain.joincodes import hash_secret
from ..extensions import db
from ..models import Workshop
from ..screen_page import page_context as screen_page_context
from ..security import CONTENT_SECURITY_POLICY
from ..services import room, screen, workshops
from ..services.read_models import console
from . import bp, forms, page
from .common import done, failed, remember_minutes, render_console, workshop_for

SCREEN_SHOWN_KEY = "screen_shown"  # workshops whose screen this moderator-link session asked to see


@bp.get("/m/<secret>")
def redeem_link(secret: str):
    workshop = db.session.scalar(db.select(Workshop).filter_by(
        moderator_secret_hash=hash_secret(secret))) if 0 < len(secret) <= 200 else None
    if workshop is None or not access.remember_moderator_link(workshop, secret):
        abort(404)
    return redirect(url_for("moderator.console", code=workshop.join_code))


def _screen_shown(workshop: Workshop) -> bool:
    """Signed-in staff see the screen (address and preview); a console opened through a
    moderator link once it asked for it (recorded, then remembered for this session)."""
    return screen.shows_screen(workshop) and (
        current_user.is_authenticated or str(workshop.id) in session.get(SCREEN_SHOWN_KEY, []))


def _links(workshop: Workshop) -> dict:
    """The screen address goes to signed-in staff; a console opened through a moderator link
    shows it only when asked (and recorded), so a lost tablet or a glance at it does not hand
    the projector's content to anyone. The live miniature of the screen follows the same rule."""
    shown = _screen_shown(workshop)
    return {"screen_url": urls.screen_url(workshop) if shown else None,
            "preview_url": url_for("moderator.screen_preview", code=workshop.join_code) if shown else None,
            "screen_hidden": screen.shows_screen(workshop) and not shown,
            "screen_rotatable": screen.shows_screen(workshop),
            "join_url": urls.external("participant.join_code", code=workshop.join_code)}


@bp.get("/moderate/<code>", endpoint="console")
def console_page(code: str):
    workshop, _actor = workshop_for(code)
    return render_console(workshop, **_links(workshop))


@bp.post("/moderate/<code>/screen-link")
def screen_link(code: str):
    workshop, actor = workshop_for(code)
    screen.reveal_link(actor, workshop)
    session[SCREEN_SHOWN_KEY] = sorted({*session.get(SCREEN_SHOWN_KEY, []), str(workshop.id)})
    return render_console(workshop, **_links(workshop))


@bp.get("/moderate/<code>/screen-preview")
def screen_preview(code: str):
    """The screen page itself, for the console's live miniature (framed by the console only)."""
    workshop, _actor = workshop_for(code)
    if not _screen_shown(workshop):
        abort(404)
    html = render_template("screen/show.html", **screen_page_context(workshop, workshop.screen_secret))
    response = make_response(html)
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'")
    return response


@bp.post("/moderate/<code>/screen-secret")
def screen_secret(code: str):
    workshop, actor = workshop_for(code)
    workshops.rotate_screen_secret(actor, workshop)
    return done(workshop, _("The screen has a new address; the old one no longer works."))



@bp.get("/moderate/<code>/live")
def live(code: str):
    """The console's live regions alone, as the server renders them (no-JS parity checks and
    the benchmark's baseline; moderator.js never fetches them)."""
    workshop, _actor = workshop_for(code)
    return render_template("moderator/_live.html", **page.console_view(workshop))


@bp.get("/moderate/<code>/state")
def state(code: str):
    """The console's JSON state (the socket's snapshot), fetched by moderator.js only after a
    version gap."""
    workshop, _actor = workshop_for(code)
    response = jsonify(console.moderator_state(workshop))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/moderate/<code>/phase")
def phase(code: str):
    workshop, actor = workshop_for(code)
    wanted = request.form.get("phase") or None  # empty: the next phase
    try:
        room.change_phase(actor, workshop.id, wanted, field_id=inputs.optional_int(request.form.get("field")))
    except DomainError as error:
        return failed(workshop, error, "phase")
    return done(workshop, _("The phase was changed."), "phase")


@bp.post("/moderate/<code>/timer")
def timer(code: str):
    workshop, actor = workshop_for(code)
    action = request.form.get("action", "start")
    try:
        room.timer(actor, workshop.id, action, forms.minutes_to_seconds(request.form.get("minutes")))
    except DomainError as error:
        return failed(workshop, error, "timer")
    remember_minutes(workshop, request.form.get("minutes"))
    return done(workshop, _("The timer was updated."), "timer")


@bp.post("/moderate/<code>/spotlight")
def spotlight(code: str):
    workshop, actor = workshop_for(code)
    try:
        room.spotlight(actor, workshop.id, inputs.optional_int(request.form.get("proposal")))
    except DomainError as error:
        return failed(workshop, error, "spotlight")
    return done(workshop, _("The spotlight was updated."), "proposals")


@bp.post("/moderate/<code>/settings")
def settings(code: str):
    workshop, actor = workshop_for(code)
    try:
        room.update_settings(actor, workshop.id, premoderation=inputs.checkbox(request.form, "premoderation"),
                             theme=request.form.get("theme"))
    except DomainError as error:
        return failed(workshop, error, "settings")
    return done(workshop, _("The settings were saved."), "settings")
