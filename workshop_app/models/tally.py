"""Running sums of a round's votes, kept in the same transaction as the votes themselves.

The screen asks for a round's tally many times a second. Summing every vote each time costs
time proportional to the votes (tens of milliseconds at a few thousand); these rows hold the same
sums per proposal and group, so a tally reads at most proposals × groups rows. They are derived
data, never the only truth: every write of votes updates them in its own transaction
(services.plumbing.tally_cells), ``rebuild`` recomputes them from the votes, and tests compare both.
"""
from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class TallyCell(db.Model):
    """The votes of one stakeholder group on one proposal in one round, summed: ``entries``
    counts the votes that count (non-zero; any value in a motion), ``points`` sums them, and
    ``yes``/``no``/``abstain`` count values 1/-1/0 among them."""

    __tablename__ = "tally_cells"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder_groups.id", ondelete="CASCADE"), primary_key=True, index=True)
    points: Mapped[int] = mapped_column(default=0)
    entries: Mapped[int] = mapped_column(default=0)
    yes: Mapped[int] = mapped_column(default=0)
    no: Mapped[int] = mapped_column(default=0)
    abstain: Mapped[int] = mapped_column(default=0)


class TallyGroup(db.Model):
    """Per round and group: ``voters``, the ballots with at least one vote that counts, and
    ``writes``, how many ballot writes there were (the sum of the ballots' revisions) — the
    ``seq`` by which clients order tallies from several processes."""

    __tablename__ = "tally_groups"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder_groups.id", ondelete="CASCADE"), primary_key=True, index=True)
    voters: Mapped[int] = mapped_column(default=0)
    writes: Mapped[int] = mapped_column(default=0)
