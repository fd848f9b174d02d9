"""Named assessor accounts of a feasibility round (domain.feasibility)."""
from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class RoundAssessor(db.Model):
    """A staff account that rates feasibility in a round (in the console, as a staff ballot)."""

    __tablename__ = "round_assessors"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
