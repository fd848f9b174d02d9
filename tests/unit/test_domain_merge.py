"""Merging proposals: votes carry over without ever growing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import RoundRules, validate_ballot
from workshop_app.domain.errors import DomainError
from workshop_app.domain.merge import RULE_DESCRIPTION, MergePreview, can_merge, merge_votes, preview_merge
from workshop_app.domain.phases import ProposalState

FAST = settings(max_examples=60, database=None, deadline=None)
DOTS = RoundRules.create("dots", budget=6, max_per_proposal=3)
APPROVAL = RoundRules.create("approval", budget=3)
RATING = RoundRules.create("rating")
MOTION = RoundRules.create("yes_no_abstain")
ELIGIBLE = frozenset({1, 2, 3, 4})


@pytest.mark.parametrize(
    ("rules", "votes", "expected"),
    [
        (DOTS, {1: 2, 2: 2, 4: 1}, {2: 3, 4: 1}),  # 4 capped at 3: one point lost
        (DOTS, {1: 1, 3: 1}, {2: 2}),  # sources 1 and 3 into empty target 2
        (DOTS, {2: 2, 4: 1}, {2: 2, 4: 1}),  # no source: unchanged
        (APPROVAL, {1: 1, 2: 1, 4: 1}, {2: 1, 4: 1}),
        (APPROVAL, {3: 1}, {2: 1}),
        (RATING, {1: 2, 2: 4, 3: 5}, {2: 5}),
        (RATING, {1: 2}, {2: 2}),
        (RATING, {}, {}),
    ],
)
def test_merge_votes(rules: RoundRules, votes: dict[int, int], expected: dict[int, int]) -> None:
    before = dict(votes)
    merged = merge_votes(rules, votes, {1, 3}, 2)
    assert merged == expected and list(merged) == sorted(merged)
    assert votes == before  # input untouched


def test_motions_cannot_be_merged() -> None:
    with pytest.raises(DomainError) as caught:
        merge_votes(MOTION, {1: 1}, [1], 2)
    assert caught.value.code == "merge_not_supported"
    with pytest.raises(DomainError):
        preview_merge(MOTION, [], [1], 2)


def test_a_proposal_cannot_be_merged_into_itself() -> None:
    with pytest.raises(DomainError) as caught:
        merge_votes(DOTS, {1: 1}, [1, 2], 2)
    assert (caught.value.code, caught.value.params) == ("merge_into_self", {})


def test_which_states_can_be_merged() -> None:
    assert [state for state in ProposalState if can_merge(state)] == [
        ProposalState.PENDING, ProposalState.PUBLISHED, ProposalState.HIDDEN]
    assert not can_merge("merged")


def test_preview() -> None:
    ballots = [{1: 2, 2: 2}, {3: 1}, {2: 1, 4: 3}, {4: 2}, {}]
    preview = preview_merge(DOTS, ballots, [1, 3], 2)
    assert preview == MergePreview(ballots_affected=2, points_before=6, points_after=5,
                                   points_lost_by_cap=1, voters_on_target_after=3)
    assert ballots[0] == {1: 2, 2: 2}  # untouched


def test_preview_counts_double_yes_as_lost() -> None:
    preview = preview_merge(APPROVAL, iter([{1: 1, 2: 1}, {1: 1}]), {1}, 2)
    assert preview == MergePreview(2, 3, 2, 1, 2)


def test_rule_description_is_one_english_sentence() -> None:
    assert RULE_DESCRIPTION.endswith(".") and RULE_DESCRIPTION.count(". ") == 0
    assert "maximum" in RULE_DESCRIPTION and "highest" in RULE_DESCRIPTION


def _within_budget(rules: RoundRules, votes: dict[int, int]) -> dict[int, int]:
    """Drop entries from the end until the ballot fits the budget (cheaper than filtering)."""
    kept = dict(votes)
    while rules.budget is not None and sum(kept.values()) > rules.budget:
        kept.popitem()
    return kept


rules_and_ballots = st.sampled_from([DOTS, APPROVAL, RATING]).flatmap(
    lambda rules: st.tuples(
        st.just(rules),
        st.dictionaries(st.sampled_from(sorted(ELIGIBLE)), st.integers(1, rules.value_range[1]),
                        max_size=4).map(lambda votes: _within_budget(rules, votes)),
        st.sets(st.sampled_from(sorted(ELIGIBLE)), max_size=3),
        st.sampled_from(sorted(ELIGIBLE)),
    )
)


@FAST
@given(rules_and_ballots)
def test_merge_properties(case: tuple[RoundRules, dict[int, int], set[int], int]) -> None:
    rules, votes, sources, target = case
    sources.discard(target)
    votes = validate_ballot(rules, votes, ELIGIBLE)
    merged = merge_votes(rules, votes, sources, target)
    assert validate_ballot(rules, merged, ELIGIBLE - sources) == merged  # still a valid ballot
    assert sum(merged.values()) <= sum(votes.values())  # never more influence
    assert merge_votes(rules, merged, sources, target) == merged  # idempotent
    assert merged.get(target, 0) >= votes.get(target, 0)  # the target never loses
    assert {p: v for p, v in merged.items() if p != target} == {
        p: v for p, v in votes.items() if p not in sources and p != target}
    preview = preview_merge(rules, [votes], sources, target)
    assert preview.points_before - preview.points_after == preview.points_lost_by_cap >= 0
    assert preview.ballots_affected == (1 if sources & votes.keys() else 0)
    assert preview.voters_on_target_after == (1 if target in merged else 0)
