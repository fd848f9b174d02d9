"""What every organizer page shares: sign-in check, finding objects, answering form posts.

Every object is found through its process, and only if the signed-in organizer may see that
process (admins: all; organizers: their own and those they are members of) — else a 404.
"""
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


def _visible(obj, process_id_of):
    if obj is None:
        abort(404)
    if not access.can_manage_process(process_id_of(obj)):
        abort(404)
    return obj


def process_for(process_id: int) -> Process:
    return _visible(db.session.get(Process, process_id), lambda p: p.id)


def field_for(field_id: int) -> FieldOfAction:
    return _visible(db.session.get(FieldOfAction, field_id), lambda f: f.process_id)


def goal_for(goal_id: int) -> Goal:
    return _visible(db.session.get(Goal, goal_id), lambda g: g.process_id)


def measure_for(measure_id: int) -> Measure:
    return _visible(db.session.get(Measure, measure_id), lambda m: m.goal.process_id)


def workshop_for(code: str) -> Workshop:
    workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=normalise(code)))
    return _visible(workshop, lambda w: w.process_id)


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
