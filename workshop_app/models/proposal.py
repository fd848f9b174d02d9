"""Proposed goals (Zielvorschläge) written by participants or the moderator."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, event, false
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..domain import phases
from ..domain.kinds import AuthorKind
from ..domain.measures import ProposalKind
from ..domain.phases import ProposalState
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .process import FieldOfAction
    from .workshop import Participant, Workshop

AUTHOR_KINDS = tuple(AuthorKind)
#: A proposal is a goal (collect phase) or a measure under a goal proposal (measures phase).
PROPOSAL_KINDS = tuple(ProposalKind)
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
        one_of("kind", PROPOSAL_KINDS, "kind"),
        CheckConstraint("(kind = 'measure') = (parent_id IS NOT NULL)", name="measure_has_goal"),
        Index("ix_proposals_workshop_state", "workshop_id", "state"),
        UniqueConstraint("workshop_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    # The proposal's number in its workshop (#1, #2 … in submission order): what people, pages
    # and council papers cite, kept by the archive round trip. Assigned at insert (below).
    number: Mapped[int] = mapped_column()
    field_id: Mapped[int | None] = mapped_column(
        ForeignKey("fields_of_action.id", ondelete="SET NULL"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), index=True)
    # The table (station) the card was written at; kept through rotations. A table that has
    # cards cannot be deleted (services.tables), so SET NULL only fires with the workshop.
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_tables.id", ondelete="SET NULL"), index=True)
    author_kind: Mapped[str] = mapped_column(String(12), default=AuthorKind.PARTICIPANT.value)
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
    # The measures step (services.measures): a measure proposal belongs to a goal proposal
    # (``parent_id``); the moderator opens chosen goal proposals for measures (``measures_open``).
    kind: Mapped[str] = mapped_column(String(8), default=ProposalKind.GOAL.value,
                                      server_default=ProposalKind.GOAL.value)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    suggested_responsible: Mapped[str] = mapped_column(String(200), default="", server_default="")
    suggested_timeframe: Mapped[str] = mapped_column(String(100), default="", server_default="")
    measures_open: Mapped[bool] = mapped_column(default=False, server_default=false())

    workshop: Mapped[Workshop] = relationship(back_populates="proposals", foreign_keys=[workshop_id])
    field: Mapped[FieldOfAction | None] = relationship(foreign_keys=[field_id])
    participant: Mapped[Participant | None] = relationship()
    merged_into: Mapped[Proposal | None] = relationship(remote_side=[id], foreign_keys=[merged_into_id])
    parent: Mapped[Proposal | None] = relationship(remote_side=[id], foreign_keys=[parent_id])
    pending_field: Mapped[FieldOfAction | None] = relationship(foreign_keys=[pending_field_id])

    @property
    def has_pending_edit(self) -> bool:
        return self.pending_since is not None

    def clear_pending_edit(self) -> None:
        self.pending_title = self.pending_body = self.pending_field_id = self.pending_since = None

    @property
    def is_visible(self) -> bool:
        return self.state == ProposalState.PUBLISHED

    def may_become(self, target: ProposalState) -> bool:
        """Whether the moderator may move the proposal to ``target`` now (domain.phases)."""
        return phases.may_transition_proposal(self.state, target)

    def move_to(self, target: ProposalState) -> None:
        self.state = phases.transition_proposal(ProposalState(self.state), target).value
        if target is ProposalState.PUBLISHED and self.published_at is None:
            self.published_at = utcnow()


@event.listens_for(Session, "before_flush")
def _number_new_proposals(session: Session, _context, _instances) -> None:
    """Give each new proposal the next number of its workshop, in the order they were added.

    Runs in the transaction that inserts the proposal. Writers that add proposals hold the
    workshop's row lock (``services.plumbing.locking.lock_workshop``; on SQLite the transaction holds the
    database write lock), so two submissions never read the same maximum; the unique constraint
    on (workshop, number) would refuse a duplicate rather than store it. An explicit number (the
    archive import) is kept.
    """
    new = [obj for obj in session.new if isinstance(obj, Proposal) and obj.number is None]
    if not new:
        return
    next_number: dict[int | None, int] = {}
    with session.no_autoflush:
        for proposal in new:
            workshop_id = proposal.workshop_id
            if workshop_id is None and proposal.workshop is not None:
                workshop_id = proposal.workshop.id
            if workshop_id not in next_number:
                taken = [p.number for p in session.new if isinstance(p, Proposal)
                         and p.number is not None and p.workshop_id == workshop_id]
                highest = session.scalar(db.select(db.func.max(Proposal.number))
                                         .where(Proposal.workshop_id == workshop_id)) or 0
                next_number[workshop_id] = max([highest, *taken]) + 1
            proposal.number = next_number[workshop_id]
            next_number[workshop_id] += 1
