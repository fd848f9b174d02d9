"""The lock order that keeps ballots and round closing consistent (DESIGN §3).

Every write that depends on a round's state takes the round's row lock first:
* a ballot write takes it **shared** (many ballots in parallel), then the ballot row exclusively
  (the upsert in services.ballots locks the row it writes);
* opening, closing and resetting a round take it **exclusively**, so a close waits for the ballots
  in flight and every later ballot sees the round closed: a ballot is either in the final result
  or rejected as too late, never half-counted.
On SQLite the whole transaction already holds the database write lock (``BEGIN IMMEDIATE`` in
``tx.write``), which serialises the same steps; the ``FOR SHARE/UPDATE`` clauses are no-ops there.
"""
from __future__ import annotations

from ...extensions import db
from ...models import VotingRound, Workshop


def lock_round(round_id: int, *, exclusive: bool) -> VotingRound | None:
    query = db.select(VotingRound).where(VotingRound.id == round_id).execution_options(
        populate_existing=True)
    query = query.with_for_update() if exclusive else query.with_for_update(read=True)
    return db.session.scalar(query)


def lock_workshop(workshop_id: int) -> Workshop | None:
    """Structural changes (phase, rounds, proposals, version) serialise on the workshop row."""
    return db.session.scalar(
        db.select(Workshop).where(Workshop.id == workshop_id).with_for_update()
        .execution_options(populate_existing=True))
