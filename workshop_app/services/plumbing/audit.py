"""The audit trail: written inside the same transaction as the action it records."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...extensions import db
from ...models import AuditEvent, User


@dataclass(frozen=True)
class Actor:
    """The one who performs a write; recorded in the audit log."""

    label: str
    user: User | None = None
    via: str = "session"  # session | moderator_link | api_key | cli

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None


SYSTEM = Actor(label="system", via="cli")


def record(actor: Actor, action: str, obj: Any, *, workshop_id: int | None = None,
           process_id: int | None = None, before: dict | None = None,
           after: dict | None = None) -> AuditEvent:
    if obj is not None:
        db.session.flush()  # so that a new object's id is known
    event = AuditEvent(
        actor_user_id=actor.user_id, actor_label=f"{actor.label} ({actor.via})", action=action,
        object_type=type(obj).__name__ if obj is not None else "", object_id=getattr(obj, "id", None),
        workshop_id=workshop_id, process_id=process_id, before=before, after=after)
    db.session.add(event)
    return event
