"""Storing a participant's whole ballot (DESIGN §3: ballots, races and results).

A PUT replaces the ballot whole. The lock order of services.plumbing.locking makes concurrent writes of
the same ballot serialise: the round row shared (so a close waits for ballots in flight), then the
ballot row exclusively. Validation happens after the locks, against the round's state and its
still-published items as they are at that moment, so the stored ballot is always exactly one of
the submitted ones and never exceeds the budget.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, bindparam, delete, insert, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from .. import events
from ..domain.ballots import Method, RoundRules, remaining_budget, validate_ballot
from ..domain.errors import DomainError
from ..domain.feasibility import check_may_rate
from ..domain.joincodes import hash_secret
from ..domain.phases import ProposalState, RoundState, WorkshopState
from ..extensions import db
from ..models import Ballot, Participant, Proposal, RoundItem, Vote, VotingRound, Workshop
from ..models.base import UTCDateTime, utcnow
from .plumbing import tally_cells, tx


@dataclass(frozen=True)
class StoredBallot:
    round_id: int
    votes: dict[int, int]
    remaining: int | None
    revision: int

    def as_dict(self) -> dict[str, Any]:
        return {"round_id": self.round_id, "votes": {str(k): v for k, v in self.votes.items()},
                "remaining": self.remaining, "revision": self.revision}


@dataclass(frozen=True)
class Voter:
    """The three facts of a participant that a ballot needs, read without loading the ORM row.
    ``staff``: ``id`` is an assessor account's user id (a staff ballot in a feasibility round)."""
    id: int
    workshop_id: int
    group_id: int
    staff: bool = False


def eligible_proposals(round_id: int, connection: Connection | None = None) -> set[int]:
    """The round's frozen items that are still published (hidden or merged ones drop out)."""
    connection = connection or db.session.connection()
    return set(connection.execute(_ELIGIBLE, {"round_id": round_id}).scalars())


# Built once: constructing a statement costs more CPU than SQLite needs to run it.
_ELIGIBLE = (db.select(RoundItem.proposal_id).join(Proposal, Proposal.id == RoundItem.proposal_id)
             .where(RoundItem.round_id == bindparam("round_id"),
                    Proposal.state == ProposalState.PUBLISHED.value))
_LOCK_OPEN_ROUND = (
    db.select(VotingRound.workshop_id, VotingRound.state, VotingRound.method, VotingRound.budget,
              VotingRound.max_per_proposal, Workshop.state.label("workshop_state"),
              VotingRound.purpose, VotingRound.assessor_group_id)
    .join(Workshop, Workshop.id == VotingRound.workshop_id)
    .where(VotingRound.id == bindparam("round_id"))
    .with_for_update(read=True, of=VotingRound))
_DELETE_VOTES = (delete(Vote.__table__).where(Vote.ballot_id == bindparam("ballot_id"))
                 .returning(Vote.proposal_id, Vote.value))
_INSERT_VOTES = insert(Vote.__table__)
# The same, with the participant whose secret hash is given, if they belong to the round's workshop
# (a LEFT JOIN: no participant means "not joined", no row means "no such round").
_LOCK_OPEN_ROUND_WITH_VOTER = (
    _LOCK_OPEN_ROUND.add_columns(Participant.id.label("voter_id"), Participant.group_id)
    .outerjoin(Participant, (Participant.workshop_id == VotingRound.workshop_id)
               & (Participant.secret_hash == bindparam("secret_hash"))))


def _upsert_ballot(dialect: str, staff: bool = False):
    """Create the ballot row or bump its revision, in one statement that also takes the ballot
    row's exclusive lock (an upsert locks the row it inserts or updates) — the second step of the
    lock order in services.plumbing.locking, without a separate SELECT … FOR UPDATE.

    A participant's row comes from the voter's participant row, read by this statement and only if
    they were not removed: on PostgreSQL a ballot that waited for the round lock while a removal
    committed found its voter in the older snapshot of its first statement; this one sees the
    removal (and then writes nothing). An assessor account's staff ballot is keyed by (round, user)."""
    key = f"staff-{dialect}" if staff else dialect
    if key not in _UPSERTS:
        insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
        owner = "user_id" if staff else "participant_id"
        row = select(bindparam("round_id", type_=Integer),
                     bindparam("participant_id", type_=Integer) if staff else Participant.id,
                     bindparam("group_id", type_=Integer), literal(1, Integer),
                     bindparam("created_at", type_=UTCDateTime), bindparam("updated_at", type_=UTCDateTime))
        if not staff:
            row = row.where(Participant.id == bindparam("participant_id"), Participant.removed_at.is_(None))
        _UPSERTS[key] = insert_(Ballot).from_select(
            ["round_id", owner, "group_id", "revision", "created_at", "updated_at"], row,
        ).on_conflict_do_update(
            index_elements=["round_id", owner],
            set_={"revision": Ballot.revision + 1, "updated_at": bindparam("bumped_at")},
        ).returning(Ballot.id, Ballot.revision)
    return _UPSERTS[key]


_UPSERTS: dict[str, Any] = {}


def store_staff(user_id: int, round_id: int, votes: Mapping[object, object]) -> StoredBallot:
    """An assessor account's ballot in a feasibility round, counted for the round's assessor
    group (services.feasibility checks that the account is named, in the same transaction)."""
    with tx.write() as uow:
        connection = db.session.connection()
        row = connection.execute(_LOCK_OPEN_ROUND, {"round_id": round_id}).one_or_none()
        if row is None:
            raise DomainError("round_not_found", "There is no such voting round.")
        if row.assessor_group_id is None:
            raise DomainError("not_assessor", "only the assessors rate feasibility in this round")
        return _write(connection, uow, row, Voter(user_id, row.workshop_id, row.assessor_group_id, staff=True),
                      round_id, votes)


def cast(round_id: int, secrets: Sequence[str], votes: Mapping[object, object]) -> StoredBallot:
    """The vote endpoint's path: the participant is whoever of ``secrets`` (a bearer token, or
    the participant cookies the phone holds) belongs to the round's workshop. Finding them takes
    no statement of its own: the round's locking read brings them along."""
    candidates = [hash_secret(s) for s in secrets if isinstance(s, str) and 0 < len(s) <= 200][:4]
    with tx.write() as uow:
        connection = db.session.connection()
        row = None
        # A phone in several workshops: try each cookie. Without any secret the read still runs
        # (with a hash that matches nobody), so that an unknown round is a 404 before a 401.
        for secret_hash in candidates or [""]:
            row = connection.execute(_LOCK_OPEN_ROUND_WITH_VOTER,
                                     {"round_id": round_id, "secret_hash": secret_hash}).one_or_none()
            if row is None or row.voter_id is not None:
                break
        if row is None:
            raise DomainError("round_not_found", "There is no such voting round.")
        if row.voter_id is None:
            raise DomainError("not_joined", "Join the workshop first.")
        return _write(connection, uow, row, Voter(row.voter_id, row.workshop_id, row.group_id),
                      round_id, votes)


def store(participant: Participant | Voter, round_id: int,
          votes: Mapping[object, object]) -> StoredBallot:
    """Validate and store the participant's whole ballot; ``{}`` withdraws every vote.

    The participant's ids are read before ``tx.write()``, which ends the request's read
    transaction and would otherwise make the session reload an ORM participant.
    """
    voter = Voter(participant.id, participant.workshop_id, participant.group_id)
    with tx.write() as uow:
        connection = db.session.connection()
        row = connection.execute(_LOCK_OPEN_ROUND, {"round_id": round_id}).one_or_none()
        if row is None or row.workshop_id != voter.workshop_id:
            raise DomainError("round_not_found", "There is no such voting round.")
        return _write(connection, uow, row, voter, round_id, votes)


def _write(connection: Connection, uow: tx.UnitOfWork, row, voter: Voter, round_id: int,
           votes: Mapping[object, object]) -> StoredBallot:
    """Check the round (locked shared by ``row``'s query), then validate and write the ballot.

    Core statements on the transaction's connection only (no ORM loads, flushes or the ORM's
    per-statement bookkeeping, which cost more CPU than SQLite needs to run them): the eligible
    items, the ballot upsert, delete (returning the old votes) and insert of the votes, and the
    running sums of the tally (services.plumbing.tally_cells).
    """
    if row.workshop_state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")
    if row.state != RoundState.OPEN.value:
        raise DomainError("round_not_open", "The round is not open.", state=row.state)
    check_may_rate(row.purpose, row.assessor_group_id, voter.group_id, named=voter.staff)
    rules = RoundRules.create(Method(row.method), row.budget, row.max_per_proposal)
    clean = validate_ballot(rules, votes, eligible_proposals(round_id, connection))
    now = utcnow()
    stored = connection.execute(
        _upsert_ballot(connection.dialect.name, voter.staff),
        {"round_id": round_id, "participant_id": voter.id, "group_id": voter.group_id,
         "created_at": now, "updated_at": now, "bumped_at": now}).one_or_none()
    if stored is None:  # removed by the moderator while this request waited for the round
        raise DomainError("not_joined", "Join the workshop first.")
    ballot_id, revision = stored
    old = dict(connection.execute(_DELETE_VOTES, {"ballot_id": ballot_id}).all())
    if clean:
        connection.execute(_INSERT_VOTES, [
            {"ballot_id": ballot_id, "proposal_id": proposal_id, "round_id": round_id,
             "value": value} for proposal_id, value in clean.items()])
    tally_cells.apply(connection, round_id, voter.group_id, rules.method, old, clean)
    uow.publish(events.ballot_stored, workshop_id=voter.workshop_id, round_id=round_id)
    return StoredBallot(round_id, clean, remaining_budget(rules, clean), revision)


def find_round(round_id: int) -> VotingRound | None:
    return db.session.get(VotingRound, round_id)
