"""Responsible bodies without an account: their personal update links and the reminder log.

A **responsible link** belongs to one process and one (normalised) e-mail address and covers every
measure of that process with this ``Measure.responsible_email``. Its secret is never stored in the
clear (secrets_store): a keyed digest finds a presented link, a Fernet seal lets the reminder mail
(and an organizer who asks) show the same link again — so a department's bookmark and calendar
subscription keep working from one digest to the next. Renewing replaces the secret (the old link
stops working); revoking keeps the row, so that the old link answers "revoked" instead of nothing.

The **reminder log** holds one row per kind of mail (``digest`` to a responsible address,
``summary`` to an organizer), address and day. A row is claimed (``sending``) before the mail goes
out and becomes ``sent`` or ``failed`` afterwards, so that a second run of the same day sends
nothing again and a failed address is tried again by the next run.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import secrets_store
from ..domain.responsible import ReminderKind, ReminderState
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .process import Process

LINK_PURPOSE = "responsible-link"
REMINDER_KINDS = tuple(ReminderKind)
REMINDER_STATES = tuple(ReminderState)


class ResponsibleLink(db.Model):
    __tablename__ = "responsible_links"
    __table_args__ = (UniqueConstraint("process_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    secret_sealed: Mapped[str] = mapped_column(String(255))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # created or renewed
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship()

    @property
    def secret(self) -> str:
        """The link's secret again (:class:`secrets_store.SealBroken` after a key change)."""
        return secrets_store.unseal(current_app.secret_key, LINK_PURPOSE, self.secret_sealed)

    @secret.setter
    def secret(self, secret: str) -> None:
        self.secret_hash = self.digest(secret)
        self.secret_sealed = secrets_store.seal(current_app.secret_key, LINK_PURPOSE, secret)

    @staticmethod
    def digest(secret: str) -> str:
        return secrets_store.digest(current_app.secret_key, LINK_PURPOSE, secret)


class ReminderLog(db.Model):
    __tablename__ = "reminder_log"
    __table_args__ = (
        UniqueConstraint("kind", "email", "day"),
        one_of("kind", REMINDER_KINDS, "kind"),
        one_of("state", REMINDER_STATES, "state"),
        CheckConstraint("attempts >= 0", name="attempts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    email: Mapped[str] = mapped_column(String(254))
    day: Mapped[date]
    state: Mapped[str] = mapped_column(String(8), default=ReminderState.SENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
