"""Removing participants: the moderator's answer to ballot stuffing.

A removed participant stays as a row (``removed_at``) so that the proposals they wrote keep their
author and the removal is traceable; everything that lets them act goes: their ballots are deleted
in every round and the rounds' running sums are recounted from the remaining votes
(``tally_cells.rebuild``), and their secret is replaced by a random one nobody holds, so the
cookie or bearer token on their device no longer finds them on any path (pages, API, ballots,
sockets). They no longer count toward the workshop's participant cap.

Lock order (services.plumbing.locking): every round row of the workshop exclusively, in id order, before
the ballots are read — like closing a round, so ballots in flight finish first and are deleted
with the others. A ballot that waited for those locks re-checks its voter when it writes
(services.ballots), so it cannot bring the votes back. Open sockets of the removed participants
are dropped by the live layer on ``events.participant_removed`` (in every process).
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select

from .. import events
from ..domain import joincodes
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Ballot, Participant, Vote, VotingRound, Workshop
from ..models.base import utcnow
from . import support
from .plumbing import audit, locking, tally_cells, tx
from .plumbing.audit import Actor

#: The most participants removed by one request (a burst of joins fits; a whole room does not).
MAX_AT_ONCE = 500


def _ids(values: Iterable[object]) -> list[int]:
    ids: list[int] = []
    for value in values:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not (text.isascii() and text.isdigit() and len(text) <= 9):
            raise DomainError("invalid_choice", "participants are given by their numbers",
                              field="participants")
        ids.append(int(text))
    if not ids:
        raise DomainError("participants_required", "choose at least one participant",
                          field="participants")
    if len(ids) > MAX_AT_ONCE:
        raise DomainError("too_many_participants", "too many at once", max_count=MAX_AT_ONCE,
                          field="participants")
    return sorted(set(ids))


def remove(actor: Actor, workshop: Workshop, participant_ids: Iterable[object]) -> dict:
    """Remove participants of ``workshop``; returns what was removed (for the audit and the UI)."""
    if isinstance(participant_ids, (str, bytes)) or not isinstance(participant_ids, Iterable):
        participant_ids = [participant_ids]
    wanted = _ids(participant_ids)
    workshop_id = workshop.id
    with tx.write() as uow:
        people = db.session.scalars(select(Participant).where(
            Participant.id.in_(wanted), Participant.workshop_id == workshop_id,
            Participant.removed_at.is_(None)).order_by(Participant.id)).all()
        if not people:
            raise DomainError("participant_not_found", "no such participant in this workshop",
                              field="participants")
        ids = [p.id for p in people]
        # Every round of the workshop, not only those where they have a ballot now: a ballot in
        # flight (holding its round shared) may be about to create their first one. Waiting for
        # it here, the ballots are then read after it committed; later ballots see the removal.
        for round_id in db.session.scalars(select(VotingRound.id).where(
                VotingRound.workshop_id == workshop_id).order_by(VotingRound.id)):
            locking.lock_round(round_id, exclusive=True)
        round_ids = sorted(db.session.scalars(
            select(Ballot.round_id).where(Ballot.participant_id.in_(ids)).distinct()))
        ballot_ids = select(Ballot.id).where(Ballot.participant_id.in_(ids)).scalar_subquery()
        db.session.execute(delete(Vote).where(Vote.ballot_id.in_(ballot_ids))
                           .execution_options(synchronize_session=False))
        ballots = db.session.execute(delete(Ballot).where(Ballot.participant_id.in_(ids))
                                     .execution_options(synchronize_session=False)).rowcount
        for round_id in round_ids:
            tally_cells.rebuild(round_id)
        now = utcnow()
        for person in people:
            person.removed_at = now
            person.secret_hash = joincodes.hash_secret(joincodes.generate_secret())
        target = db.session.get(Workshop, workshop_id)
        summary = {"participants": [{"id": p.id, "group": p.group.key} for p in people],
                   "ballots": ballots, "rounds": round_ids}
        audit.record(actor, "participant.remove", target, workshop_id=workshop_id,
                     process_id=target.process_id, after=summary)
        if round_ids:
            # The tallies went down: the room's version moves (so that nothing derived from the
            # old sums, such as a cached public round, is taken for the new ones) and reaches
            # every audience, like a paper vote.
            version = target.bump()
            uow.publish(events.workshop_changed, workshop_id=workshop_id, version=version)
        for round_id in round_ids:
            uow.publish(events.ballot_stored, workshop_id=workshop_id, round_id=round_id)
        support.removed(uow, target, ids)  # their supports stop counting: the new counts go out
        uow.publish(events.participant_removed, workshop_id=workshop_id, participant_ids=ids)
    return summary
