"""The console's one-action steps: "Start voting" and "Close" (optionally showing the results).

Each is one transaction over the round and the room: the round opens (or closes) and the phase
changes together, so screens and phones never see one without the other; both changes are
audited, and their events go out after the commit, carrying the final state. The separate round
and phase actions (services.rounds, services.room) stay for experts; these compose them in the
lock order of services.plumbing.locking (the round first, then the workshop).
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain.errors import DomainError
from ..domain.phases import Phase
from ..models import VotingRound, Workshop
from . import room, rounds
from .plumbing import locking, tx
from .plumbing.audit import Actor


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise DomainError("invalid_choice", f"{field} must be true or false", field=field)
    return value


def start_voting(actor: Actor, round_id: int) -> VotingRound:
    """Open a prepared round and switch the room to voting (focused on the round's field)."""
    with tx.write():
        opened = rounds.open_round(actor, round_id)
        room.change_phase(actor, opened.workshop_id, Phase.VOTE.value, field_id=opened.field_id)
    return opened


def close_voting(actor: Actor, round_id: int, *, show_results: Any = None,
                 remember: bool = False) -> VotingRound:
    """Close the open round; with ``show_results`` the room switches to its results at once.
    ``None`` uses the workshop's remembered choice; ``remember`` stores the given one."""
    if show_results is not None:
        show_results = _flag(show_results, "show_results")
    with tx.write() as uow:
        closed = rounds.close_round(actor, round_id)
        workshop = locking.lock_workshop(closed.workshop_id)
        if show_results is None:
            show_results = workshop.close_shows_results
        elif remember and workshop.close_shows_results != show_results:
            _remember(actor, workshop, show_results, uow)
        if show_results:
            room.change_phase(actor, workshop.id, Phase.RESULTS.value, field_id=workshop.focus_field_id)
    return closed


def _remember(actor: Actor, workshop: Workshop, show_results: bool, uow) -> None:
    before = workshop.close_shows_results
    workshop.close_shows_results = show_results
    uow.record(actor, "workshop.settings", workshop, workshop, before={"close_shows_results": before},
               after={"close_shows_results": show_results}, event=events.workshop_changed,
               close_shows_results=show_results)


def set_close_shows_results(actor: Actor, workshop: Workshop, value: Any) -> Workshop:
    """The remembered choice alone (API ``PATCH /workshops/{code}``)."""
    value = _flag(value, "close_shows_results")
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop.id)
        if locked.close_shows_results != value:
            _remember(actor, locked, value, uow)
    return locked
