"""What every organizer page shares: sign-in check, finding objects, answering form posts."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import access
from ..domain.errors import DomainError
from ..domain.joincodes import normalise
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


def get_or_404(model, object_id: int):
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def process_for(process_id: int) -> Process:
    return get_or_404(Process, process_id)


def field_for(field_id: int) -> FieldOfAction:
    return get_or_404(FieldOfAction, field_id)


def goal_for(goal_id: int) -> Goal:
    return get_or_404(Goal, goal_id)


def measure_for(measure_id: int) -> Measure:
    return get_or_404(Measure, measure_id)


def workshop_for(code: str) -> Workshop:
    workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=normalise(code)))
    if workshop is None:
        abort(404)
    return workshop


def done(message: str, endpoint: str, anchor: str = "", **values):
    """Post/redirect/get; the message is announced by the flash region (role=status)."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values) + (f"#{anchor}" if anchor else ""))


def failed(template: str, error: DomainError, *, form: str = "", **context):
    """The page again, with the message next to the form that failed and the input kept."""
    db.session.rollback()
    return render_template(template, error=describe(error), error_form=form,
                           error_field=error.params.get("field"), values=request.form,
                           **context), 422


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    """A safety net for bad input outside a form (e.g. a query parameter): a clear 422 page."""
    from ..errors import error_response

    db.session.rollback()
    return error_response(422, error.code, describe(error))
