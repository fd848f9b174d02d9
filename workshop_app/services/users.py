"""Accounts: create, authenticate, sign out everywhere; demote, deactivate, reset (admins).

Password hashing (scrypt, about a tenth of a second of CPU) runs through ``offload.run_blocking``:
under gevent it goes to the hub's thread pool, so that a sign-in never stalls the room's sockets.
Hashes are computed before the write transaction starts, never while holding the write lock.
"""
from __future__ import annotations

import secrets
from functools import cache

from email_validator import EmailNotValidError, validate_email
from werkzeug.security import check_password_hash, generate_password_hash

from .. import events
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Role, User
from ..offload import run_blocking
from .plumbing import audit, tx
from .plumbing.audit import SYSTEM, Actor

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return run_blocking(generate_password_hash, password, method="scrypt")


def check_password(password_hash: str, password: str) -> bool:
    return run_blocking(check_password_hash, password_hash, password)


@cache
def _dummy_hash() -> str:
    """Checked when the account does not exist, so that both paths cost one scrypt."""
    return hash_password(secrets.token_hex(16))


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    if user is None:
        check_password(_dummy_hash(), password)
        return None
    if not check_password(user.password_hash, password) or not user.active:
        return None
    return user


def _valid_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("password_too_short", "password too short", min_length=MIN_PASSWORD_LENGTH)
    if len(password) > 200:
        raise DomainError("too_long", "password too long", max_length=200, field="password")
    return password


def create_user(email: str, password: str, *, role: Role = Role.ORGANIZER, name: str = "") -> User:
    try:
        address = validate_email(email, check_deliverability=False, globally_deliverable=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError("invalid_email", str(error)) from None
    password_hash = hash_password(_valid_password(password))
    with tx.write():
        if db.session.scalar(db.select(User.id).filter_by(email=address)) is not None:
            raise DomainError("email_taken", "an account with this email exists")
        user = User(email=address, name=name, role=Role(role).value, password_hash=password_hash)
        db.session.add(user)
    return user


def end_sessions(user: User) -> None:
    """Sign out: the rotated token invalidates every session cookie of this account."""
    with tx.write() as uow:
        db.session.get(User, user.id).rotate_session()
        uow.publish(events.access_revoked, user_id=user.id)


def list_users() -> list[User]:
    return list(db.session.scalars(db.select(User).order_by(User.email)))


def find_user(email: str) -> User:
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    if user is None:
        raise DomainError("user_not_found", "no such account", field="email")
    return user


def _target(actor: Actor, user: User) -> User:
    """The account to change, locked in this transaction; never the actor's own account (an
    admin cannot lock themselves out) and never the last active admin."""
    target = db.session.get(User, user.id)
    if target is None:
        raise DomainError("user_not_found", "no such account")
    if actor.user_id is not None and actor.user_id == target.id:
        raise DomainError("own_account", "not on your own account")
    return target


def _check_admins_remain(target: User) -> None:
    if target.role != Role.ADMIN.value or not target.active:
        return
    others = db.session.scalar(db.select(db.func.count(User.id)).where(
        User.role == Role.ADMIN.value, User.active.is_(True), User.id != target.id))
    if not others:
        raise DomainError("last_admin", "the last active admin")


def _revoke(uow, target: User) -> None:
    """Every session cookie of the account stops working on its next request; its sockets drop."""
    target.rotate_session()
    uow.publish(events.access_revoked, user_id=target.id)


def change_role(user: User, role: Role, *, actor: Actor = SYSTEM) -> None:
    new_role = Role(role).value
    with tx.write() as uow:
        target = _target(actor, user)
        before = target.role
        if new_role != Role.ADMIN.value:
            _check_admins_remain(target)
        target.role = new_role
        _revoke(uow, target)
        audit.record(actor, "user.role", target, before={"email": target.email, "role": before},
                     after={"role": new_role})


def set_active(actor: Actor, user: User, active: bool) -> None:
    with tx.write() as uow:
        target = _target(actor, user)
        if not active:
            _check_admins_remain(target)
        before = target.active
        target.active = bool(active)
        _revoke(uow, target)
        audit.record(actor, "user.activate" if active else "user.deactivate", target,
                     before={"email": target.email, "active": before}, after={"active": bool(active)})


def reset_password(actor: Actor, user: User, password: str | None = None) -> str | None:
    """Set a new password (or generate a one-time one, returned once); signs the account out."""
    generated = None
    if not password:
        generated = password = secrets.token_urlsafe(12)
    password_hash = hash_password(_valid_password(password))
    with tx.write() as uow:
        target = _target(actor, user)
        target.password_hash = password_hash
        _revoke(uow, target)
        audit.record(actor, "user.password_reset", target, after={"email": target.email,
                                                                  "generated": generated is not None})
    return generated
