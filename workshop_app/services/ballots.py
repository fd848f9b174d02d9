"""Storing a participant's whole ballot (DESIGN §3: ballots, races and results).

A PUT replaces the ballot whole. The lock order of services.locking makes concurrent writes of
the same ballot serialise: the round row shared (so a close waits for ballots in flight), then the
ballot row exclusively. Validation happens after the locks, against the round's state and its
still-published items as they are at that moment, so the stored ballot is always exactly one of
the submitted ones and never exceeds the budget.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import delete, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import events
from ..domain.ballots import remaining_budget, validate_ballot
from ..domain.errors import DomainError
from ..domain.phases import ProposalState, WorkshopState
from ..extensions import db
from ..models import Ballot, Participant, Proposal, RoundItem, Vote, VotingRound, Workshop
from ..models.base import utcnow
from . import locking, tx


@dataclass(frozen=True)
class StoredBallot:
    round_id: int
    votes: dict[int, int]
    remaining: int | None
    revision: int

    def as_dict(self) -> dict[str, Any]:
        return {"round_id": self.round_id, "votes": {str(k): v for k, v in self.votes.items()},
                "remaining": self.remaining, "revision": self.revision}


def eligible_proposals(round_id: int) -> set[int]:
    """The round's frozen items that are still published (hidden or merged ones drop out)."""
    return set(db.session.scalars(
        db.select(RoundItem.proposal_id).join(Proposal, Proposal.id == RoundItem.proposal_id)
        .where(RoundItem.round_id == round_id,
               Proposal.state == ProposalState.PUBLISHED.value)))


def _insert_ignore(values: dict[str, Any]):
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(Ballot).values(**values).on_conflict_do_nothing(
        index_elements=["round_id", "participant_id"])


def store(participant: Participant, round_id: int, votes: Mapping[object, object]) -> StoredBallot:
    """Validate and store the participant's whole ballot; ``{}`` withdraws every vote."""
    with tx.write() as uow:
        round_ = locking.lock_round(round_id, exclusive=False)
        if round_ is None or round_.workshop_id != participant.workshop_id:
            raise DomainError("round_not_found", "There is no such voting round.")
        workshop_state = db.session.scalar(
            db.select(Workshop.state).filter_by(id=round_.workshop_id))
        if workshop_state != WorkshopState.OPEN.value:
            raise DomainError("workshop_not_open", "The workshop is not open.")
        if not round_.is_open:
            raise DomainError("round_not_open", "The round is not open.", state=round_.state)
        clean = validate_ballot(round_.rules, votes, eligible_proposals(round_.id))
        now = utcnow()
        db.session.execute(_insert_ignore({
            "round_id": round_.id, "participant_id": participant.id,
            "group_id": participant.group_id, "revision": 0, "created_at": now, "updated_at": now}))
        ballot = locking.lock_ballot(round_.id, participant.id)
        db.session.execute(delete(Vote).where(Vote.ballot_id == ballot.id))
        if clean:  # Core statements: the identity map may still hold the replaced Vote rows
            db.session.execute(insert(Vote), [
                {"ballot_id": ballot.id, "proposal_id": proposal_id, "round_id": round_.id,
                 "value": value} for proposal_id, value in clean.items()])
        ballot.revision += 1
        ballot.updated_at = now
        db.session.flush()
        db.session.expire(ballot, ["votes"])
        stored = StoredBallot(round_.id, clean, remaining_budget(round_.rules, clean),
                              ballot.revision)
        uow.publish(events.ballot_stored, workshop_id=round_.workshop_id, round_id=round_.id)
    return stored


def find_round(round_id: int) -> VotingRound | None:
    return db.session.get(VotingRound, round_id)
