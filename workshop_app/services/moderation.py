"""Moderating proposals: publish, hide, edit, assign a field, add as moderator, merge, and
approve or reject a participant's pending edit of a published proposal (pre-moderation).

Every action is audited inside its transaction; an edit keeps the original wording in the audit
record's ``before``, and a rejected edit its wording, so nothing a participant wrote is ever lost.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain.errors import DomainError
from ..domain.kinds import AuthorKind
from ..domain.phases import ProposalState
from ..domain.text import clean_text
from ..domain.values import optional_int
from ..extensions import db
from ..models import FieldOfAction, Proposal, Workshop
from ..models.proposal import BODY_MAX, TITLE_MAX
from . import proposals
from .plumbing import locking, tx
from .plumbing.audit import Actor
from .read_models import snapshots


def proposal_in(workshop_id: int, proposal_id: int) -> Proposal:
    """The proposal, if it belongs to this workshop (``invalid_choice`` otherwise)."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.workshop_id != workshop_id:
        raise DomainError("invalid_choice", "no such proposal in this workshop", field="proposal")
    return proposal


def _field_id(workshop: Workshop, field_id: Any) -> int | None:
    if field_id in (None, ""):
        return None
    field_id = optional_int(field_id, "field")
    if db.session.scalar(
            db.select(FieldOfAction.id).filter_by(id=field_id, process_id=workshop.process_id)) is None:
        raise DomainError("invalid_choice", "unknown field of action", field="field")
    return field_id


def proposal_event(proposal: Proposal, *, staff_only: bool = False) -> dict[str, Any]:
    """The ``event`` and payload of ``uow.record`` for a changed proposal."""
    return {"event": events.proposal_changed, "staff_only": staff_only,
            "proposal": snapshots.staff_proposal_payload(proposal)}


def publish_event(uow, workshop: Workshop, proposal: Proposal, *, staff_only: bool = False) -> None:
    """The same event on its own, after the version was bumped (e.g. one per merged proposal)."""
    uow.publish(events.proposal_changed, workshop_id=workshop.id, staff_only=staff_only,
                proposal=snapshots.staff_proposal_payload(proposal), version=workshop.version)


def _change_state(actor: Actor, workshop_id: int, proposal_id: int, target_state: ProposalState,
                  action: str) -> Proposal:
    with tx.write() as uow:
        workshop = locking.lock_workshop(workshop_id)
        target = proposal_in(workshop.id, proposal_id)
        before = target.state
        target.move_to(target_state)
        if workshop.spotlight_proposal_id == target.id and target_state is not ProposalState.PUBLISHED:
            workshop.spotlight_proposal_id = None
        uow.record(actor, action, target, workshop, before={"state": before},
                   after={"state": target.state}, **proposal_event(target))
    return target


def publish(actor: Actor, workshop_id: int, proposal_id: int) -> Proposal:
    """Publish a pending proposal, or bring a hidden one back (unhide)."""
    return _change_state(actor, workshop_id, proposal_id, ProposalState.PUBLISHED, "proposal.publish")


def hide(actor: Actor, workshop_id: int, proposal_id: int) -> Proposal:
    return _change_state(actor, workshop_id, proposal_id, ProposalState.HIDDEN, "proposal.hide")


def edit(actor: Actor, workshop_id: int, proposal_id: int, *, title: Any = None, body: Any = None,
         field: Any = ...) -> Proposal:
    """Change wording and/or field; ``field=...`` leaves the field alone, ``None`` clears it."""
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = clean_text(title, max_length=TITLE_MAX)
    if body is not None:
        changes["body"] = clean_text(body, max_length=BODY_MAX, required=False, multiline=True)
    with tx.write() as uow:
        workshop = locking.lock_workshop(workshop_id)
        target = proposal_in(workshop.id, proposal_id)
        if field is not ...:
            changes["field_id"] = _field_id(workshop, field)
        before = {key: getattr(target, key) for key in changes}
        changed = {key: value for key, value in changes.items() if before[key] != value}
        if changed:
            for key, value in changed.items():
                setattr(target, key, value)
            uow.record(actor, "proposal.edit", target, workshop,
                       before={k: before[k] for k in changed}, after=changed, **proposal_event(target))
    return target


def add(actor: Actor, workshop_id: int, *, title: Any, body: Any = "", field: Any = None,
        from_paper: bool = False, table_id: int | None = None) -> Proposal:
    """A proposal written by the moderator (e.g. from a paper card); published at once.
    ``table_id``: the table it was written at (a facilitator's card: services.facilitator)."""
    title = clean_text(title, max_length=TITLE_MAX)
    body = clean_text(body or "", max_length=BODY_MAX, required=False, multiline=True)
    with tx.write() as uow:
        target_workshop = locking.lock_workshop(workshop_id)
        proposal = Proposal(workshop_id=target_workshop.id, title=title, body=body,
                            field_id=_field_id(target_workshop, field),
                            author_kind=(AuthorKind.PAPER if from_paper else AuthorKind.MODERATOR).value,
                            table_id=table_id, state=ProposalState.PENDING.value)
        proposal.move_to(ProposalState.PUBLISHED)
        db.session.add(proposal)
        db.session.flush()  # the event's snapshot needs the new proposal's id and number
        uow.record(actor, "proposal.add", proposal, target_workshop,
                   after={"title": title, "field": proposal.field_id, "author": proposal.author_kind},
                   **proposal_event(proposal))
    return proposal


def _pending_in(workshop: Workshop, proposal_id: int) -> Proposal:
    target = proposal_in(workshop.id, proposal_id)
    if not target.has_pending_edit:
        raise DomainError("no_pending_edit", "this proposal has no change waiting for approval")
    return target


def approve_edit(actor: Actor, workshop_id: int, proposal_id: int) -> Proposal:
    """Apply a participant's pending edit: the room sees the new wording from now on."""
    with tx.write() as uow:
        workshop = locking.lock_workshop(workshop_id)
        target = _pending_in(workshop, proposal_id)
        if target.state in (ProposalState.MERGED.value, ProposalState.WITHDRAWN.value):
            raise DomainError("proposal_not_editable", "the proposal can no longer be changed")
        if proposals.in_vote(target.id):  # people voted on the approved wording
            raise DomainError("proposal_in_vote", "voting on this proposal has started")
        before = {"title": target.title, "body": target.body, "field_id": target.field_id}
        after = {"title": target.pending_title, "body": target.pending_body or "",
                 "field_id": target.pending_field_id}
        target.title, target.body, target.field_id = after["title"], after["body"], after["field_id"]
        target.clear_pending_edit()
        uow.record(actor, "proposal.approve_edit", target, workshop, before=before, after=after,
                   **proposal_event(target))
    return target


def reject_edit(actor: Actor, workshop_id: int, proposal_id: int) -> Proposal:
    """Discard a pending edit; the approved wording stays, the rejected one is kept in the audit."""
    with tx.write() as uow:
        workshop = locking.lock_workshop(workshop_id)
        target = _pending_in(workshop, proposal_id)
        rejected = {"title": target.pending_title, "body": target.pending_body,
                    "field_id": target.pending_field_id,
                    "since": target.pending_since.isoformat()}
        target.clear_pending_edit()
        # A new version for the consoles' order; the room's wording is unchanged (staff only).
        uow.record(actor, "proposal.reject_edit", target, workshop, before=rejected,
                   after={"title": target.title, "body": target.body, "field_id": target.field_id},
                   **proposal_event(target, staff_only=True))
    return target
