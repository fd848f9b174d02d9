"""Proposed goals (Zielvorschläge) written by participants or the moderator."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import phases
from ..domain.phases import ProposalState
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .process import FieldOfAction
    from .workshop import Participant, Workshop

AUTHOR_KINDS = ("participant", "moderator", "paper")
TITLE_MAX = 120
BODY_MAX = 1000


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        one_of("state", ProposalState, "state"),
        one_of("author_kind", AUTHOR_KINDS, "author_kind"),
        CheckConstraint(
            "(state = 'merged') = (merged_into_id IS NOT NULL)", name="merged_has_target"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_self_merged"),
        Index("ix_proposals_workshop_state", "workshop_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    field_id: Mapped[int | None] = mapped_column(
        ForeignKey("fields_of_action.id", ondelete="SET NULL"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    author_kind: Mapped[str] = mapped_column(String(12), default="participant")
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default=ProposalState.PUBLISHED.value)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A participant's edit of a published proposal under pre-moderation waits here (the whole
    # proposed wording) until a moderator approves or rejects it; the room keeps seeing the
    # approved wording meanwhile. ``pending_since`` set = an edit is waiting.
    pending_title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    pending_body: Mapped[str | None] = mapped_column(Text)
    pending_field_id: Mapped[int | None] = mapped_column(
        ForeignKey("fields_of_action.id", ondelete="SET NULL"))
    pending_since: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="proposals", foreign_keys=[workshop_id])
    field: Mapped[FieldOfAction | None] = relationship(foreign_keys=[field_id])
    participant: Mapped[Participant | None] = relationship()
    merged_into: Mapped[Proposal | None] = relationship(remote_side=[id])
    pending_field: Mapped[FieldOfAction | None] = relationship(foreign_keys=[pending_field_id])

    @property
    def has_pending_edit(self) -> bool:
        return self.pending_since is not None

    def clear_pending_edit(self) -> None:
        self.pending_title = self.pending_body = self.pending_field_id = self.pending_since = None

    @property
    def is_visible(self) -> bool:
        return self.state == ProposalState.PUBLISHED.value

    def move_to(self, target: ProposalState) -> None:
        self.state = phases.transition_proposal(ProposalState(self.state), target).value
        if target is ProposalState.PUBLISHED and self.published_at is None:
            self.published_at = utcnow()
