"""Council decisions: OParl objects (papers, meetings, agenda items) linked to goals and measures.

One row per OParl object URL, shared by every goal or measure that cites it, holding what was
fetched last (name, reference, date, paper type, web page) and whether that worked. The links
carry their position, so a goal lists its papers in the order the organizer gave them.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.oparl import PaperKind, Verification
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow


class CouncilPaper(db.Model):
    __tablename__ = "council_papers"
    __table_args__ = (one_of("state", Verification, "state"), one_of("kind", PaperKind, "kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=PaperKind.UNKNOWN.value)
    name: Mapped[str] = mapped_column(String(500), default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    date: Mapped[date | None]
    paper_type: Mapped[str] = mapped_column(String(200), default="")
    web_url: Mapped[str] = mapped_column(String(2000), default="")
    state: Mapped[str] = mapped_column(String(12), default=Verification.UNVERIFIED.value)
    error_code: Mapped[str] = mapped_column(String(30), default="")
    error_detail: Mapped[str] = mapped_column(String(200), default="")
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the last successful fetch
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the last attempt
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def verified(self) -> bool:
        return self.state == Verification.VERIFIED

    @property
    def citable(self) -> bool:
        """Facts were fetched once and the object was not found gone or wrong since (public pages)."""
        return self.fetched_at is not None and self.state != Verification.ERROR

    @property
    def label(self) -> str:
        return self.reference or self.name or self.url


class GoalCouncilPaper(db.Model):
    __tablename__ = "goal_council_papers"

    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("council_papers.id", ondelete="CASCADE"),
                                          primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)

    paper: Mapped[CouncilPaper] = relationship()


class MeasureCouncilPaper(db.Model):
    __tablename__ = "measure_council_papers"

    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("council_papers.id", ondelete="CASCADE"),
                                          primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)

    paper: Mapped[CouncilPaper] = relationship()
