"""Support: a participant backs an existing published proposal instead of writing a duplicate.

A signal for the room and the moderators, never a vote: it does not enter any tally. One row per
(proposal, participant); supporting twice stores nothing new. Merging moves the rows to the
proposal kept (``services.merging``), and undoing the merge puts them back exactly.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class ProposalSupport(db.Model):
    __tablename__ = "proposal_supports"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
