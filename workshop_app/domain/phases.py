"""Life cycles: workshop state, live phase, voting round and proposal.

A workshop's *state* is its life (draft → open → closed → archived); its *phase* is what the room
sees while it is open. The two are kept apart so that a moderator can jump between phases freely
without ever reopening or archiving a workshop by accident. Each function only checks a change and
returns the new value; storing it (and auditing it) is the service's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from .errors import InvalidTransition

__all__ = [
    "PHASE_ORDER",
    "ROUND_ACTIONS",
    "Phase",
    "ProposalState",
    "RoundState",
    "WorkshopState",
    "allowed_round_actions",
    "change_phase",
    "check_round_transition",
    "may_transition_proposal",
    "may_transition_state",
    "next_phase",
    "previous_phase",
    "transition_proposal",
    "transition_state",
]


class WorkshopState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


_STATE_TRANSITIONS: Final[Mapping[WorkshopState, frozenset[WorkshopState]]] = {
    WorkshopState.DRAFT: frozenset({WorkshopState.OPEN, WorkshopState.ARCHIVED}),
    WorkshopState.OPEN: frozenset({WorkshopState.CLOSED}),
    # Reopening is allowed: a workshop closed too early must not be lost.
    WorkshopState.CLOSED: frozenset({WorkshopState.OPEN, WorkshopState.ARCHIVED}),
    WorkshopState.ARCHIVED: frozenset(),
}


def _move(current: StrEnum, target: StrEnum) -> dict[str, str]:
    """The facts of a refused move, for the error's params."""
    return {"current": current.value, "target": target.value}


def may_transition_state(current: WorkshopState | str, target: WorkshopState | str) -> bool:
    """Whether a workshop may move from ``current`` to ``target`` (the organizer's buttons)."""
    return WorkshopState(target) in _STATE_TRANSITIONS[WorkshopState(current)]


def transition_state(current: WorkshopState | str, target: WorkshopState | str) -> WorkshopState:
    """Return ``target`` if a workshop may move there from ``current``.

    Staying in the same state is not a transition and is refused, so that a double click on
    "close" is reported rather than audited twice.
    """
    current, target = WorkshopState(current), WorkshopState(target)
    if target not in _STATE_TRANSITIONS[current]:
        raise InvalidTransition("invalid_state_transition", f"A workshop cannot go from {current} to {target}.",
                                **_move(current, target))
    return target


class Phase(StrEnum):
    LOBBY = "lobby"
    COLLECT = "collect"
    VOTE = "vote"
    RESULTS = "results"
    MEASURES = "measures"  # measures proposed under the goal proposals the moderator chose


#: The usual order of a workshop's phases; moderators may still jump anywhere.
PHASE_ORDER: Final[tuple[Phase, ...]] = (Phase.LOBBY, Phase.COLLECT, Phase.VOTE, Phase.RESULTS,
                                         Phase.MEASURES)


def next_phase(phase: Phase | str) -> Phase | None:
    """The phase after ``phase`` in :data:`PHASE_ORDER`, or ``None`` after the last one."""
    index = PHASE_ORDER.index(Phase(phase))
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


def previous_phase(phase: Phase | str) -> Phase | None:
    """The phase before ``phase`` in :data:`PHASE_ORDER`, or ``None`` before the first one."""
    index = PHASE_ORDER.index(Phase(phase))
    return PHASE_ORDER[index - 1] if index > 0 else None


def change_phase(state: WorkshopState | str, current: Phase | str, target: Phase | str) -> Phase:
    """Return ``target`` if the room may be switched to it.

    Only an open workshop has a live phase. Any phase may follow any other (moderators go back to
    collecting after a vote), and choosing the current phase again is a harmless no-op, because the
    moderator may only be changing the focused field of action.
    """
    state, target = WorkshopState(state), Phase(target)
    Phase(current)  # reject unknown values early, like the other arguments
    if state is not WorkshopState.OPEN:
        raise InvalidTransition(
            "workshop_not_open",
            "The phase can only change while the workshop is open.",
            state=state.value,
        )
    return target


class RoundState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


#: The actions :func:`check_round_transition` understands.
ROUND_ACTIONS: Final[tuple[str, ...]] = ("open", "close", "reset", "publish")


def check_round_transition(
    current: RoundState | str, action: str, *, published: bool = False
) -> RoundState:
    """Return the round state after ``action``, or raise :class:`InvalidTransition`.

    - ``open``: draft → open. A closed round is not reopened; votes cast after results were shown
      would be influenced by them. Reset it or create a new round instead.
    - ``close``: open → closed.
    - ``reset``: closed or draft → draft (the service deletes the votes). Never while open, because
      phones are writing ballots, and never once results are ``published``: a published result is
      a public record.
    - ``publish``: only a closed round; publishing again is a no-op.

    An unknown ``action`` is a programming error and raises ``ValueError``.
    """
    current = RoundState(current)
    if action == "open":
        if current is not RoundState.DRAFT:
            raise InvalidTransition(
                "round_not_draft", "Only a round in preparation can be opened.", state=current.value
            )
        return RoundState.OPEN
    if action == "close":
        if current is not RoundState.OPEN:
            raise InvalidTransition(
                "round_not_open", "Only an open round can be closed.", state=current.value
            )
        return RoundState.CLOSED
    if action == "reset":
        if current is RoundState.OPEN:
            raise InvalidTransition(
                "round_open", "Close the round before resetting it.", state=current.value
            )
        if published:
            raise InvalidTransition(
                "round_published",
                "A round whose results were published cannot be reset.",
                state=current.value,
            )
        return RoundState.DRAFT
    if action == "publish":
        if current is not RoundState.CLOSED:
            raise InvalidTransition(
                "round_not_closed", "Results can only be published after closing.",
                state=current.value,
            )
        return RoundState.CLOSED
    raise ValueError(f"unknown round action {action!r}; expected one of {ROUND_ACTIONS}")


def allowed_round_actions(current: RoundState | str, *, published: bool = False) -> frozenset[str]:
    """The actions the console offers for a round: those :func:`check_round_transition` accepts
    and that change something (resetting a draft, or publishing again, would be no-ops)."""
    current = RoundState(current)
    if current is RoundState.DRAFT:
        return frozenset({"open"})
    if current is RoundState.OPEN:
        return frozenset({"close"})
    return frozenset() if published else frozenset({"publish", "reset"})


class ProposalState(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    HIDDEN = "hidden"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


_PROPOSAL_TRANSITIONS: Final[Mapping[ProposalState, frozenset[ProposalState]]] = {
    ProposalState.PENDING: frozenset(
        {ProposalState.PUBLISHED, ProposalState.HIDDEN, ProposalState.MERGED,
         ProposalState.WITHDRAWN}
    ),
    ProposalState.PUBLISHED: frozenset(
        {ProposalState.HIDDEN, ProposalState.MERGED, ProposalState.WITHDRAWN}
    ),
    # A hidden proposal can be brought back or merged, but its author can no longer withdraw it:
    # it already left their hands.
    ProposalState.HIDDEN: frozenset({ProposalState.PUBLISHED, ProposalState.MERGED}),
    # Merged and withdrawn are terminal: their votes have moved or were given up.
    ProposalState.MERGED: frozenset(),
    ProposalState.WITHDRAWN: frozenset(),
}


def may_transition_proposal(current: ProposalState | str, target: ProposalState | str) -> bool:
    """Whether a proposal may move from ``current`` to ``target`` (the moderator's buttons)."""
    return ProposalState(target) in _PROPOSAL_TRANSITIONS[ProposalState(current)]


def transition_proposal(
    current: ProposalState | str, target: ProposalState | str
) -> ProposalState:
    """Return ``target`` if a proposal may move there from ``current`` (same state is refused)."""
    current, target = ProposalState(current), ProposalState(target)
    if target not in _PROPOSAL_TRANSITIONS[current]:
        raise InvalidTransition("invalid_proposal_transition", f"A proposal cannot go from {current} to {target}.",
                                **_move(current, target))
    return target
