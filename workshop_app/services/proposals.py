"""Proposals from the participant's side: submit, edit or withdraw one's own, find similar ones.

A participant may change their proposal until a voting round that contains it has opened: from
then on people may have voted on its wording. Every change the room can see bumps the workshop's
version and is published after commit.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain.errors import DomainError
from ..domain.phases import Phase, ProposalState, RoundState, WorkshopState
from ..domain.similarity import find_similar
from ..domain.text import clean_text
from ..extensions import db
from ..models import FieldOfAction, Participant, Proposal, RoundItem, VotingRound, Workshop
from ..models.proposal import BODY_MAX, TITLE_MAX
from . import locking, snapshots, tx

#: Phases in which the room collects proposals (early arrivals may start writing in the lobby).
COLLECTING = frozenset({Phase.LOBBY.value, Phase.COLLECT.value})
EDITABLE = frozenset({ProposalState.PENDING.value, ProposalState.PUBLISHED.value})


def _clean(value: object, field: str, **options: Any) -> str:
    try:
        return clean_text("" if value is None else value, **options)
    except DomainError as error:
        error.params["field"] = field
        raise


def _field_id(workshop: Workshop, value: object) -> int | None:
    """A field of action of this workshop's process, or None when none was chosen."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    field = None
    if text.isascii() and text.isdigit() and len(text) <= 18 and not isinstance(value, bool):
        field = db.session.get(FieldOfAction, int(text))
    if field is None or field.process_id != workshop.process_id:
        raise DomainError("invalid_choice", "Unknown field of action.", field="field")
    return field.id


def _check_collecting(workshop: Workshop) -> None:
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")
    if workshop.phase not in COLLECTING:
        raise DomainError("proposals_closed", "Proposals are not being collected right now.")


def submit(participant: Participant, *, title: object, body: object = None,
           field: object = None) -> Proposal:
    workshop = participant.workshop
    clean_title = _clean(title, "title", max_length=TITLE_MAX)
    clean_body = _clean(body, "body", max_length=BODY_MAX, required=False, multiline=True)
    field_id = _field_id(workshop, field)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop.id)
        _check_collecting(locked)
        state = ProposalState.PENDING if locked.premoderation else ProposalState.PUBLISHED
        proposal = Proposal(workshop_id=locked.id, participant_id=participant.id, field_id=field_id,
                            author_kind="participant", title=clean_title, body=clean_body,
                            state=ProposalState.PENDING.value)
        if state is ProposalState.PUBLISHED:
            proposal.move_to(ProposalState.PUBLISHED)
        db.session.add(proposal)
        db.session.flush()
        uow.publish(events.proposal_changed, workshop_id=locked.id,
                    proposal=snapshots.proposal_payload(proposal), version=locked.bump())
        proposal_id = proposal.id
    return db.session.get(Proposal, proposal_id)


def own_proposal(participant: Participant, proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.participant_id != participant.id:
        raise DomainError("proposal_not_found", "No such proposal of yours.")
    return proposal


def in_vote(proposal_id: int) -> bool:
    """Whether a round containing the proposal has opened (people may have voted on it)."""
    return db.session.scalar(
        db.select(RoundItem.round_id).join(VotingRound, VotingRound.id == RoundItem.round_id)
        .where(RoundItem.proposal_id == proposal_id,
               VotingRound.state != RoundState.DRAFT.value).limit(1)) is not None


def _lock_own(participant: Participant, proposal_id: int) -> tuple[Workshop, Proposal]:
    workshop = locking.lock_workshop(participant.workshop_id)
    proposal = own_proposal(participant, proposal_id)
    db.session.refresh(proposal)
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")
    if proposal.state not in EDITABLE:
        raise DomainError("proposal_not_editable", "This proposal can no longer be changed.")
    if in_vote(proposal.id):
        raise DomainError("proposal_in_vote", "Voting on this proposal has started.")
    return workshop, proposal


def edit(participant: Participant, proposal_id: int, *, title: object = None,
         body: object = None, field: object = ...) -> Proposal:
    """Change title, rationale and/or field; arguments left out (None / ...) stay as they are."""
    workshop = participant.workshop
    new_title = None if title is None else _clean(title, "title", max_length=TITLE_MAX)
    new_body = None if body is None else _clean(body, "body", max_length=BODY_MAX,
                                                 required=False, multiline=True)
    new_field = ... if field is ... else _field_id(workshop, field)
    with tx.write() as uow:
        locked, proposal = _lock_own(participant, proposal_id)
        if new_title is not None:
            proposal.title = new_title
        if new_body is not None:
            proposal.body = new_body
        if new_field is not ...:
            proposal.field_id = new_field
        uow.publish(events.proposal_changed, workshop_id=locked.id,
                    proposal=snapshots.proposal_payload(proposal), version=locked.bump())
    return db.session.get(Proposal, proposal_id)


def withdraw(participant: Participant, proposal_id: int) -> Proposal:
    with tx.write() as uow:
        locked, proposal = _lock_own(participant, proposal_id)
        proposal.move_to(ProposalState.WITHDRAWN)
        uow.publish(events.proposal_changed, workshop_id=locked.id,
                    proposal=snapshots.proposal_payload(proposal), version=locked.bump())
    return db.session.get(Proposal, proposal_id)


def similar(workshop: Workshop, text: object, *, limit: int = 3,
            exclude: int | None = None) -> list[tuple[Proposal, float]]:
    """Up to ``limit`` published proposals that look like ``text`` (a hint while typing)."""
    if not isinstance(text, str) or len(text) > 2 * TITLE_MAX + BODY_MAX:
        return []
    published = {p.id: p for p in db.session.scalars(
        db.select(Proposal).filter_by(workshop_id=workshop.id,
                                      state=ProposalState.PUBLISHED.value))
        if p.id != exclude}
    matches = find_similar(text, ((p.id, p.title) for p in published.values()), limit=limit)
    return [(published[proposal_id], score) for proposal_id, score in matches]


def editable_ids(participant: Participant) -> set[int]:
    """Which of the participant's proposals they may still edit or withdraw (for the page)."""
    own = db.session.scalars(db.select(Proposal.id).where(
        Proposal.participant_id == participant.id, Proposal.state.in_(EDITABLE))).all()
    started = set(db.session.scalars(
        db.select(RoundItem.proposal_id).join(VotingRound, VotingRound.id == RoundItem.round_id)
        .where(RoundItem.proposal_id.in_(own), VotingRound.state != RoundState.DRAFT.value)))
    return set(own) - started
