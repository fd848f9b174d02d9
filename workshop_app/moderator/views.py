"""Moderator console (issue 4 builds it out)."""
from __future__ import annotations

from flask import abort

from . import bp


@bp.get("/m/<secret>")
def redeem_link(secret: str):
    abort(404)
