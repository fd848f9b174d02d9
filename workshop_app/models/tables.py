"""Tables (stations) of a workshop: small groups that work on one field of action each.

A participant sits at one table at a time (``Participant.table_id``); a card written at a table
keeps that table (``Proposal.table_id``) whatever happens later, so that a rotation (world café)
shows the next visitors what the previous ones wrote. A table may have a facilitator device,
recognised by its own secret (stored like the screen secret: a keyed digest and a sealed copy).
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import secrets_store
from ..extensions import db
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .process import FieldOfAction
    from .workshop import Workshop

FACILITATOR_PURPOSE = "table-facilitator-secret"
TABLE_NAME_MAX = 80


class WorkshopTable(db.Model):
    __tablename__ = "workshop_tables"
    __table_args__ = (UniqueConstraint("workshop_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(TABLE_NAME_MAX))
    field_id: Mapped[int | None] = mapped_column(ForeignKey("fields_of_action.id", ondelete="SET NULL"))
    # 0, 1, 2 … in the room's order; a rotation by ``step`` moves people from position p to
    # (p + step) mod n.
    position: Mapped[int] = mapped_column(default=0)
    facilitator_secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    facilitator_secret_sealed: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="tables")
    field: Mapped[FieldOfAction | None] = relationship()

    @property
    def facilitator_secret(self) -> str | None:
        if self.facilitator_secret_sealed is None:
            return None
        return secrets_store.unseal(current_app.secret_key, FACILITATOR_PURPOSE,
                                    self.facilitator_secret_sealed)

    @facilitator_secret.setter
    def facilitator_secret(self, secret: str | None) -> None:
        if secret is None:
            self.facilitator_secret_hash = self.facilitator_secret_sealed = None
            return
        self.facilitator_secret_hash = self.facilitator_digest(secret)
        self.facilitator_secret_sealed = secrets_store.seal(current_app.secret_key,
                                                            FACILITATOR_PURPOSE, secret)

    @staticmethod
    def facilitator_digest(secret: str) -> str:
        return secrets_store.digest(current_app.secret_key, FACILITATOR_PURPOSE, secret)
