"""Participant pages (issue 3 builds them out)."""
from __future__ import annotations

from flask import abort, redirect, request, url_for

from ..domain.joincodes import normalise
from . import bp


@bp.get("/join")
def join_form():
    code = normalise(request.args.get("code", ""))
    if not code:
        return redirect(url_for("pages.index"))
    return redirect(url_for("participant.join_code", code=code))


@bp.get("/j/<code>")
def join_code(code: str):
    abort(404)
