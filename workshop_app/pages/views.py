from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for

from ..extensions import db
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
    return render_template("pages/accessibility.html")


@bp.get("/healthz")
def health():
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


def safe_next(target: str | None) -> str:
    """Only local paths: a language link must not become an open redirect."""
    if not target:
        return url_for("pages.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.index")
    return target


@bp.get("/easy")
def easy_language():
    """How the workshop and the voting work, in plain language (Leichte Sprache)."""
    return render_template("pages/easy.html")
