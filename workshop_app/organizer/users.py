"""Accounts (admins only): change a role, deactivate or reactivate, reset a password.

Each change rotates the account's session token (its cookies stop working on the next request)
and drops its sockets; see ``services.users``.
"""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import access
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Role, User
from ..services import users as accounts
from . import bp
from .common import done, failed

ROLE_LABELS = ((Role.ADMIN.value, _l("admin")), (Role.ORGANIZER.value, _l("organizer")),
               (Role.MODERATOR.value, _l("moderator")))


def _context(**extra) -> dict:
    return {"users": accounts.list_users(), "roles": ROLE_LABELS, **extra}


def _account(user_id: int) -> User:
    access.require_admin()
    access.require_session()
    user = db.get_or_404(User, user_id)
    return user


@bp.get("/organize/users")
def users():
    access.require_admin()
    access.require_session()
    return render_template("organizer/users.html", **_context())


@bp.post("/organize/users/<int:user_id>/role")
def user_role(user_id: int):
    user = _account(user_id)
    try:
        role = request.form.get("role", "")
        if role not in {r.value for r in Role}:
            raise DomainError("invalid_choice", "unknown role", field="role")
        accounts.change_role(user, Role(role), actor=access.current_actor())
    except DomainError as error:
        return failed("organizer/users.html", error, form="users", **_context())
    return done(_("The role was changed; the account was signed out everywhere."), "organizer.users")


@bp.post("/organize/users/<int:user_id>/active")
def user_active(user_id: int):
    user = _account(user_id)
    active = request.form.get("active") == "1"
    try:
        accounts.set_active(access.current_actor(), user, active)
    except DomainError as error:
        return failed("organizer/users.html", error, form="users", **_context())
    return done(_("The account was reactivated.") if active else
                _("The account was deactivated and signed out everywhere."), "organizer.users")


@bp.post("/organize/users/<int:user_id>/password")
def user_password(user_id: int):
    user = _account(user_id)
    email = user.email
    try:
        password = accounts.reset_password(access.current_actor(), user)
    except DomainError as error:
        return failed("organizer/users.html", error, form="users", **_context())
    # Shown in this response only; the database keeps a hash.
    return render_template("organizer/users.html", new_password=password, new_password_for=email,
                           **_context())
