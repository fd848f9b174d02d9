"""Results that explain themselves: display values, motion outcomes, rating distributions."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import Method, RoundRules
from workshop_app.domain.results_explained import (
    MotionCount,
    MotionRule,
    Outcome,
    display_value,
    explain_motion,
    explain_rating,
    legend,
    motion_outcome,
    percentages,
    rating_summary,
    value_unit,
)
from workshop_app.domain.tally import BallotRecord, tally
from workshop_app.domain.tally_aggregate import Cell, tally_aggregated

FAST = settings(max_examples=60, database=None, deadline=None)
counts = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=6)


@FAST
@given(counts)
def test_percentages_add_up_to_100_and_stay_next_to_the_exact_share(values):
    shares = percentages(values)
    total = sum(values)
    if total == 0:
        assert shares == tuple(0 for _ in values)
        return
    assert sum(shares) == 100
    for count, share in zip(values, shares):
        exact = 100 * count / total
        assert share in (int(exact), -(-100 * count // total))


def test_percentages_of_three_equal_thirds():
    assert percentages((1, 1, 1)) == (34, 33, 33)
    with pytest.raises(ValueError):
        percentages((1, -1))


@pytest.mark.parametrize(("count", "rule", "outcome"), [
    (MotionCount(5, 4, 10), MotionRule.SIMPLE_MAJORITY, Outcome.ADOPTED),
    (MotionCount(4, 4, 0), MotionRule.SIMPLE_MAJORITY, Outcome.REJECTED),   # a tie is no majority
    (MotionCount(5, 4, 10), MotionRule.ABSOLUTE_MAJORITY, Outcome.REJECTED),  # abstentions count
    (MotionCount(11, 4, 6), MotionRule.ABSOLUTE_MAJORITY, Outcome.ADOPTED),
    (MotionCount(6, 3, 9), MotionRule.TWO_THIRDS, Outcome.ADOPTED),
    (MotionCount(5, 3, 0), MotionRule.TWO_THIRDS, Outcome.REJECTED),
    (MotionCount(0, 0, 0), MotionRule.SIMPLE_MAJORITY, Outcome.NO_VOTES),
    (MotionCount(0, 0, 3), MotionRule.TWO_THIRDS, Outcome.REJECTED),
])
def test_motion_outcome_under_each_rule(count, rule, outcome):
    assert motion_outcome(count, rule) is outcome


@FAST
@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_simple_majority_is_more_yes_than_no(yes, no, abstain):
    outcome = motion_outcome(MotionCount(yes, no, abstain))
    if yes + no + abstain == 0:
        assert outcome is Outcome.NO_VOTES
    else:
        assert (outcome is Outcome.ADOPTED) == (yes > no)


def test_explain_motion_shows_each_groups_no_and_the_total():
    data = explain_motion({"pol": (1, 3, 0), "verw": (4, 0, 1)}, ["pol", "verw", "ziv"])
    assert data["rule"] == "simple_majority"
    assert data["groups"]["pol"] == {"yes": 1, "no": 3, "abstain": 0, "total": 4,
                                     "percent": {"yes": 25, "no": 75, "abstain": 0},
                                     "outcome": "rejected"}
    assert data["groups"]["ziv"]["outcome"] == "no_votes"
    assert data["total"]["yes"] == 5 and data["total"]["no"] == 3 and data["total"]["abstain"] == 1
    assert data["total"]["percent"] == {"yes": 56, "no": 33, "abstain": 11}
    assert data["total"]["outcome"] == "adopted"


def test_rating_summary_mean_and_distribution():
    summary = rating_summary({5: 2, 3: 1, 1: 1})
    assert summary.distribution == (1, 0, 1, 0, 2) and summary.count == 4
    assert summary.mean == pytest.approx(3.5)
    assert rating_summary({}).mean is None
    with pytest.raises(ValueError):
        rating_summary({6: 1})
    data = explain_rating({"pol": {5: 2}, "verw": {1: 1, 2: 1}}, ["pol", "verw", "ziv"])
    assert data["groups"]["pol"]["mean"] == 5 and data["groups"]["ziv"]["count"] == 0
    assert data["total"]["distribution"] == [1, 1, 0, 0, 2] and data["total"]["mean"] == 3.25


rating_ballots = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]),
                                    st.dictionaries(st.integers(1, 5), st.integers(1, 5), max_size=5)),
                          max_size=25)


@FAST
@given(rating_ballots)
def test_rating_display_value_orders_like_the_ranking_and_is_the_mean_of_group_means(rows):
    proposals = [(i, f"p{i}") for i in range(1, 6)]
    result = tally(RoundRules.create("rating"), proposals, ["a", "b", "c"],
                   [BallotRecord(n, g, v) for n, (g, v) in enumerate(rows)])
    values = [display_value("rating", r.balanced_score) for r in result.results]
    assert values == sorted(values, reverse=True)  # the number shown is the sort key
    for r, value in zip(result.results, values):
        means = []
        for group in r.group_averages:
            score = r.by_group[group]
            means.append(score.points / score.voters if score.voters else 1)
        assert value == pytest.approx(sum(means) / len(means) if means else 1)


motion_ballots = st.lists(st.tuples(st.sampled_from(["a", "b"]),
                                    st.dictionaries(st.integers(1, 3), st.sampled_from([-1, 0, 1]),
                                                    max_size=3)), max_size=25)


@FAST
@given(motion_ballots)
def test_motion_counts_per_group_add_up_and_agree_between_both_tally_paths(rows):
    rules = RoundRules.create("yes_no_abstain")
    proposals = [(1, "x"), (2, "y"), (3, "z")]
    ballots = [BallotRecord(n, g, v) for n, (g, v) in enumerate(rows)]
    result = tally(rules, proposals, ["a", "b"], ballots)
    cells: dict[tuple[int, str], list[int]] = {}
    voters = {"a": 0, "b": 0}
    for ballot in ballots:
        voters[ballot.group] += bool(ballot.votes)
        for pid, value in ballot.votes.items():
            c = cells.setdefault((pid, ballot.group), [0, 0, 0, 0, 0])
            c[0] += value
            c[1] += 1
            c[2 + (0 if value == 1 else 1 if value == -1 else 2)] += 1
    aggregated = tally_aggregated(rules, proposals, ["a", "b"], voters,
                                  [Cell(p, g, *c) for (p, g), c in cells.items()])
    assert [r.motion_by_group for r in aggregated.results] == [r.motion_by_group for r in result.results]
    for r in result.results:
        groups = r.motion_by_group or {}
        assert sum(c[0] for c in groups.values()) == r.yes
        assert sum(c[1] for c in groups.values()) == r.no
        assert sum(c[2] for c in groups.values()) == r.abstain
        for key, (yes, no, abstain) in groups.items():
            assert r.by_group[key].points == yes - no and r.by_group[key].voters == yes + no + abstain
            assert r.as_dict()["by_group"][key]["no"] == no
        # the motion's display value is yes minus no per voter, in percent, mean of the groups
        shares = [(r.by_group[g].points / result.groups[g].voters) for g in r.group_averages]
        expected = 100 * sum(shares) / len(shares) if shares else 0
        assert display_value("yes_no_abstain", r.balanced_score) == pytest.approx(expected)


def test_display_values_units_and_legends():
    assert display_value(Method.DOTS, 2.5) == 2.5
    assert display_value("approval", 0.75) == 75
    assert display_value("rating", 0.5) == 3
    assert display_value("yes_no_abstain", -0.25) == -25
    assert value_unit("yes_no_abstain") == "signed_percent"
    assert legend("dots") == ("value.dots", "voters", "bar.groups", "consensus")
    assert legend("dots", groups_voted=1) == ("value.dots", "voters")
    assert legend("yes_no_abstain") == ("value.yes_no_abstain", "voters", "bar.motion",
                                        "rule.simple_majority", "consensus")
    assert legend("rating") == ("value.rating", "voters", "bar.rating", "consensus")
