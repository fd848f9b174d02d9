"""What the room sees: phase (optionally focused on one field), timer, spotlight, screen theme.

Every change bumps the workshop's version and is audited; the event goes out after commit.
"""
from __future__ import annotations

from datetime import timedelta

from .. import events
from ..domain import values
from ..domain.errors import DomainError
from ..domain.phases import Phase, ProposalState, next_phase
from ..extensions import db
from ..models import FieldOfAction, Proposal, Workshop
from ..models.base import utcnow
from ..models.workshop import SCREEN_THEMES
from .plumbing import audit, locking, tx
from .plumbing.audit import Actor

TIMER_MAX_SECONDS = 4 * 3600
TIMER_ACTIONS = ("start", "extend", "stop")


def _field_of(workshop: Workshop, field_id: int | None) -> int | None:
    field_id = values.row_id(field_id, "field")
    if field_id is None:
        return None
    found = db.session.scalar(db.select(FieldOfAction.id).filter_by(
        id=field_id, process_id=workshop.process_id))
    if found is None:
        raise DomainError("invalid_choice", "unknown field of action", field="field")
    return found


def change_phase(actor: Actor, workshop_id: int, phase: str | None, *,
                 field_id: int | None = None) -> Workshop:
    """Switch the room's phase; ``phase=None`` means "the next one" (keyboard shortcut)."""
    with tx.write() as uow:
        target = locking.lock_workshop(workshop_id)
        if phase is None:
            phase = (next_phase(target.phase) or Phase.RESULTS).value
        try:
            wanted = Phase(phase)
        except ValueError:
            raise DomainError("invalid_choice", "unknown phase", field="phase") from None
        before = {"phase": target.phase, "field": target.focus_field_id}
        target.change_phase(wanted, _field_of(target, field_id))
        audit.record(actor, "workshop.phase", target, workshop_id=target.id,
                     process_id=target.process_id, before=before,
                     after={"phase": target.phase, "field": target.focus_field_id})
        uow.publish(events.phase_changed, workshop_id=target.id, phase=target.phase,
                    field=target.focus_field_id, version=target.version)
    return target


def timer(actor: Actor, workshop_id: int, action: str, seconds: int | None = None) -> Workshop:
    """start: count down ``seconds`` from now; extend: add ``seconds``; stop: clear."""
    if action not in TIMER_ACTIONS:
        raise DomainError("invalid_choice", "unknown timer action", field="action")
    if action != "stop" and (not isinstance(seconds, int) or isinstance(seconds, bool)
                             or not 1 <= seconds <= TIMER_MAX_SECONDS):
        raise DomainError("invalid_timer", "timer seconds out of range", field="seconds",
                          max_minutes=TIMER_MAX_SECONDS // 60)
    with tx.write() as uow:
        target = locking.lock_workshop(workshop_id)
        now = utcnow()
        before = target.timer_ends_at
        if action == "stop":
            target.timer_ends_at = None
        elif action == "extend" and target.timer_ends_at and target.timer_ends_at > now:
            target.timer_ends_at = target.timer_ends_at + timedelta(seconds=seconds)
        else:  # start, or extend of a timer that already ran out
            target.timer_ends_at = now + timedelta(seconds=seconds)
        ends = target.timer_ends_at.isoformat() if target.timer_ends_at else None
        uow.record(actor, f"workshop.timer_{action}", target, target,
                   before={"timer_ends_at": before.isoformat() if before else None},
                   after={"timer_ends_at": ends}, event=events.workshop_changed, timer_ends_at=ends)
    return target


def spotlight(actor: Actor, workshop_id: int, proposal_id: int | None) -> Workshop:
    """Put one published proposal on the screen, or clear the spotlight (``None``)."""
    proposal_id = values.row_id(proposal_id, "proposal")
    with tx.write() as uow:
        target = locking.lock_workshop(workshop_id)
        if proposal_id is not None:
            proposal = db.session.get(Proposal, proposal_id)
            if proposal is None or proposal.workshop_id != target.id \
                    or proposal.state != ProposalState.PUBLISHED.value:
                raise DomainError("invalid_choice", "no such published proposal", field="proposal")
        before = target.spotlight_proposal_id
        target.spotlight_proposal_id = proposal_id
        uow.record(actor, "workshop.spotlight", target, target, before={"spotlight": before},
                   after={"spotlight": proposal_id}, event=events.workshop_changed, spotlight=proposal_id)
    return target


def update_settings(actor: Actor, workshop_id: int, *, premoderation: bool | None = None,
                    theme: str | None = None) -> Workshop:
    """Room settings the moderator may change live: pre-moderation and the screen theme."""
    if theme is not None and theme not in SCREEN_THEMES:
        raise DomainError("invalid_choice", "unknown theme", field="theme")
    if premoderation is not None and not isinstance(premoderation, bool):
        raise DomainError("invalid_choice", "premoderation must be true or false",
                          field="premoderation")
    with tx.write() as uow:
        target = locking.lock_workshop(workshop_id)
        before = {"premoderation": target.premoderation, "theme": target.screen_theme}
        if premoderation is not None:
            target.premoderation = premoderation
        if theme is not None:
            target.screen_theme = theme
        after = {"premoderation": target.premoderation, "theme": target.screen_theme}
        if after != before:
            uow.record(actor, "workshop.settings", target, target, before=before, after=after,
                       event=events.workshop_changed, **after)
    return target
