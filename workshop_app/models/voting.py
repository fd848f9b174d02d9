"""Voting rounds, ballots, votes and paper votes."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain import phases
from ..domain.ballots import DB_VALUE_MAX, DB_VALUE_MIN, Method, RoundColumns
from ..domain.feasibility import RoundPurpose
from ..domain.measures import ProposalKind
from ..domain.phases import RoundState
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .process import FieldOfAction
    from .proposal import Proposal
    from .workshop import StakeholderGroup, Workshop


class VotingRound(db.Model, RoundColumns):
    __tablename__ = "voting_rounds"
    __table_args__ = (
        one_of("method", Method, "method"),
        one_of("state", RoundState, "state"),
        CheckConstraint("budget IS NULL OR budget BETWEEN 1 AND 1000", name="budget"),
        CheckConstraint(
            "max_per_proposal IS NULL OR max_per_proposal BETWEEN 1 AND 100", name="max_per_proposal"),
        one_of("item_kind", ProposalKind, "item_kind"),
        one_of("purpose", RoundPurpose, "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[str] = mapped_column(String(20))
    budget: Mapped[int | None]
    max_per_proposal: Mapped[int | None]
    field_id: Mapped[int | None] = mapped_column(ForeignKey("fields_of_action.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(10), default=RoundState.DRAFT.value)
    live_results: Mapped[bool] = mapped_column(default=False)
    results_published: Mapped[bool] = mapped_column(default=False)
    # What the round votes on: goal proposals (default) or measure proposals — those of the goal
    # proposal ``measures_of_id``, or of every goal opened for measures when it is empty.
    item_kind: Mapped[str] = mapped_column(String(8), default=ProposalKind.GOAL.value,
                                           server_default=ProposalKind.GOAL.value)
    measures_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"))
    # Priority × feasibility (domain.feasibility): a feasibility round is a rating round in which
    # only the assessors (the participants of ``assessor_group_id`` and the accounts in
    # round_assessors) rate the items of the priority round ``assesses_round_id``.
    purpose: Mapped[str] = mapped_column(String(12), default=RoundPurpose.PRIORITY.value,
                                         server_default=RoundPurpose.PRIORITY.value)
    assesses_round_id: Mapped[int | None] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="SET NULL"))
    assessor_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder_groups.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="rounds")
    assessor_group: Mapped[StakeholderGroup | None] = relationship(foreign_keys=[assessor_group_id])
    field: Mapped[FieldOfAction | None] = relationship()
    items: Mapped[list[RoundItem]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="RoundItem.position")

    @property
    def offered_actions(self) -> frozenset[str]:
        """The actions the console shows for this round (domain.phases.allowed_round_actions)."""
        return phases.allowed_round_actions(self.state, published=self.results_published)

    def apply(self, action: str) -> None:
        """open / close / reset / publish, as the domain allows."""
        target = phases.check_round_transition(
            RoundState(self.state), action, published=self.results_published)
        self.state = target.value
        now = utcnow()
        if action == "open":
            self.opened_at, self.closed_at = now, None
        elif action == "close":
            self.closed_at = now
        elif action == "publish":
            self.results_published = True
        elif action == "reset":
            self.results_published = False
            self.opened_at = self.closed_at = None


class RoundItem(db.Model):
    """The proposals a round votes on, frozen when it opens so late arrivals do not shift it."""

    __tablename__ = "round_items"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)

    proposal: Mapped[Proposal] = relationship()


class Ballot(db.Model):
    """All of one participant's votes in one round; written whole, replaced whole."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("round_id", "participant_id"),
        UniqueConstraint("round_id", "user_id"),
        CheckConstraint("revision >= 0", name="revision"),
        CheckConstraint("participant_id IS NULL OR user_id IS NULL", name="one_voter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_rounds.id", ondelete="CASCADE"), index=True)
    # NULL after "close and anonymise": the aggregate stays, the link to the person goes.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"))
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_groups.id", ondelete="CASCADE"))
    # A staff ballot: an assessor account's ratings in a feasibility round (never with a participant).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revision: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    votes: Mapped[list[Vote]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Vote.proposal_id")
    group: Mapped[StakeholderGroup] = relationship()


class Vote(db.Model):
    __tablename__ = "votes"
    __table_args__ = (
        CheckConstraint(f"value BETWEEN {DB_VALUE_MIN} AND {DB_VALUE_MAX}", name="value_range"),
        Index("ix_votes_round_proposal", "round_id", "proposal_id"),
    )

    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    # Denormalised so that the tally of a round is one indexed scan.
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_rounds.id", ondelete="CASCADE"))
    value: Mapped[int]


class PaperBallots(db.Model):
    """How many people of a group voted on a flip chart in a round."""

    __tablename__ = "paper_ballots"
    __table_args__ = (CheckConstraint("voters >= 0 AND voters <= 100000", name="voters"),)

    round_id: Mapped[int] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder_groups.id", ondelete="CASCADE"), primary_key=True)
    voters: Mapped[int] = mapped_column(default=0)


class PaperVote(db.Model):
    """Dots a group put on a proposal on paper, entered by the moderator."""

    __tablename__ = "paper_votes"
    __table_args__ = (CheckConstraint("points >= 0 AND points <= 1000000", name="points"),)

    round_id: Mapped[int] = mapped_column(
        ForeignKey("voting_rounds.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder_groups.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True)
    points: Mapped[int] = mapped_column(default=0)
