from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for

from ..domain.joincodes import is_valid, normalise
from ..extensions import db
from ..models import Process, Workshop
from ..urls import safe_next
from . import bp


@bp.get("/")
def index():
    return render_template("pages/index.html")


@bp.get("/lang/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(safe_next(request.args.get("next")))


@bp.get("/privacy")
def privacy():
    return render_template("pages/privacy.html")


@bp.get("/accessibility")
def accessibility():
    """The accessibility statement, with the feedback contact the organizer set for the process
    (``?process=<id>``, linked from that process's workshop pages), else the installation's."""
    process_id = request.args.get("process", "")
    process = db.session.get(Process, int(process_id)) if process_id.isdigit() and len(process_id) < 10 else None
    contact = (process.accessibility_contact if process else None) or current_app.config.get("ACCESSIBILITY_CONTACT")
    return render_template("pages/accessibility.html", process=process, contact=contact,
                           contact_is_email=bool(contact) and is_email(contact))


def is_email(text: str) -> bool:
    name, at, domain = text.partition("@")
    return bool(at and name and "." in domain and not any(c.isspace() for c in text))


@bp.app_context_processor
def accessibility_link():
    """The footer's statement link names the process of the workshop a page belongs to."""
    def accessibility_url() -> str:
        code = (request.view_args or {}).get("code") if request else None
        process_id = None
        if isinstance(code, str) and is_valid(code):  # only a possible code is looked up
            process_id = db.session.scalar(db.select(Workshop.process_id).filter_by(join_code=normalise(code)))
        return url_for("pages.accessibility", process=process_id)
    return {"accessibility_url": accessibility_url}


@bp.get("/healthz")
def health():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/easy")
def easy_language():
    """How the workshop and the voting work, in plain language (Leichte Sprache)."""
    return render_template("pages/easy.html")
