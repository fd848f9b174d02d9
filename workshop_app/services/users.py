"""Accounts: create, authenticate, sign out everywhere."""
from __future__ import annotations

import secrets
from functools import cache

from email_validator import EmailNotValidError, validate_email

from werkzeug.security import check_password_hash, generate_password_hash

from .. import events
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Role, User
from . import tx

MIN_PASSWORD_LENGTH = 10


@cache
def _dummy_hash() -> str:
    """Checked when the account does not exist, so that both paths cost one scrypt."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def create_user(email: str, password: str, *, role: Role = Role.ORGANIZER, name: str = "") -> User:
    try:
        address = validate_email(email, check_deliverability=False, globally_deliverable=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError("invalid_email", str(error)) from None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError("password_too_short", "password too short", min_length=MIN_PASSWORD_LENGTH)
    with tx.write():
        if db.session.scalar(db.select(User.id).filter_by(email=address)) is not None:
            raise DomainError("email_taken", "an account with this email exists")
        user = User(email=address, name=name, role=Role(role).value)
        user.set_password(password)
        db.session.add(user)
    return user


def end_sessions(user: User) -> None:
    """Sign out: the rotated token invalidates every session cookie of this account."""
    with tx.write() as uow:
        db.session.get(User, user.id).rotate_session()
        uow.publish(events.access_revoked, user_id=user.id)


def change_role(user: User, role: Role) -> None:
    with tx.write() as uow:
        target = db.session.get(User, user.id)
        target.role = Role(role).value
        target.rotate_session()
        uow.publish(events.access_revoked, user_id=user.id)
