"""Round settings and whole-ballot validation."""

from __future__ import annotations

from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import (
    DB_VALUE_MAX,
    DB_VALUE_MIN,
    RATING_MAX,
    RATING_MIN,
    Method,
    RoundRules,
    remaining_budget,
    validate_ballot,
    validate_paper_tally,
)
from workshop_app.domain.errors import BallotRejected, DomainError

FAST = settings(max_examples=60, database=None, deadline=None)
ELIGIBLE = frozenset({3, 5, 8, 13})
DOTS = RoundRules.create("dots", budget=5, max_per_proposal=3)
APPROVAL = RoundRules.create(Method.APPROVAL)
APPROVAL_2 = RoundRules.create(Method.APPROVAL, budget=2)
RATING = RoundRules.create(Method.RATING)
MOTION = RoundRules.create(Method.YES_NO_ABSTAIN)
ALL_RULES = [DOTS, APPROVAL, APPROVAL_2, RATING, MOTION]


def _rejected(
    rules: RoundRules, votes: object, eligible: frozenset[int] = ELIGIBLE
) -> BallotRejected:
    with pytest.raises(BallotRejected) as caught:
        validate_ballot(rules, votes, eligible)  # type: ignore[arg-type]
    return caught.value


# --- settings ---------------------------------------------------------------------------------

def test_dots_defaults() -> None:
    assert RoundRules.create("dots") == RoundRules(Method.DOTS, 5, 5)
    assert RoundRules.create("dots", budget=8) == RoundRules(Method.DOTS, 8, 8)
    assert RoundRules(Method.DOTS).max_per_proposal == 5
    assert RoundRules.create("dots").method is Method.DOTS


@pytest.mark.parametrize(
    ("method", "budget", "cap", "expected"),
    [
        ("approval", None, None, (None, 1)),
        ("approval", 3, 7, (3, 1)),  # the cap is forced to 1
        ("approval", 1000, None, (1000, 1)),
        ("rating", None, 4, (None, None)),  # the cap is ignored
        ("yes_no_abstain", None, None, (None, None)),
        ("dots", 100, 1, (100, 1)),
        ("dots", 1, None, (1, 1)),
    ],
)
def test_settings_are_normalised(method: str, budget: int | None, cap: int | None,
                                 expected: tuple[int | None, int | None]) -> None:
    rules = RoundRules.create(method, budget, cap)
    assert (rules.budget, rules.max_per_proposal) == expected


@pytest.mark.parametrize(
    ("method", "budget", "cap", "field"),
    [
        ("dots", 0, None, "budget"),
        ("dots", 101, None, "budget"),
        ("dots", -5, None, "budget"),
        ("dots", 5, 6, "max_per_proposal"),
        ("dots", 5, 0, "max_per_proposal"),
        ("dots", True, None, "budget"),
        ("dots", 5.0, None, "budget"),
        ("dots", "5", None, "budget"),
        ("dots", 5, 2.0, "max_per_proposal"),
        ("approval", 0, None, "budget"),
        ("approval", 1001, None, "budget"),
        ("rating", 5, None, "budget"),
        ("yes_no_abstain", 1, None, "budget"),
        ("borda", None, None, "method"),
        ("ranking", 11, None, "budget"),
        ("ranking", 0, None, "budget"),
    ],
)
def test_invalid_settings(method: str, budget: object, cap: object, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        RoundRules.create(method, budget, cap)  # type: ignore[arg-type]
    assert caught.value.code == "invalid_round_settings"
    assert caught.value.params["field"] == field


def test_rules_are_frozen() -> None:
    with pytest.raises(AttributeError):
        DOTS.budget = 10  # type: ignore[misc]


def test_value_ranges_fit_the_database_constraint() -> None:
    assert DOTS.value_range == (0, 3)
    assert APPROVAL.value_range == (0, 1)
    assert RATING.value_range == (0, RATING_MAX) == (0, 5) and RATING_MIN == 1
    assert MOTION.value_range == (-1, 1)
    biggest = RoundRules.create("dots", budget=100)
    for rules in [*ALL_RULES, biggest]:
        low, high = rules.value_range
        assert low >= DB_VALUE_MIN and high <= DB_VALUE_MAX
    assert (DB_VALUE_MIN, DB_VALUE_MAX) == (-1, 100)


# --- ballots ----------------------------------------------------------------------------------

def test_dots_ballot_is_normalised_and_sorted() -> None:
    result = validate_ballot(DOTS, OrderedDict([("8", 2), (3, 3), ("5", 0)]), ELIGIBLE)
    assert result == {3: 3, 8: 2}
    assert list(result) == [3, 8]


def test_empty_ballot_withdraws() -> None:
    for rules in [DOTS, APPROVAL, RATING]:
        assert validate_ballot(rules, {}, ELIGIBLE) == {}
    assert validate_ballot(MOTION, {}, {1}) == {}


def test_dots_limits() -> None:
    assert validate_ballot(DOTS, {3: 3, 5: 2}, ELIGIBLE) == {3: 3, 5: 2}
    error = _rejected(DOTS, {3: 3, 5: 2, 8: 1})
    assert (error.code, error.params) == ("over_budget", {"budget": 5, "total": 6})
    error = _rejected(DOTS, {3: 4})
    assert error.code == "value_out_of_range"
    assert error.params == {"proposal": 3, "value": 4, "min": 0, "max": 3}
    assert _rejected(DOTS, {3: -1}).code == "value_out_of_range"


@pytest.mark.parametrize("value", [True, False, 2.0, 1.5, "2", None, [1], {"v": 1}])
@pytest.mark.parametrize("rules", ALL_RULES)
def test_values_must_be_plain_ints(rules: RoundRules, value: object) -> None:
    eligible = frozenset({3}) if rules is MOTION else ELIGIBLE
    error = _rejected(rules, {3: value}, eligible)
    assert (error.code, error.params) == ("invalid_value", {"proposal": 3})


@pytest.mark.parametrize("key", ["-3", " 3", "3 ", "+3", "3.0", "", "x", "³", "٣", 3.0, None,
                                 True, (3,), "1" * 19])
def test_keys_must_be_ids(key: object) -> None:
    assert _rejected(DOTS, {key: 1}).code == "invalid_proposal_id"


@pytest.mark.parametrize("key", [4, "4", -3, 0, "0", "0004"])
def test_keys_must_be_eligible(key: object) -> None:
    error = _rejected(DOTS, {key: 1})
    assert error.code == "proposal_not_eligible"
    assert error.params == {"proposal": int(key)}  # type: ignore[call-overload]


def test_leading_zeros_name_the_same_proposal() -> None:
    assert validate_ballot(DOTS, {"0003": 1}, ELIGIBLE) == {3: 1}
    error = _rejected(DOTS, {"3": 1, 3: 1})
    assert (error.code, error.params) == ("duplicate_entry", {"proposal": 3})


def test_too_many_entries_is_checked_before_anything_else() -> None:
    votes = {str(i): "junk" for i in range(5)}
    error = _rejected(DOTS, votes)
    assert (error.code, error.params) == ("too_many_entries", {"limit": 4})


@pytest.mark.parametrize("votes", [[(3, 1)], "3=1", None, 3])
def test_ballot_must_be_a_mapping(votes: object) -> None:
    assert _rejected(DOTS, votes).code == "invalid_ballot"


def test_approval() -> None:
    assert validate_ballot(APPROVAL, {3: 1, 5: 0, 8: 1, 13: 1}, ELIGIBLE) == {3: 1, 8: 1, 13: 1}
    assert _rejected(APPROVAL, {3: 2}).code == "value_out_of_range"
    assert validate_ballot(APPROVAL_2, {3: 1, 5: 1, 8: 0}, ELIGIBLE) == {3: 1, 5: 1}
    error = _rejected(APPROVAL_2, {3: 1, 5: 1, 8: 1})
    assert (error.code, error.params) == ("over_budget", {"budget": 2, "total": 3})


def test_rating() -> None:
    assert validate_ballot(RATING, {3: 5, 5: 1, 8: 0}, ELIGIBLE) == {3: 5, 5: 1}
    assert _rejected(RATING, {3: 6}).code == "value_out_of_range"
    assert _rejected(RATING, {3: -1}).code == "value_out_of_range"


@pytest.mark.parametrize("value", [1, 0, -1])
def test_motion_keeps_every_answer_including_abstention(value: int) -> None:
    assert validate_ballot(MOTION, {"9": value}, [9]) == {9: value}


def test_motion_rules() -> None:
    assert _rejected(MOTION, {9: 2}, frozenset({9})).code == "value_out_of_range"
    assert _rejected(MOTION, {8: 1}, frozenset({9})).code == "proposal_not_eligible"
    assert _rejected(MOTION, {8: 1, 9: 1}, frozenset({9})).code == "too_many_entries"
    for eligible in (frozenset(), frozenset({8, 9})):
        error = _rejected(MOTION, {}, eligible)
        assert (error.code, error.params) == ("invalid_motion", {"motions": len(eligible)})


def test_eligible_may_be_any_collection() -> None:
    assert validate_ballot(DOTS, {"5": 1}, [3, 5]) == {5: 1}
    assert validate_ballot(DOTS, {"5": 1}, (5,)) == {5: 1}


def test_input_is_not_mutated() -> None:
    votes = {"3": 1, 5: 0}
    validate_ballot(DOTS, votes, ELIGIBLE)
    assert votes == {"3": 1, 5: 0}


junk = st.one_of(st.integers(-3, 8), st.booleans(), st.none(), st.floats(allow_nan=False),
                 st.text(max_size=3))
keys = st.one_of(st.integers(-2, 15), st.text(alphabet="0123456789 -x", max_size=3))


@FAST
@given(st.sampled_from(ALL_RULES), st.dictionaries(keys, junk, max_size=6))
def test_any_input_is_either_rejected_with_a_code_or_valid(rules: RoundRules,
                                                           votes: dict[object, object]) -> None:
    eligible = frozenset({3}) if rules is MOTION else ELIGIBLE
    try:
        ballot = validate_ballot(rules, votes, eligible)
    except BallotRejected as error:
        assert error.code in {"invalid_proposal_id", "proposal_not_eligible", "invalid_value",
                              "value_out_of_range", "over_budget", "too_many_entries",
                              "duplicate_entry"}
        return
    low, high = rules.value_range
    assert set(ballot) <= eligible and list(ballot) == sorted(ballot)
    assert all(type(v) is int and low <= v <= high for v in ballot.values())
    if rules.method is not Method.YES_NO_ABSTAIN:
        assert 0 not in ballot.values()
    if rules.budget is not None:
        assert sum(ballot.values()) <= rules.budget
        assert remaining_budget(rules, ballot) == rules.budget - sum(ballot.values())
    assert validate_ballot(rules, ballot, eligible) == ballot  # idempotent


@settings(max_examples=40, database=None, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(ELIGIBLE)), st.integers(0, 3)))
def test_string_and_int_keys_are_equivalent(votes: dict[int, int]) -> None:
    as_strings = {str(k): v for k, v in votes.items()}
    try:
        expected = validate_ballot(DOTS, votes, ELIGIBLE)
    except BallotRejected as error:
        assert error.code == "over_budget" and sum(votes.values()) > 5
        with pytest.raises(BallotRejected):
            validate_ballot(DOTS, as_strings, ELIGIBLE)
        return
    assert validate_ballot(DOTS, as_strings, ELIGIBLE) == expected


# --- remaining budget ---------------------------------------------------------------------------

def test_remaining_budget() -> None:
    assert remaining_budget(DOTS, {}) == 5
    assert remaining_budget(DOTS, {3: 3, 5: 1}) == 1
    assert remaining_budget(DOTS, {3: 3, 5: 3}) == 0  # never negative
    assert remaining_budget(APPROVAL_2, {3: 1}) == 1
    assert remaining_budget(APPROVAL, {3: 1}) is None
    assert remaining_budget(RATING, {3: 5}) is None
    assert remaining_budget(MOTION, {9: -1}) is None


# --- paper tallies ------------------------------------------------------------------------------

def test_paper_tally_for_dots() -> None:
    assert validate_paper_tally(DOTS, 4, {"3": 12, 5: 0, 8: 8}, ELIGIBLE) == {3: 12, 8: 8}
    error = _paper_error(DOTS, 4, {3: 13})  # 4 voters × at most 3 each
    assert (error.code, error.params["max"]) == ("value_out_of_range", 12)
    error = _paper_error(DOTS, 4, {3: 12, 5: 9})
    assert (error.code, error.params) == ("over_budget", {"budget": 20, "total": 21})
    assert validate_paper_tally(DOTS, 0, {}, ELIGIBLE) == {}
    assert _paper_error(DOTS, 0, {3: 1}).code == "value_out_of_range"


def test_paper_tally_for_approval() -> None:
    assert validate_paper_tally(APPROVAL, 6, {3: 6, 5: 2}, ELIGIBLE) == {3: 6, 5: 2}
    assert _paper_error(APPROVAL, 6, {3: 7}).code == "value_out_of_range"
    assert _paper_error(APPROVAL_2, 2, {3: 2, 5: 2, 8: 1}).code == "over_budget"


@pytest.mark.parametrize("voters", [-1, True, 2.0, "3", None])
def test_paper_voters_must_be_a_count(voters: object) -> None:
    assert _paper_error(DOTS, voters, {}).code == "invalid_value"


@pytest.mark.parametrize("rules", [RATING, MOTION])
def test_paper_tally_only_for_dots_and_approval(rules: RoundRules) -> None:
    assert _paper_error(rules, 3, {}).code == "paper_not_supported"


def test_paper_tally_checks_keys_like_a_ballot() -> None:
    assert _paper_error(DOTS, 3, {4: 1}).code == "proposal_not_eligible"
    assert _paper_error(DOTS, 3, {"x": 1}).code == "invalid_proposal_id"
    assert _paper_error(DOTS, 3, {3: -1}).code == "value_out_of_range"
    assert _paper_error(DOTS, 3, [(3, 1)]).code == "invalid_ballot"


def _paper_error(rules: RoundRules, voters: object, points: object) -> BallotRejected:
    with pytest.raises(BallotRejected) as caught:
        validate_paper_tally(rules, voters, points, ELIGIBLE)  # type: ignore[arg-type]
    return caught.value
