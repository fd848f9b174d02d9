"""Proposals from the participant's side: submit, edit or withdraw one's own, find similar ones.

A participant may change their proposal until a voting round that contains it has opened: from
then on people may have voted on its wording. Every change bumps the workshop's version and is
published after commit (one the room cannot see reaches moderators only; phones and screens hear
of its version alone, so that they never meet a gap).

Under pre-moderation an edit of a *published* proposal does not reach the room: the approved
wording stays visible and the new wording waits on the proposal as a pending edit until a
moderator approves or rejects it (``services.moderation``). Every edit is audited with the
wording before and after, so nothing a participant sent is lost.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain.errors import DomainError
from ..domain.kinds import AuthorKind
from ..domain.measures import ProposalKind
from ..domain.phases import Phase, ProposalState, RoundState, WorkshopState
from ..domain.similarity import MAX_CANDIDATES, find_similar
from ..domain.text import clean_field
from ..domain.values import optional_int
from ..extensions import db
from ..models import FieldOfAction, Participant, Proposal, RoundItem, VotingRound, Workshop
from ..models.base import utcnow
from ..models.proposal import BODY_MAX, TITLE_MAX
from . import table_seats
from .plumbing import audit, locking, tx
from .read_models import snapshots

#: Phases in which the room collects proposals (early arrivals may start writing in the lobby).
COLLECTING = frozenset({Phase.LOBBY.value, Phase.COLLECT.value})
EDITABLE = frozenset({ProposalState.PENDING.value, ProposalState.PUBLISHED.value})


def _field_id(workshop: Workshop, value: object) -> int | None:
    """A field of action of this workshop's process, or None when none was chosen."""
    if value in (None, ""):
        return None
    field = db.session.get(FieldOfAction, optional_int(value, "field"))
    if field is None or field.process_id != workshop.process_id:
        raise DomainError("invalid_choice", "Unknown field of action.", field="field")
    return field.id


def _check_collecting(workshop: Workshop) -> None:
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")
    if workshop.phase not in COLLECTING:
        raise DomainError("proposals_closed", "Proposals are not being collected right now.")


def submit(participant_id: int, workshop_id: int, *, title: object, body: object = None,
           field: object = None) -> Proposal:
    """A participant's proposal (published at once, or pending under pre-moderation)."""
    workshop = db.session.get(Workshop, workshop_id)
    clean_title = clean_field(title, "title", max_length=TITLE_MAX)
    clean_body = clean_field(body, "body", max_length=BODY_MAX, required=False, multiline=True)
    field_id = _field_id(workshop, field)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop.id)
        _check_collecting(locked)
        state = ProposalState.PENDING if locked.premoderation else ProposalState.PUBLISHED
        table_id, table_field = table_seats.seat_of(participant_id)  # written at a table: its field
        proposal = Proposal(workshop_id=locked.id, participant_id=participant_id,
                            field_id=table_field or field_id, table_id=table_id,
                            author_kind=AuthorKind.PARTICIPANT.value, title=clean_title, body=clean_body,
                            state=ProposalState.PENDING.value)
        if state is ProposalState.PUBLISHED:
            proposal.move_to(ProposalState.PUBLISHED)
        proposal_id = store_new(uow, locked, proposal)
    return db.session.get(Proposal, proposal_id)


def store_new(uow: tx.UnitOfWork, locked: Workshop, proposal: Proposal) -> int:
    """Store a participant's new card (goal or measure) in the room whose row ``locked`` is, and
    tell the staff (they see pending cards too); the phones learn of it once it is published."""
    db.session.add(proposal)
    db.session.flush()
    uow.publish(events.proposal_changed, workshop_id=locked.id,
                proposal=snapshots.staff_proposal_payload(proposal), version=locked.bump())
    return proposal.id


def own_proposal(participant_id: int, proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.participant_id != participant_id:
        raise DomainError("proposal_not_found", "No such proposal of yours.")
    return proposal


def in_vote(proposal_id: int) -> bool:
    """Whether a round containing the proposal has opened (people may have voted on it)."""
    return db.session.scalar(
        db.select(RoundItem.round_id).join(VotingRound, VotingRound.id == RoundItem.round_id)
        .where(RoundItem.proposal_id == proposal_id,
               VotingRound.state != RoundState.DRAFT.value).limit(1)) is not None


def _lock_own(participant_id: int, workshop_id: int, proposal_id: int) -> tuple[Workshop, Proposal]:
    workshop = locking.lock_workshop(workshop_id)
    proposal = own_proposal(participant_id, proposal_id)
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")
    if proposal.state not in EDITABLE:
        raise DomainError("proposal_not_editable", "This proposal can no longer be changed.")
    if in_vote(proposal.id):
        raise DomainError("proposal_in_vote", "Voting on this proposal has started.")
    return workshop, proposal


def participant_actor(participant_id: int) -> audit.Actor:
    """How a participant appears in the audit log: by number, never by name or address."""
    return audit.Actor(label=f"participant #{participant_id}", via="participant")


def _wording(proposal: Proposal, *, pending: bool = False) -> dict[str, Any]:
    if pending:
        return {"title": proposal.pending_title, "body": proposal.pending_body,
                "field_id": proposal.pending_field_id}
    return {"title": proposal.title, "body": proposal.body, "field_id": proposal.field_id}


def edit(participant_id: int, workshop_id: int, proposal_id: int, *, title: object = None,
         body: object = None, field: object = ...) -> Proposal:
    """Change title, rationale and/or field; arguments left out (None / ...) stay as they are.

    Under pre-moderation the change of a published proposal becomes a pending edit (the room
    keeps the approved wording; only the moderators hear of it); otherwise it applies at once.
    """
    workshop = db.session.get(Workshop, workshop_id)
    new_title = None if title is None else clean_field(title, "title", max_length=TITLE_MAX)
    new_body = None if body is None else clean_field(body, "body", max_length=BODY_MAX,
                                                 required=False, multiline=True)
    new_field = ... if field is ... else _field_id(workshop, field)
    with tx.write() as uow:
        locked, proposal = _lock_own(participant_id, workshop_id, proposal_id)
        queued = locked.premoderation and proposal.state == ProposalState.PUBLISHED.value
        # The author's latest intent: a further edit builds on the wording still waiting.
        base = _wording(proposal, pending=proposal.has_pending_edit)
        wanted = {"title": base["title"] if new_title is None else new_title,
                  "body": base["body"] if new_body is None else new_body,
                  "field_id": base["field_id"] if new_field is ... or proposal.kind == ProposalKind.MEASURE
                  else new_field}  # a measure keeps its goal's field (services.measures)
        current = _wording(proposal)
        if queued:
            if wanted == current:  # back to the approved wording: nothing left to approve
                before = _wording(proposal, pending=True) if proposal.has_pending_edit else None
                proposal.clear_pending_edit()
            else:
                before = current
                proposal.pending_title, proposal.pending_body = wanted["title"], wanted["body"]
                proposal.pending_field_id, proposal.pending_since = wanted["field_id"], utcnow()
            if before is not None or proposal.has_pending_edit:
                # The room's wording is unchanged: moderators only. It still takes a version of
                # its own (consoles drop a second event of a proposal at one version); the room
                # hears of the bump as a bare version (live.proposal_events).
                uow.record(participant_actor(participant_id), "proposal.edit_submitted", proposal, locked,
                           before=before, after=wanted, event=events.proposal_changed, staff_only=True,
                           proposal=snapshots.staff_proposal_payload(proposal))
        else:
            changed = {key: value for key, value in wanted.items() if current[key] != value}
            had_pending = proposal.has_pending_edit
            proposal.clear_pending_edit()  # superseded by the author's own, visible change
            for key, value in changed.items():
                setattr(proposal, key, value)
            if changed or had_pending:
                visible = proposal.state == ProposalState.PUBLISHED.value
                # Only a published proposal's wording is the room's; a pending one is staff's
                # (a version of its own all the same, as above).
                uow.record(participant_actor(participant_id), "proposal.participant_edit", proposal, locked,
                           before={k: current[k] for k in changed}, after=changed,
                           event=events.proposal_changed, staff_only=not visible,
                           proposal=snapshots.staff_proposal_payload(proposal))
    return db.session.get(Proposal, proposal_id)


def withdraw(participant_id: int, workshop_id: int, proposal_id: int) -> Proposal:
    with tx.write() as uow:
        locked, proposal = _lock_own(participant_id, workshop_id, proposal_id)
        proposal.move_to(ProposalState.WITHDRAWN)
        proposal.clear_pending_edit()
        uow.publish(events.proposal_changed, workshop_id=locked.id,
                    proposal=snapshots.staff_proposal_payload(proposal), version=locked.bump())
    return db.session.get(Proposal, proposal_id)


def similar(workshop: Workshop, text: object, *, limit: int = 3,
            exclude: int | None = None) -> list[tuple[Proposal, float]]:
    """Up to ``limit`` published proposals that look like ``text`` (a hint while typing).

    Bounded per lookup (the endpoint is also throttled): the query's start only, and the newest
    ``MAX_CANDIDATES`` published titles, read as plain columns; only the matches are loaded.
    """
    if not isinstance(text, str):
        return []
    titles = db.session.execute(db.select(Proposal.id, Proposal.title).filter_by(
        workshop_id=workshop.id, state=ProposalState.PUBLISHED.value, kind=ProposalKind.GOAL)
        .order_by(Proposal.id.desc()).limit(MAX_CANDIDATES + 1)).all()
    matches = find_similar(text, ((row.id, row.title) for row in titles if row.id != exclude), limit=limit)
    return [(db.session.get(Proposal, proposal_id), score) for proposal_id, score in matches]


def editable_ids(participant: Participant) -> set[int]:
    """Which of the participant's proposals they may still edit or withdraw (for the page)."""
    own = db.session.scalars(db.select(Proposal.id).where(
        Proposal.participant_id == participant.id, Proposal.state.in_(EDITABLE))).all()
    started = set(db.session.scalars(
        db.select(RoundItem.proposal_id).join(VotingRound, VotingRound.id == RoundItem.round_id)
        .where(RoundItem.proposal_id.in_(own), VotingRound.state != RoundState.DRAFT.value)))
    return set(own) - started
