"""Projector screen (issue 4 builds it out)."""
from __future__ import annotations

from flask import abort

from . import bp


@bp.get("/screen/<secret>")
def show(secret: str):
    abort(404)
