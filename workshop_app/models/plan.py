"""The action plan: goals adopted from proposals, their measures and progress notes."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.deadlines import MeasureStatus
from ..domain.progress import Assessment, assess
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .council import CouncilPaper
    from .process import FieldOfAction, Process
    from .proposal import Proposal
    from .voting import VotingRound

goal_proposals = Table(
    "goal_proposals",
    db.metadata,
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
)


class Goal(db.Model):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[int | None] = mapped_column(ForeignKey("fields_of_action.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # The voting round whose result is the goal's basis line in the plan documents, chosen by
    # the organizer (scores of different methods are not comparable, so none is picked for them).
    basis_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship(back_populates="goals")
    field: Mapped[FieldOfAction | None] = relationship()
    basis_round: Mapped[VotingRound | None] = relationship()
    proposals: Mapped[list[Proposal]] = relationship(secondary=goal_proposals, order_by="Proposal.id")
    measures: Mapped[list[Measure]] = relationship(
        back_populates="goal", order_by="Measure.position", cascade="all, delete-orphan")
    # OParl papers/meetings/agenda items citing the council decision; written by services/council.py
    council_papers: Mapped[list[CouncilPaper]] = relationship(
        secondary="goal_council_papers", order_by="GoalCouncilPaper.position", viewonly=True)


class Measure(db.Model):
    __tablename__ = "measures"
    __table_args__ = (
        one_of("status", MeasureStatus, "status"),
        CheckConstraint("progress IS NULL OR progress BETWEEN 0 AND 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(200))
    # Where reminders and the personal update link go (normalised; never shown publicly).
    responsible_email: Mapped[str | None] = mapped_column(String(254), index=True)
    partners: Mapped[str] = mapped_column(String(500), default="")
    start: Mapped[date | None]
    deadline: Mapped[date]
    indicator: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12), default=MeasureStatus.PLANNED.value)
    # Percentage 0..100 as set by a person; None: the status's default (domain/progress.py).
    progress: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    # The measure proposal of a workshop it was adopted from (services.measures_adopt); unique:
    # one proposal becomes at most one measure.
    source_proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="measures")
    source_proposal: Mapped[Proposal | None] = relationship()
    notes: Mapped[list[ProgressNote]] = relationship(
        back_populates="measure", order_by="ProgressNote.date", cascade="all, delete-orphan")
    council_papers: Mapped[list[CouncilPaper]] = relationship(
        secondary="measure_council_papers", order_by="MeasureCouncilPaper.position", viewonly=True)

    def assess(self, today: date) -> Assessment:
        """Effective progress, overdue and traffic light on ``today`` (domain/progress.py)."""
        return assess(self.status, self.progress, self.deadline, today, self.start)


class ProgressNote(db.Model):
    """A dated line of the implementation report; status changes are recorded here too."""

    __tablename__ = "progress_notes"
    __table_args__ = (
        one_of("status_before", [*MeasureStatus, ""], "status_before"),
        one_of("status_after", [*MeasureStatus, ""], "status_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    date: Mapped[date]
    text: Mapped[str] = mapped_column(Text, default="")
    status_before: Mapped[str] = mapped_column(String(12), default="")
    status_after: Mapped[str] = mapped_column(String(12), default="")
    # Shown on the public progress page and its feeds; internal notes only to organizers.
    public: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="notes")
