"""API keys for the organizer/moderator API: shown once, stored as a hash."""
from __future__ import annotations

import secrets

from ..domain.joincodes import hash_secret
from ..domain.text import clean_text
from ..extensions import db
from ..models import ApiKey, User
from ..models.base import utcnow
from . import audit, tx
from .audit import Actor

PREFIX = "zwk_"


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
    with tx.write():
        target = db.session.get(ApiKey, api_key.id)
        target.revoked_at = utcnow()
        audit.record(actor, "api_key.revoke", target)
