"""Helpers for the moderator/screen tests: a signed-in organizer, participants, ballots."""
from __future__ import annotations

from testkit import builders
from tests.conftest import csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Participant


def signed_in(client, make_user, email="organizer@example.org", **kwargs):
    make_user(email, **kwargs)
    login(client, email)
    return csrf_token_from(client.get("/auth/login"))


def add_participant(workshop_id: int, group_key: str) -> tuple[Participant, str]:
    participant_id, secret = builders.add_participant(workshop_id, group_key)
    return db.session.get(Participant, participant_id), secret


def vote(participant: Participant, round_id: int, votes: dict) -> None:
    builders.cast_ballot(participant.id, round_id, votes)


def audit_actions(workshop_id: int) -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).filter_by(
        workshop_id=workshop_id).order_by(AuditEvent.id)))


def group_keys(workshop) -> list[str]:
    return [g.key for g in workshop.groups]
