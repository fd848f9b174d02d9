"""What every organizer page shares: sign-in check, finding objects, answering form posts.

Every object is found through its process, and only if the signed-in organizer may see that
process (admins: all; organizers: their own and those they are members of) — else a 404.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import access, lookup
from ..domain.errors import DomainError
from ..error_status import status_for
from ..extensions import db
from ..messages import describe
from ..models import FieldOfAction, Goal, Measure, Process, Workshop
from . import bp


@bp.before_request
def _organizers_only():
    """Every organizer page: signed-in organizers and admins; others go to the sign-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    access.require_organizer()
    return None


def process_for(process_id: int) -> Process:
    return access.require_visible(db.session.get(Process, process_id))


def field_for(field_id: int) -> FieldOfAction:
    return access.require_visible(db.session.get(FieldOfAction, field_id))


def goal_for(goal_id: int) -> Goal:
    return access.require_visible(db.session.get(Goal, goal_id))


def measure_for(measure_id: int) -> Measure:
    return access.require_visible(db.session.get(Measure, measure_id))


def workshop_for(code: str) -> Workshop:
    """No guess budget here: organizers are signed in, and a code of another process is a 404."""
    return access.require_visible(lookup.workshop_by_code(code))


def done(message: str, endpoint: str, anchor: str = "", **values):
    """Post/redirect/get; the message is announced by the flash region (role=status)."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values) + (f"#{anchor}" if anchor else ""))


def failed(template: str, error: DomainError, *, form: str = "", **context):
    """The page again, with the message next to the form that failed and the input kept."""
    db.session.rollback()
    return render_template(template, error=describe(error), error_form=form,
                           error_field=error.params.get("field"), values=request.form,
                           **context), status_for(error)
