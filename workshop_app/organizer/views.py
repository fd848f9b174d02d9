"""Organizer pages (issue 5 builds them out)."""
from __future__ import annotations

from flask import render_template
from flask_login import login_required

from . import bp


@bp.get("/organize/")
@login_required
def dashboard():
    return render_template("organizer/dashboard.html")
