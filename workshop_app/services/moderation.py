"""Moderating proposals: publish, hide, edit, assign a field, add as moderator, merge.

Every action is audited inside its transaction; an edit keeps the original wording in the audit
record's ``before``, so nothing a participant wrote is ever lost.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain.errors import DomainError
from ..domain.phases import ProposalState
from ..domain.text import clean_text
from ..extensions import db
from ..models import FieldOfAction, Proposal, Workshop
from ..models.proposal import BODY_MAX, TITLE_MAX
from . import audit, locking, snapshots, tx
from .audit import Actor


def _proposal_in(workshop_id: int, proposal_id: int) -> Proposal:
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.workshop_id != workshop_id:
        raise DomainError("invalid_choice", "no such proposal in this workshop", field="proposal")
    return proposal


def _field_id(workshop: Workshop, field_id: Any) -> int | None:
    if field_id in (None, ""):
        return None
    if isinstance(field_id, str) and field_id.isdigit():
        field_id = int(field_id)
    if not isinstance(field_id, int) or isinstance(field_id, bool) or db.session.scalar(
            db.select(FieldOfAction.id).filter_by(id=field_id, process_id=workshop.process_id)) is None:
        raise DomainError("invalid_choice", "unknown field of action", field="field")
    return field_id


def publish_event(uow, workshop: Workshop, proposal: Proposal) -> None:
    uow.publish(events.proposal_changed, workshop_id=workshop.id,
                proposal={**snapshots.proposal_payload(proposal), "merged_into": proposal.merged_into_id},
                version=workshop.version)


def _change_state(actor: Actor, proposal: Proposal, target_state: ProposalState,
                  action: str) -> Proposal:
    with tx.write() as uow:
        workshop = locking.lock_workshop(proposal.workshop_id)
        target = _proposal_in(workshop.id, proposal.id)
        before = target.state
        target.move_to(target_state)
        if workshop.spotlight_proposal_id == target.id and target_state is not ProposalState.PUBLISHED:
            workshop.spotlight_proposal_id = None
        workshop.bump()
        audit.record(actor, action, target, workshop_id=workshop.id, process_id=workshop.process_id,
                     before={"state": before}, after={"state": target.state})
        publish_event(uow, workshop, target)
    return target


def publish(actor: Actor, proposal: Proposal) -> Proposal:
    """Publish a pending proposal, or bring a hidden one back (unhide)."""
    return _change_state(actor, proposal, ProposalState.PUBLISHED, "proposal.publish")


def hide(actor: Actor, proposal: Proposal) -> Proposal:
    return _change_state(actor, proposal, ProposalState.HIDDEN, "proposal.hide")


def edit(actor: Actor, proposal: Proposal, *, title: Any = None, body: Any = None,
         field: Any = ...) -> Proposal:
    """Change wording and/or field; ``field=...`` leaves the field alone, ``None`` clears it."""
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = clean_text(title, max_length=TITLE_MAX)
    if body is not None:
        changes["body"] = clean_text(body, max_length=BODY_MAX, required=False, multiline=True)
    with tx.write() as uow:
        workshop = locking.lock_workshop(proposal.workshop_id)
        target = _proposal_in(workshop.id, proposal.id)
        if field is not ...:
            changes["field_id"] = _field_id(workshop, field)
        before = {key: getattr(target, key) for key in changes}
        changed = {key: value for key, value in changes.items() if before[key] != value}
        if changed:
            for key, value in changed.items():
                setattr(target, key, value)
            workshop.bump()
            audit.record(actor, "proposal.edit", target, workshop_id=workshop.id,
                         process_id=workshop.process_id,
                         before={k: before[k] for k in changed}, after=changed)
            publish_event(uow, workshop, target)
    return target


def add(actor: Actor, workshop: Workshop, *, title: Any, body: Any = "", field: Any = None,
        from_paper: bool = False) -> Proposal:
    """A proposal written by the moderator (e.g. from a paper card); published at once."""
    title = clean_text(title, max_length=TITLE_MAX)
    body = clean_text(body or "", max_length=BODY_MAX, required=False, multiline=True)
    with tx.write() as uow:
        target_workshop = locking.lock_workshop(workshop.id)
        proposal = Proposal(workshop_id=target_workshop.id, title=title, body=body,
                            field_id=_field_id(target_workshop, field),
                            author_kind="paper" if from_paper else "moderator",
                            state=ProposalState.PENDING.value)
        proposal.move_to(ProposalState.PUBLISHED)
        db.session.add(proposal)
        target_workshop.bump()
        audit.record(actor, "proposal.add", proposal, workshop_id=target_workshop.id,
                     process_id=target_workshop.process_id,
                     after={"title": title, "field": proposal.field_id, "author": proposal.author_kind})
        publish_event(uow, target_workshop, proposal)
    return proposal
