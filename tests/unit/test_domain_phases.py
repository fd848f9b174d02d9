"""Life cycles of workshops, phases, rounds and proposals."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.errors import InvalidTransition
from workshop_app.domain.phases import (
    PHASE_ORDER,
    ROUND_ACTIONS,
    Phase,
    ProposalState,
    RoundState,
    WorkshopState,
    allowed_round_actions,
    change_phase,
    check_round_transition,
    next_phase,
    previous_phase,
    transition_proposal,
    transition_state,
)

FAST = settings(max_examples=50, database=None, deadline=None)
W = WorkshopState
P = ProposalState

ALLOWED_STATES = {(W.DRAFT, W.OPEN), (W.OPEN, W.CLOSED), (W.CLOSED, W.OPEN),
                  (W.CLOSED, W.ARCHIVED), (W.DRAFT, W.ARCHIVED)}
ALLOWED_PROPOSALS = {
    (P.PENDING, P.PUBLISHED), (P.PENDING, P.HIDDEN), (P.PENDING, P.MERGED),
    (P.PENDING, P.WITHDRAWN), (P.PUBLISHED, P.HIDDEN), (P.PUBLISHED, P.MERGED),
    (P.PUBLISHED, P.WITHDRAWN), (P.HIDDEN, P.PUBLISHED), (P.HIDDEN, P.MERGED),
}


def test_enum_values_are_the_stored_strings() -> None:
    assert [s.value for s in WorkshopState] == ["draft", "open", "closed", "archived"]
    assert [p.value for p in Phase] == ["lobby", "collect", "vote", "results", "measures"]
    assert [r.value for r in RoundState] == ["draft", "open", "closed"]
    assert [p.value for p in ProposalState] == [
        "pending", "published", "hidden", "merged", "withdrawn"]


@pytest.mark.parametrize(("current", "target"), list(itertools.product(W, W)))
def test_workshop_state_matrix(current: W, target: W) -> None:
    if (current, target) in ALLOWED_STATES:
        assert transition_state(current, target) is target
    else:
        with pytest.raises(InvalidTransition) as caught:
            transition_state(current, target)
        assert caught.value.code == "invalid_state_transition"
        assert caught.value.params == {"current": current.value, "target": target.value}


def test_workshop_state_accepts_stored_strings_and_rejects_unknown() -> None:
    assert transition_state("draft", "open") is W.OPEN
    with pytest.raises(ValueError):
        transition_state("draft", "running")


def test_phase_order_and_neighbours() -> None:
    assert PHASE_ORDER == (Phase.LOBBY, Phase.COLLECT, Phase.VOTE, Phase.RESULTS, Phase.MEASURES)
    assert [next_phase(p) for p in PHASE_ORDER] == [Phase.COLLECT, Phase.VOTE, Phase.RESULTS,
                                                    Phase.MEASURES, None]
    assert [previous_phase(p) for p in PHASE_ORDER] == [None, Phase.LOBBY, Phase.COLLECT,
                                                        Phase.VOTE, Phase.RESULTS]
    assert next_phase("vote") is Phase.RESULTS


@FAST
@given(st.sampled_from(PHASE_ORDER))
def test_next_and_previous_are_inverse(phase: Phase) -> None:
    after = next_phase(phase)
    if after is not None:
        assert previous_phase(after) is phase
    before = previous_phase(phase)
    if before is not None:
        assert next_phase(before) is phase


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Phase, Phase)))
def test_any_phase_change_is_allowed_while_open(current: Phase, target: Phase) -> None:
    assert change_phase(W.OPEN, current, target) is target


@pytest.mark.parametrize("state", [W.DRAFT, W.CLOSED, W.ARCHIVED])
def test_phase_change_needs_an_open_workshop(state: W) -> None:
    with pytest.raises(InvalidTransition) as caught:
        change_phase(state, Phase.LOBBY, Phase.COLLECT)
    assert caught.value.code == "workshop_not_open"
    assert caught.value.params == {"state": state.value}


def test_phase_change_rejects_unknown_phases() -> None:
    with pytest.raises(ValueError):
        change_phase("open", "lobby", "party")
    with pytest.raises(ValueError):
        change_phase("open", "party", "lobby")


R = RoundState
ROUND_EXPECTED = {
    # (state, action, published): resulting state or error code
    (R.DRAFT, "open", False): R.OPEN,
    (R.OPEN, "open", False): "round_not_draft",
    (R.CLOSED, "open", False): "round_not_draft",
    (R.DRAFT, "close", False): "round_not_open",
    (R.OPEN, "close", False): R.CLOSED,
    (R.CLOSED, "close", False): "round_not_open",
    (R.DRAFT, "reset", False): R.DRAFT,
    (R.OPEN, "reset", False): "round_open",
    (R.CLOSED, "reset", False): R.DRAFT,
    (R.CLOSED, "reset", True): "round_published",
    (R.OPEN, "reset", True): "round_open",
    (R.DRAFT, "publish", False): "round_not_closed",
    (R.OPEN, "publish", False): "round_not_closed",
    (R.CLOSED, "publish", False): R.CLOSED,
    (R.CLOSED, "publish", True): R.CLOSED,
}


@pytest.mark.parametrize(("state", "action", "published"), list(ROUND_EXPECTED))
def test_round_transitions(state: R, action: str, published: bool) -> None:
    expected = ROUND_EXPECTED[(state, action, published)]
    if isinstance(expected, RoundState):
        assert check_round_transition(state, action, published=published) is expected
    else:
        with pytest.raises(InvalidTransition) as caught:
            check_round_transition(state, action, published=published)
        assert caught.value.code == expected
        assert caught.value.params == {"state": state.value}


def test_round_actions_are_all_covered_and_unknown_action_is_a_bug() -> None:
    assert {action for _, action, _ in ROUND_EXPECTED} == set(ROUND_ACTIONS)
    with pytest.raises(ValueError, match="unknown round action"):
        check_round_transition(R.OPEN, "pause")
    assert check_round_transition("draft", "open") is R.OPEN


@pytest.mark.parametrize(("current", "target"), list(itertools.product(P, P)))
def test_proposal_state_matrix(current: P, target: P) -> None:
    if (current, target) in ALLOWED_PROPOSALS:
        assert transition_proposal(current, target) is target
    else:
        with pytest.raises(InvalidTransition) as caught:
            transition_proposal(current, target)
        assert caught.value.code == "invalid_proposal_transition"
        assert caught.value.params == {"current": current.value, "target": target.value}


@pytest.mark.parametrize("terminal", [P.MERGED, P.WITHDRAWN])
def test_merged_and_withdrawn_are_terminal(terminal: P) -> None:
    for target in P:
        with pytest.raises(InvalidTransition):
            transition_proposal(terminal, target)


@pytest.mark.parametrize("state", list(RoundState))
@pytest.mark.parametrize("published", [False, True])
def test_offered_round_actions_are_accepted_and_change_something(state, published) -> None:
    offered = allowed_round_actions(state, published=published)
    for action in offered:
        after = check_round_transition(state, action, published=published)
        assert after is not state or (action == "publish" and not published)
    assert "reset" not in offered or state is RoundState.CLOSED
    assert offered <= set(ROUND_ACTIONS)


def test_offered_round_actions() -> None:
    assert allowed_round_actions("draft") == {"open"}
    assert allowed_round_actions("open") == {"close"}
    assert allowed_round_actions("closed") == {"publish", "reset"}
    assert allowed_round_actions("closed", published=True) == set()
