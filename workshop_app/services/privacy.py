"""Data protection: close and anonymise a workshop; purge personal data after the retention period.

Anonymising keeps every aggregate (ballots with their group, votes, proposals, participant counts
per group) and removes what points at a person: the link from ballots, proposals and join tokens to
the participant, display names, chosen languages, last-seen times and the secrets held in phone
cookies (replaced by random values nobody holds, so a phone that comes back is a stranger).
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app

from .. import events
from ..domain import joincodes
from ..domain.phases import WorkshopState
from ..extensions import db
from ..models import Ballot, JoinToken, Participant, Proposal, SocketConnection, VotingRound, Workshop
from ..models.base import utcnow
from .plumbing import tx
from .plumbing.audit import SYSTEM, Actor


def anonymise(actor: Actor, workshop: Workshop) -> dict[str, int]:
    """Close the workshop (if open) and remove every link to a person; returns what was changed."""
    with tx.write() as uow:
        target = db.session.get(Workshop, workshop.id)
        if target.state == WorkshopState.OPEN.value:
            target.change_state(WorkshopState.CLOSED)
        counts = _unlink(target)
        target.anonymised_at = utcnow()
        uow.record(actor, "workshop.anonymise", target, target, after=counts | {"state": target.state},
                   event=events.workshop_changed, state=target.state)
    return counts


def _unlink(workshop: Workshop) -> dict[str, int]:
    round_ids = db.select(VotingRound.id).filter_by(workshop_id=workshop.id).scalar_subquery()
    ballots = db.session.execute(
        db.update(Ballot).where(Ballot.round_id.in_(round_ids),
                                Ballot.participant_id.is_not(None) | Ballot.user_id.is_not(None))
        .values(participant_id=None, user_id=None)).rowcount  # staff ballots (feasibility) too
    proposals = db.session.execute(
        db.update(Proposal).where(Proposal.workshop_id == workshop.id, Proposal.participant_id.is_not(None))
        .values(participant_id=None)).rowcount
    db.session.execute(db.update(JoinToken).where(JoinToken.workshop_id == workshop.id)
                       .values(participant_id=None))
    db.session.execute(db.delete(SocketConnection).where(
        SocketConnection.workshop_id == workshop.id, SocketConnection.participant_id.is_not(None)))
    people = db.session.scalars(db.select(Participant).filter_by(workshop_id=workshop.id)).all()
    for person in people:
        person.display_name = None
        person.language = None
        person.secret_hash = joincodes.hash_secret(joincodes.generate_secret())
    db.session.flush()
    db.session.expire_all()
    return {"ballots": ballots, "proposals": proposals, "participants": len(people)}


def due_for_purge(now: datetime | None = None, retention_days: int | None = None) -> list[Workshop]:
    """Workshops closed (or archived) longer ago than the retention period, not yet anonymised."""
    days = current_app.config["RETENTION_DAYS"] if retention_days is None else retention_days
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    return list(db.session.scalars(
        db.select(Workshop).where(
            Workshop.state.in_((WorkshopState.CLOSED.value, WorkshopState.ARCHIVED.value)),
            Workshop.closed_at.is_not(None), Workshop.closed_at < cutoff,
            Workshop.anonymised_at.is_(None)).order_by(Workshop.id)))


def purge(actor: Actor = SYSTEM, *, now: datetime | None = None,
          retention_days: int | None = None) -> list[int]:
    """Anonymise every workshop due for it; returns their ids. Each is its own transaction."""
    purged = []
    for workshop in due_for_purge(now, retention_days):
        anonymise(actor, workshop)
        purged.append(workshop.id)
    return purged
