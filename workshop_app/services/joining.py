"""Joining a workshop: open (pick a group), by group code, or with a printed single-use token.

Codes are global: one ``/j/<code>`` resolves a workshop, a stakeholder group or a token across all
workshops. Only open and closed workshops are public: a draft or archived workshop's codes
resolve to nothing, exactly like unknown ones. A code joins only in its workshop's current join
mode — a group code in ``group_codes`` mode, a token in ``tokens`` mode; a code of another mode
is refused with what the workshop is joined with now (:func:`refusal`).

The participant's identity is a random secret handed back once and stored hashed; a token is
redeemed with a conditional UPDATE whose row count decides who wins, so ten phones redeeming the
same token at once yield exactly one participant on every database. The workshop's participant
cap is counted under the workshop row's lock in the same transaction, so parallel joins cannot
pass it either.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, update

from .. import events
from ..domain import joincodes
from ..domain.errors import DomainError
from ..domain.phases import WorkshopState
from ..domain.text import clean_choice, clean_text
from ..extensions import db
from ..models import Ballot, JoinToken, Participant, StakeholderGroup, Workshop
from ..models.base import utcnow
from .plumbing import audit, tx

NAME_MAX = 60
#: Workshops whose codes resolve at all; drafts and archived ones reveal nothing.
PUBLIC_STATES = frozenset({WorkshopState.OPEN.value, WorkshopState.CLOSED.value})
#: The highest cap an organizer may set (a sanity bound, far beyond any room).
MAX_CAP = 100_000


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
    """The public workshop (and group or token) a typed or scanned code names, or None."""
    target = _lookup(code)
    if target is None or target.workshop is None or target.workshop.state not in PUBLIC_STATES:
        return None
    return target


def _lookup(code: str | None) -> JoinTarget | None:
    cleaned = joincodes.normalise(code)
    if not cleaned or len(cleaned) > 12:
        return None
    workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=cleaned))
    if workshop is not None:
        return JoinTarget(workshop)
    group = db.session.scalar(db.select(StakeholderGroup).filter_by(join_code=cleaned))
    if group is not None:
        return JoinTarget(group.workshop, group=group)
    token = db.session.scalar(db.select(JoinToken).filter_by(code_hash=JoinToken.code_digest(cleaned)))
    if token is not None:
        return JoinTarget(db.session.get(Workshop, token.workshop_id), token=token)
    return None


def require_joinable(workshop: Workshop) -> None:
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open for joining.")


def _mode_error(mode: str) -> DomainError:
    if mode == joincodes.JoinMode.GROUP_CODES:
        return DomainError("group_code_required", "This workshop is joined with a group's code.")
    if mode == joincodes.JoinMode.TOKENS:
        return DomainError("token_required", "This workshop is joined with a printed token.")
    return DomainError("workshop_code_required", "This workshop is joined with its workshop code.")


def live_kinds(join_mode: str) -> frozenset[str]:
    """Which kinds of code admit people under a join mode: the workshop's own code always
    resolves (its page says how to join); group codes only in ``group_codes`` mode, tokens only in
    ``tokens`` mode. The organizer's page shows the same from here."""
    return frozenset({"workshop", {"group_codes": "group", "tokens": "token"}.get(join_mode, "workshop")})


def refusal(target: JoinTarget) -> DomainError | None:
    """Why this code cannot join under the workshop's current join mode, or None if it can.

    The workshop's own code always resolves (its page says how to join); a group code is live only
    in ``group_codes`` mode and a token only in ``tokens`` mode, so that codes left over from a
    mode the organizer switched away from admit nobody."""
    mode = target.workshop.join_mode
    kind = "token" if target.token is not None else "group" if target.group is not None else "workshop"
    return None if kind in live_kinds(mode) else _mode_error(mode)


def choose_group(target: JoinTarget, group_key: object) -> StakeholderGroup:
    """The group a new participant belongs to, by the workshop's join mode."""
    workshop = target.workshop
    error = refusal(target)
    if error is not None:
        raise error
    if target.group is not None:
        return target.group
    if target.token is not None and target.token.group is not None:
        return target.token.group
    if workshop.join_mode == joincodes.JoinMode.GROUP_CODES:
        raise DomainError("group_code_required", "This workshop is joined with a group's code.")
    if workshop.join_mode == joincodes.JoinMode.TOKENS and target.token is None:
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
    workshop_id, group_id = target.workshop.id, group.id
    try:
        display_name = clean_text("" if name is None else name, max_length=NAME_MAX,
                                  required=False) or None
    except DomainError as error:
        error.params["field"] = "name"
        raise
    secret = joincodes.generate_secret()
    token_id = target.token.id if target.token is not None else None
    joined_group = group.key
    with tx.write() as uow:
        _check_room(workshop_id)
        participant = Participant(workshop_id=workshop_id, group_id=group_id,
                                  display_name=display_name, language=language,
                                  secret_hash=joincodes.hash_secret(secret))
        db.session.add(participant)
        db.session.flush()
        if token_id is not None:
            _redeem(token_id, participant.id)
        uow.publish(events.participant_joined, workshop_id=workshop_id, group=joined_group)
        participant_id = participant.id
    return db.session.get(Participant, participant_id), secret


def participant_cap(workshop: Workshop) -> int:
    """The most participants the workshop admits: its own setting, else the installation's."""
    return workshop.max_participants or current_app.config["PARTICIPANT_CAP_DEFAULT"]


def active_participants(workshop_id: int) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Participant).where(
        Participant.workshop_id == workshop_id, Participant.removed_at.is_(None))) or 0


def _check_room(workshop_id: int) -> None:
    """Lock the workshop row (FOR NO KEY UPDATE: joins queue on it, while inserts that only
    reference the workshop do not), then re-check that it is open and has room. On SQLite the
    transaction's write lock already serialises joins."""
    workshop = db.session.scalar(
        db.select(Workshop).where(Workshop.id == workshop_id)
        .with_for_update(key_share=True).execution_options(populate_existing=True))
    if workshop is None:
        raise DomainError("workshop_not_open", "The workshop is not open for joining.")
    require_joinable(workshop)
    cap = participant_cap(workshop)
    if active_participants(workshop_id) >= cap:
        raise DomainError("workshop_full", "The workshop is full.", max_participants=cap)


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


# --- correcting one's group ---------------------------------------------------------------------

def group_fixed(participant: Participant) -> bool:
    """Whether the participant's group came with their code (a group code, or a token printed
    for a group): then it is not theirs to change."""
    workshop = participant.workshop
    if workshop.join_mode == joincodes.JoinMode.GROUP_CODES:
        return True
    return bool(db.session.scalar(db.select(JoinToken.id).where(
        JoinToken.participant_id == participant.id, JoinToken.group_id.is_not(None)).limit(1)))


def has_voted(participant_id: int) -> bool:
    return bool(db.session.scalar(
        db.select(Ballot.id).where(Ballot.participant_id == participant_id).limit(1)))


def can_change_group(participant: Participant) -> bool:
    """What the page offers: a self-chosen group, in an open workshop, before the first vote."""
    return (participant.workshop.state == WorkshopState.OPEN.value and len(participant.workshop.groups) > 1
            and not group_fixed(participant) and not has_voted(participant.id))


def change_group(participant: Participant, group_key: object) -> Participant:
    """Correct a wrong group choice until the first vote (a ballot counts in the group it was cast
    in, so afterwards the group stays). Audited: participant number and both groups, no name."""
    workshop = participant.workshop
    if group_fixed(participant):
        raise DomainError("group_fixed", "The group came with the code used to join.")
    groups = {group.key: group for group in workshop.groups}
    try:
        key = clean_choice(group_key, groups)
    except DomainError as error:
        error.params["field"] = "group"
        raise
    participant_id, group_id = participant.id, groups[key].id
    with tx.write() as uow:
        row = db.session.scalar(
            db.select(Participant).where(Participant.id == participant_id)
            .with_for_update().execution_options(populate_existing=True))
        if row is None or row.removed_at is not None:
            raise DomainError("not_joined", "Not a participant of this workshop.")
        require_joinable(row.workshop)
        if has_voted(participant_id):
            raise DomainError("group_locked", "The group cannot change after voting.")
        before = row.group.key
        if row.group_id != group_id:
            row.group_id = group_id
            db.session.flush()
            audit.record(audit.Actor(label=f"participant #{participant_id}", via="participant"),
                         "participant.group", row, workshop_id=row.workshop_id,
                         before={"group": before}, after={"group": key})
            uow.publish(events.participant_joined, workshop_id=row.workshop_id, group=key)
    return db.session.get(Participant, participant_id)
