"""API keys for the organizer/moderator API: shown once, stored as a hash."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import update

from .. import events
from ..domain.joincodes import hash_secret
from ..domain.text import clean_text
from ..extensions import db
from ..models import ApiKey, User
from ..models.base import utcnow
from .plumbing import audit, tx
from .plumbing.audit import Actor

PREFIX = "zwk_"
#: "Last used" is for spotting stale keys; a minute's precision spares a write per request.
USE_RECORD_INTERVAL = timedelta(minutes=1)


def create_api_key(actor: Actor, user: User, *, name: str = "") -> tuple[ApiKey, str]:
    key = PREFIX + secrets.token_urlsafe(32)
    with tx.write():
        record = ApiKey(user_id=user.id, name=clean_text(name, max_length=120, required=False),
                        prefix=key[:10], key_hash=hash_secret(key))
        db.session.add(record)
        audit.record(actor, "api_key.create", record, after={"user": user.email, "name": record.name})
        record_id = record.id
    return db.session.get(ApiKey, record_id), key


def revoke_api_key(actor: Actor, api_key: ApiKey) -> None:
    """Revoke a key; live sockets opened with it are dropped too (events.api_key_revoked)."""
    with tx.write() as uow:
        target = db.session.get(ApiKey, api_key.id)
        target.revoked_at = utcnow()
        audit.record(actor, "api_key.revoke", target)
        uow.publish(events.api_key_revoked, api_key_id=target.id)


def mark_used(api_key: ApiKey) -> None:
    """Record that a key was used, in a short write of its own (at most once a minute)."""
    now = utcnow()
    if api_key.last_used_at is not None and now - api_key.last_used_at < USE_RECORD_INTERVAL:
        return
    with tx.write():
        db.session.execute(update(ApiKey).where(ApiKey.id == api_key.id).values(last_used_at=now))
