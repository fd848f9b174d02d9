"""Helpers for the moderator/screen tests: a signed-in organizer, participants, ballots."""
from __future__ import annotations

import secrets

from workshop_app.domain.joincodes import hash_secret
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Participant, StakeholderGroup
from workshop_app.services import ballots, tx
from tests.conftest import csrf_token_from, login


def signed_in(client, make_user, email="organizer@example.org", **kwargs):
    make_user(email, **kwargs)
    login(client, email)
    return csrf_token_from(client.get("/auth/login"))


def add_participant(workshop_id: int, group_key: str) -> tuple[Participant, str]:
    secret = secrets.token_urlsafe(24)
    with tx.write():
        group = db.session.scalar(db.select(StakeholderGroup).filter_by(
            workshop_id=workshop_id, key=group_key))
        participant = Participant(workshop_id=workshop_id, group_id=group.id,
                                  secret_hash=hash_secret(secret))
        db.session.add(participant)
        db.session.flush()
        participant_id = participant.id
    return db.session.get(Participant, participant_id), secret


def vote(participant: Participant, round_id: int, votes: dict) -> None:
    ballots.store(participant, round_id, votes)


def audit_actions(workshop_id: int) -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).filter_by(
        workshop_id=workshop_id).order_by(AuditEvent.id)))


def group_keys(workshop) -> list[str]:
    return [g.key for g in workshop.groups]
