"""The domain's fixed vocabularies (StrEnums) are what the models store and the templates compare.

A member is its stored code (``RoundState.OPEN == "open"``), so rows read back as plain strings
and JSON payloads compare equal to the members; the check constraints allow exactly the members;
and the yes/no rules the pages ask (``may_become``, ``takes_paper_votes``) agree with the
transitions the services enforce.
"""

from __future__ import annotations

import itertools
import re
from types import SimpleNamespace

import pytest

from workshop_app.domain.ballots import PAPER_METHODS, Method, RoundColumns
from workshop_app.domain.errors import InvalidTransition
from workshop_app.domain.feasibility import RoundPurpose
from workshop_app.domain.joincodes import JoinMode
from workshop_app.domain.kinds import Audience, AuthorKind, ScreenMode, ScreenTheme
from workshop_app.domain.measures import ProposalKind
from workshop_app.domain.oparl import PaperKind, Verification
from workshop_app.domain.phases import (
    ProposalState,
    RoundState,
    WorkshopState,
    may_transition_proposal,
    may_transition_state,
    transition_proposal,
    transition_state,
)
from workshop_app.domain.responsible import ReminderKind, ReminderState

ENUMS = (Audience, AuthorKind, JoinMode, Method, PaperKind, ProposalKind, ProposalState,
         ReminderKind, ReminderState, RoundPurpose, RoundState, ScreenMode, ScreenTheme,
         Verification, WorkshopState)


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_a_member_is_its_stored_code(enum):
    for member in enum:
        assert member == member.value and str(member) == member.value and f"{member}" == member.value


def _allowed(model, column: str) -> set[str]:
    """The values the model's check constraint ``<column> IN (...)`` admits."""
    for constraint in model.__table__.constraints:
        text = str(getattr(constraint, "sqltext", ""))
        if text.startswith(f"{column} IN ("):
            return set(re.findall(r"'([^']*)'", text))
    raise AssertionError(f"no check constraint on {model.__name__}.{column}")


def test_check_constraints_admit_exactly_the_members():
    from workshop_app.models import CouncilPaper, Proposal, ReminderLog, VotingRound, Workshop

    expected = {
        (Workshop, "state"): WorkshopState, (Workshop, "join_mode"): JoinMode,
        (Workshop, "screen_theme"): ScreenTheme, (Proposal, "state"): ProposalState,
        (Proposal, "kind"): ProposalKind, (Proposal, "author_kind"): AuthorKind,
        (VotingRound, "state"): RoundState, (VotingRound, "method"): Method,
        (VotingRound, "item_kind"): ProposalKind, (VotingRound, "purpose"): RoundPurpose,
        (ReminderLog, "kind"): ReminderKind, (ReminderLog, "state"): ReminderState,
        (CouncilPaper, "state"): Verification, (CouncilPaper, "kind"): PaperKind,
    }
    for (model, column), enum in expected.items():
        assert _allowed(model, column) == {m.value for m in enum}, (model.__name__, column)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(WorkshopState, WorkshopState)))
def test_workshop_buttons_follow_the_transitions(current, target):
    try:
        transition_state(current, target)
        allowed = True
    except InvalidTransition:
        allowed = False
    assert may_transition_state(current, target) is allowed
    assert may_transition_state(current.value, target.value) is allowed


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ProposalState, ProposalState)))
def test_proposal_buttons_follow_the_transitions(current, target):
    try:
        transition_proposal(current, target)
        allowed = True
    except InvalidTransition:
        allowed = False
    assert may_transition_proposal(current.value, target) is allowed


@pytest.mark.parametrize(("state", "method"), list(itertools.product(RoundState, Method)))
def test_paper_votes_once_opened_for_dots_and_approval(state, method):
    row = type("Row", (RoundColumns,), {})()  # a plain subclass has a __dict__ for the columns
    row.state, row.method = state.value, method.value  # as read back from the database
    expected = state is not RoundState.DRAFT and method in (Method.DOTS, Method.APPROVAL)
    assert row.takes_paper_votes is expected
    assert {Method.DOTS, Method.APPROVAL} == PAPER_METHODS


def test_open_round_from_a_stored_string():
    row = type("Row", (RoundColumns,), {})()
    row.state = "open"
    assert row.is_open
    row.state = RoundState.CLOSED.value
    assert not row.is_open


def test_members_match_plain_dicts_from_payloads():
    """Pages compare pushed JSON (plain strings) with members, e.g. ``p.state == ProposalState.PENDING``."""
    payload = SimpleNamespace(state="pending", kind="measure", method="ranking")
    assert payload.state == ProposalState.PENDING
    assert payload.kind == ProposalKind.MEASURE
    assert payload.method in (Method.RATING, Method.RANKING)
    assert {"published": 1}.get(ProposalState.PUBLISHED) == 1  # a member finds a string key
