"""A merge of proposals, kept so that it can be undone exactly (split back)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class ProposalMerge(db.Model):
    """What one merge changed: the sources' earlier states, and per round the votes, paper counts
    and frozen items of the proposals involved as they were before and right after the merge.
    ``record`` holds plain ids (no foreign keys): a ballot deleted since (a removed participant)
    simply has nothing to restore. ``undone_at`` is set when the merge was split back."""

    __tablename__ = "proposal_merges"
    __table_args__ = (Index("ix_proposal_merges_workshop_undone", "workshop_id", "undone_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def source_ids(self) -> list[int]:
        return [source["id"] for source in self.record.get("sources", [])]
