"""The participation process (Beteiligungsprozess) and its fields of action."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.deadlines import DEFAULT_IMPLEMENTATION_YEARS, latest_deadline
from ..extensions import db
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .plan import Goal
    from .user import User
    from .workshop import Workshop

#: Organizers who may see and change a process besides its owner (admins see every process).
process_members = db.Table(
    "process_members",
    Column("process_id", ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Process(db.Model):
    __tablename__ = "processes"
    __table_args__ = (
        CheckConstraint("implementation_years BETWEEN 1 AND 10", name="implementation_years"),
        CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
            name="period_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    template: Mapped[str] = mapped_column(String(40), default="empty")
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    council_decision: Mapped[date | None]
    implementation_years: Mapped[int] = mapped_column(default=DEFAULT_IMPLEMENTATION_YEARS)
    accessibility_contact: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The organizer who created it; None for processes made by the system (CLI, demo, archive
    # import by a command) or whose owner was deleted: then only admins and members see it.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The public progress page (public/): shown only while ``public``; the page may be framed by
    # the websites in ``embed_origins`` (one origin per line, validated by domain/publishing.py).
    public: Mapped[bool] = mapped_column(default=False, server_default=false())
    embed_origins: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The letterhead of every document of the process (exports/letterhead.py): a footer line and
    # a logo (PNG or SVG, cleaned by ``clean_logo`` before it is stored); the name is ``municipality``.
    letterhead_footer: Mapped[str] = mapped_column(String(300), default="", server_default="")
    letterhead_logo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    letterhead_logo_type: Mapped[str | None] = mapped_column(String(40))

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    members: Mapped[list[User]] = relationship(secondary=process_members, order_by="User.email")

    fields: Mapped[list[FieldOfAction]] = relationship(
        back_populates="process", order_by="FieldOfAction.position",
        cascade="all, delete-orphan",
    )
    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="process", order_by="Workshop.date", cascade="all, delete-orphan",
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="process", order_by="Goal.position", cascade="all, delete-orphan",
    )

    @property
    def embed_origin_list(self) -> list[str]:
        return self.embed_origins.split()

    @property
    def implementation_deadline(self) -> date | None:
        return latest_deadline(self.council_decision, self.implementation_years)


class FieldOfAction(db.Model):
    """A Handlungsfeld: childcare, schools, housing, ..."""

    __tablename__ = "fields_of_action"
    __table_args__ = (
        UniqueConstraint("process_id", "name"),
        CheckConstraint("length(colour) = 7", name="colour_hex"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#0072B2")
    position: Mapped[int] = mapped_column(default=0)
    optional_module: Mapped[bool] = mapped_column(default=False)

    process: Mapped[Process] = relationship(back_populates="fields")
