"""Keeping the running sums of models.tally equal to the sums of the votes.

A ballot write changes them by its difference in the same transaction (``apply``); where votes
move in bulk — a merge's carry-over, an archive import — ``rebuild`` recomputes a round's rows
from its votes. Either way they commit together with the votes or not at all.

Lock order (services.plumbing.locking): a ballot has the round row shared and its own ballot row
exclusively before it updates these rows, cells in proposal order and the group row last, so
concurrent ballots of one group queue on the same rows in the same order and never deadlock.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, case, delete, exists, func, insert, select, true
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from ...domain.ballots import Method
from ...domain.tally_aggregate import ballot_delta
from ...extensions import db
from ...models import Ballot, TallyCell, TallyGroup, Vote, VotingRound

CELLS, GROUPS = TallyCell.__table__, TallyGroup.__table__
_SUMMED = ("points", "entries", "yes", "no", "abstain")


def _adding_upsert(dialect: str, table, keys: tuple[str, ...], summed: tuple[str, ...]):
    """``INSERT … ON CONFLICT (keys) DO UPDATE SET c = c + excluded.c`` for the summed columns,
    built once per dialect (building costs more than SQLite needs to run it)."""
    cache_key = (dialect, table.name)
    if cache_key not in _UPSERTS:
        insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
        statement = insert_(table)
        _UPSERTS[cache_key] = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={name: table.c[name] + statement.excluded[name] for name in summed})
    return _UPSERTS[cache_key]


_UPSERTS: dict[tuple[str, str], Any] = {}


def apply(connection: Connection, round_id: int, group_id: int, method: Method,
          old: Mapping[int, int], new: Mapping[int, int]) -> None:
    """Add the difference between a ballot's old and new votes to its group's rows."""
    changes, voter_change = ballot_delta(method, old, new)
    dialect = connection.dialect.name
    if changes:
        connection.execute(
            _adding_upsert(dialect, CELLS, ("round_id", "proposal_id", "group_id"), _SUMMED),
            [{"round_id": round_id, "proposal_id": proposal_id, "group_id": group_id,
              **dict(zip(_SUMMED, change))} for proposal_id, *change in changes])
    connection.execute(
        _adding_upsert(dialect, GROUPS, ("round_id", "group_id"), ("voters", "writes")),
        {"round_id": round_id, "group_id": group_id, "voters": voter_change, "writes": 1})


def rebuild(round_id: int) -> None:
    """Recompute a round's rows from its votes (inside the caller's write transaction)."""
    db.session.flush()  # votes added through the ORM must be in the database before the sums
    method = db.session.scalar(select(VotingRound.method).where(VotingRound.id == round_id))
    entry = true() if method == Method.YES_NO_ABSTAIN.value else Vote.value != 0
    forget(round_id)
    db.session.execute(insert(CELLS).from_select(
        ["round_id", "proposal_id", "group_id", *_SUMMED],
        select(Vote.round_id, Vote.proposal_id, Ballot.group_id, func.sum(Vote.value), func.count(),
               _count_of(1), _count_of(-1), _count_of(0))
        .join(Ballot, Ballot.id == Vote.ballot_id).where(Vote.round_id == round_id, entry)
        .group_by(Vote.round_id, Vote.proposal_id, Ballot.group_id)))
    voted = exists().where(Vote.ballot_id == Ballot.id, entry)
    db.session.execute(insert(GROUPS).from_select(
        ["round_id", "group_id", "voters", "writes"],
        select(Ballot.round_id, Ballot.group_id, func.sum(case((voted, 1), else_=0)),
               func.sum(Ballot.revision))
        .where(Ballot.round_id == round_id).group_by(Ballot.round_id, Ballot.group_id)))


def forget(round_id: int) -> None:
    """Drop a round's rows (its votes are being deleted in the same transaction)."""
    db.session.execute(delete(CELLS).where(CELLS.c.round_id == round_id))
    db.session.execute(delete(GROUPS).where(GROUPS.c.round_id == round_id))


def _count_of(value: int):
    return func.sum(case((Vote.value == value, 1), else_=0))


# --- reading ---------------------------------------------------------------------------------

_READ_GROUPS = select(GROUPS.c.group_id, GROUPS.c.voters, GROUPS.c.writes).where(
    GROUPS.c.round_id == bindparam("round_id"))
_READ_CELLS = select(CELLS.c.proposal_id, CELLS.c.group_id, *(CELLS.c[n] for n in _SUMMED)).where(
    CELLS.c.round_id == bindparam("round_id"), CELLS.c.entries > 0)


def read_groups(round_id: int) -> list[tuple[int, int, int]]:
    """``(group_id, voters, writes)`` per group that wrote a ballot."""
    return [tuple(row) for row in db.session.connection().execute(_READ_GROUPS, {"round_id": round_id})]


def read_cells(round_id: int) -> list[tuple[int, ...]]:
    """``(proposal_id, group_id, points, entries, yes, no, abstain)`` of every cell with votes."""
    return [tuple(row) for row in db.session.connection().execute(_READ_CELLS, {"round_id": round_id})]
