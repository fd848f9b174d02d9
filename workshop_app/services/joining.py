"""Joining a workshop: open (pick a group), by group code, or with a printed single-use token.

Codes are global: one ``/j/<code>`` resolves a workshop, a stakeholder group or a token across all
workshops. The participant's identity is a random secret handed back once and stored hashed; a
token is redeemed with a conditional UPDATE whose row count decides who wins, so ten phones
redeeming the same token at once yield exactly one participant on every database.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update

from .. import events
from ..domain import joincodes
from ..domain.errors import DomainError
from ..domain.phases import WorkshopState
from ..domain.text import clean_choice, clean_text
from ..extensions import db
from ..models import JoinToken, Participant, StakeholderGroup, Workshop
from ..models.base import utcnow
from . import tx

NAME_MAX = 60


@dataclass(frozen=True)
class JoinTarget:
    """What a code names: always a workshop; a group for group codes; a token for tokens."""

    workshop: Workshop
    group: StakeholderGroup | None = None
    token: JoinToken | None = None

    @property
    def code(self) -> str:
        if self.token is not None:
            return self.token.code
        return self.group.join_code if self.group is not None else self.workshop.join_code


def resolve(code: str | None) -> JoinTarget | None:
    """The workshop (and group or token) a typed or scanned code names, or None."""
    cleaned = joincodes.normalise(code)
    if not cleaned or len(cleaned) > 12:
        return None
    workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=cleaned))
    if workshop is not None:
        return JoinTarget(workshop)
    group = db.session.scalar(db.select(StakeholderGroup).filter_by(join_code=cleaned))
    if group is not None:
        return JoinTarget(group.workshop, group=group)
    token = db.session.scalar(db.select(JoinToken).filter_by(code=cleaned))
    if token is not None:
        return JoinTarget(db.session.get(Workshop, token.workshop_id), token=token)
    return None


def require_joinable(workshop: Workshop) -> None:
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open for joining.")


def choose_group(target: JoinTarget, group_key: object) -> StakeholderGroup:
    """The group a new participant belongs to, by the workshop's join mode."""
    workshop = target.workshop
    if target.group is not None:
        return target.group
    if target.token is not None and target.token.group is not None:
        return target.token.group
    if workshop.join_mode == "group_codes":
        raise DomainError("group_code_required", "This workshop is joined with a group's code.")
    if workshop.join_mode == "tokens" and target.token is None:
        raise DomainError("token_required", "This workshop is joined with a printed token.")
    groups = {group.key: group for group in workshop.groups}
    try:
        return groups[clean_choice(group_key, groups)]
    except DomainError as error:
        error.params["field"] = "group"
        raise


def join(target: JoinTarget, *, group_key: object = None, name: object = None,
         token_code: object = None, language: str | None = None) -> tuple[Participant, str]:
    """Create a participant; returns it and its secret (shown once, stored only as a hash)."""
    if token_code not in (None, "") and target.token is None:
        token = resolve(str(token_code))
        if token is None or token.token is None or token.workshop.id != target.workshop.id:
            raise DomainError("token_unknown", "This token does not exist.", field="token")
        target = JoinTarget(target.workshop, token=token.token)
    require_joinable(target.workshop)
    group = choose_group(target, group_key)
    try:
        display_name = clean_text("" if name is None else name, max_length=NAME_MAX,
                                  required=False) or None
    except DomainError as error:
        error.params["field"] = "name"
        raise
    secret = joincodes.generate_secret()
    with tx.write() as uow:
        participant = Participant(workshop_id=target.workshop.id, group_id=group.id,
                                  display_name=display_name, language=language,
                                  secret_hash=joincodes.hash_secret(secret), last_seen_at=utcnow())
        db.session.add(participant)
        db.session.flush()
        if target.token is not None:
            _redeem(target.token.id, participant.id)
        uow.publish(events.participant_joined, workshop_id=target.workshop.id, group=group.key)
        participant_id = participant.id
    return db.session.get(Participant, participant_id), secret


def _redeem(token_id: int, participant_id: int) -> None:
    # The WHERE clause is the whole guard: on PostgreSQL a second UPDATE of the same row waits for
    # the first to commit and then re-checks it; on SQLite the write lock serialises them. Exactly
    # one redemption sees rowcount 1; every other one rolls back its participant with it.
    result = db.session.execute(
        update(JoinToken).where(JoinToken.id == token_id, JoinToken.redeemed_at.is_(None))
        .values(redeemed_at=utcnow(), participant_id=participant_id)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise DomainError("token_used", "This token has already been used.", field="token")
