"""The action plan: goals adopted from proposals, their measures and progress notes."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.deadlines import MeasureStatus
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .process import FieldOfAction, Process
    from .proposal import Proposal

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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship(back_populates="goals")
    field: Mapped[FieldOfAction | None] = relationship()
    proposals: Mapped[list[Proposal]] = relationship(secondary=goal_proposals, order_by="Proposal.id")
    measures: Mapped[list[Measure]] = relationship(
        back_populates="goal", order_by="Measure.position", cascade="all, delete-orphan")


class Measure(db.Model):
    __tablename__ = "measures"
    __table_args__ = (one_of("status", MeasureStatus, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    responsible: Mapped[str] = mapped_column(String(200))
    partners: Mapped[str] = mapped_column(String(500), default="")
    start: Mapped[date | None]
    deadline: Mapped[date]
    indicator: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12), default=MeasureStatus.PLANNED.value)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="measures")
    notes: Mapped[list[ProgressNote]] = relationship(
        back_populates="measure", order_by="ProgressNote.date", cascade="all, delete-orphan")


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="notes")
