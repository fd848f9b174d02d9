"""Tallies, group-balanced score, consensus, paper votes and ranking."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import Method, RoundRules
from workshop_app.domain.tally import (
    CONSENSUS_MARK,
    BallotRecord,
    GroupScore,
    GroupTotals,
    PaperTally,
    ProposalResult,
    tally,
)

FAST = settings(max_examples=40, database=None, deadline=None)
DOTS = RoundRules.create("dots", budget=5)
GROUPS = ("pol", "verw", "ziv")
PROPOSALS = [(1, "Kitaplätze"), (2, "Radwege"), (3, "Bänke")]


def ballots(*rows: tuple[str, dict[int, int]], paper: bool = False) -> list[BallotRecord]:
    return [BallotRecord(f"{group}-{i}-{paper}", group, votes, paper)
            for i, (group, votes) in enumerate(rows)]


def by_id(result: object) -> dict[int, ProposalResult]:
    return {r.proposal_id: r for r in result.results}  # type: ignore[attr-defined]


def test_each_group_weighs_the_same_whatever_its_headcount() -> None:
    result = tally(DOTS, PROPOSALS, GROUPS, ballots(
        ("pol", {1: 5}), ("verw", {1: 5}),
        ("ziv", {2: 5}), ("ziv", {2: 5}), ("ziv", {2: 5}), ("ziv", {2: 5}),
    ))
    one, two, three = by_id(result)[1], by_id(result)[2], by_id(result)[3]
    assert (one.points, two.points, three.points) == (10, 20, 0)
    assert one.balanced_score == pytest.approx(10 / 3)  # (5 + 5 + 0) / 3
    assert two.balanced_score == pytest.approx(5 / 3)  # (0 + 0 + 20/4) / 3
    assert [r.proposal_id for r in result.results] == [1, 2, 3]
    assert [r.rank for r in result.results] == [1, 2, 3]
    assert result.groups == {"pol": GroupTotals(1, 0), "verw": GroupTotals(1, 0),
                             "ziv": GroupTotals(4, 0)}
    assert result.total_voters == 6
    assert one.by_group == {"pol": GroupScore(5, 1, 0), "verw": GroupScore(5, 1, 0),
                            "ziv": GroupScore(0, 0, 0)}
    assert one.voters == 2 and two.voters == 4 and three.voters == 0
    assert one.consensus == 0.0 and three.consensus == 0.0


def test_consensus_is_weakest_over_strongest_group() -> None:
    result = tally(DOTS, PROPOSALS, GROUPS, ballots(
        ("pol", {1: 2}), ("verw", {1: 3}), ("ziv", {1: 4}), ("ziv", {1: 4}),
    ))
    one = by_id(result)[1]
    assert one.group_averages == {"pol": 2.0, "verw": 3.0, "ziv": 4.0}
    assert one.consensus == 0.5 and one.balanced_score == 3.0
    assert not one.carried_by_all  # 0.5 < CONSENSUS_MARK


def test_carried_by_all_needs_every_voting_group_and_the_mark() -> None:
    assert CONSENSUS_MARK == 0.6
    result = tally(DOTS, PROPOSALS, GROUPS, ballots(
        ("pol", {1: 3, 2: 2}), ("verw", {1: 5}), ("ziv", {1: 4, 3: 1}),
    ))
    one, two = by_id(result)[1], by_id(result)[2]
    assert one.consensus == pytest.approx(0.6) and one.carried_by_all
    assert two.consensus == 0.0 and not two.carried_by_all
    equal = tally(DOTS, PROPOSALS, GROUPS, ballots(("pol", {1: 2}), ("verw", {1: 2}),
                                                   ("ziv", {1: 2})))
    assert by_id(equal)[1].consensus == 1.0 and by_id(equal)[1].carried_by_all


def test_groups_without_voters_are_listed_but_do_not_count() -> None:
    result = tally(DOTS, PROPOSALS, GROUPS, ballots(("pol", {1: 4}), ("verw", {1: 2})))
    one = by_id(result)[1]
    assert result.groups["ziv"] == GroupTotals(0, 0)
    assert one.by_group["ziv"] == GroupScore(0, 0, 0)
    assert set(one.group_averages) == {"pol", "verw"}
    assert one.balanced_score == 3.0 and one.consensus == 0.5


def test_no_votes_at_all() -> None:
    # An empty ballot and one of zeros (0 is "no vote") make nobody a voter.
    result = tally(DOTS, PROPOSALS, GROUPS, [BallotRecord("x", "pol", {}),
                                             BallotRecord("y", "ziv", {1: 0, 2: 0})])
    assert result.total_voters == 0
    assert all(r.balanced_score == 0.0 and r.consensus == 0.0 and not r.carried_by_all
               for r in result.results)
    assert [r.proposal_id for r in result.results] == [1, 2, 3]  # ties: by id


def test_ties_break_by_points_then_id() -> None:
    # 1 and 2 both score 0.5 (full support from one of two groups); 2 has more points.
    result = tally(DOTS, PROPOSALS, ("a", "b"), ballots(
        ("a", {2: 2}), ("a", {3: 1}), ("b", {1: 1}),
    ))
    scores = {r.proposal_id: (r.balanced_score, r.points) for r in result.results}
    assert scores == {1: (0.5, 1), 2: (0.5, 2), 3: (0.25, 1)}
    assert [r.proposal_id for r in result.results] == [2, 1, 3]
    even = tally(DOTS, [(2, "y"), (1, "x")], ("a",), ballots(("a", {2: 1}), ("a", {1: 1})))
    assert [(r.proposal_id, r.rank) for r in even.results] == [(1, 1), (2, 2)]


def test_exact_ties_do_not_depend_on_float_rounding() -> None:
    # Group points (1, 4, 2) and (1, 2, 4) over three groups of ten voters: equal means, but
    # summed as floats 0.1 + 0.4 + 0.2 < 0.1 + 0.2 + 0.4, which would put proposal 2 first.
    rows: list[tuple[str, dict[int, int]]] = []
    for group, (on_one, on_two) in {"x": (1, 1), "y": (4, 2), "z": (2, 4)}.items():
        rows += [(group, {1: 1})] * on_one + [(group, {2: 1})] * on_two
        rows += [(group, {99: 1})] * (10 - on_one - on_two)  # on a hidden proposal
    result = tally(DOTS, PROPOSALS, ("x", "y", "z"), ballots(*rows))
    first, second = result.results[:2]
    assert (first.proposal_id, second.proposal_id) == (1, 2)
    assert first.balanced_score == second.balanced_score and first.points == second.points


def test_rating_uses_mean_of_raters_scaled_to_unit_range() -> None:
    rules = RoundRules.create("rating")
    result = tally(rules, PROPOSALS, ("a", "b"), ballots(
        ("a", {1: 5, 2: 1}), ("a", {1: 3}), ("b", {2: 5}),
    ))
    one, two = by_id(result)[1], by_id(result)[2]
    assert one.mean == 4.0 and one.voters == 2 and one.points == 8
    assert one.group_averages == {"a": 0.75, "b": 0.0}  # b left it unrated: no support
    assert one.balanced_score == 0.375 and one.consensus == 0.0
    assert two.group_averages == {"a": 0.0, "b": 1.0}  # a rated it 1: the lowest
    assert by_id(result)[3].mean is None
    assert one.as_dict()["mean"] == 4.0 and by_id(result)[3].as_dict()["mean"] is None


def test_yes_no_abstain_counts_net_yes_and_abstentions() -> None:
    rules = RoundRules.create("yes_no_abstain")
    motion = [(9, "Beschluss")]
    result = tally(rules, motion, ("a", "b"), ballots(
        ("a", {9: 1}), ("a", {9: 1}), ("a", {9: -1}), ("a", {9: 0}), ("b", {9: 1}),
    ))
    (nine,) = result.results
    assert (nine.yes, nine.no, nine.abstain, nine.points, nine.voters) == (3, 1, 1, 2, 5)
    assert result.groups["a"].voters == 4  # an abstention is a vote
    assert nine.group_averages == {"a": 0.25, "b": 1.0}
    assert nine.balanced_score == 0.625 and nine.consensus == 0.25
    opposed = tally(rules, motion, ("a", "b"), ballots(("a", {9: 1}), ("b", {9: -1})))
    assert opposed.results[0].consensus == 0.0  # clamped: an opposed group is no consensus
    assert opposed.results[0].balanced_score == 0.0
    data = nine.as_dict()
    assert (data["yes"], data["no"], data["abstain"]) == (3, 1, 1) and "mean" not in data


def test_paper_ballots_and_flip_chart_counts_are_marked() -> None:
    result = tally(
        DOTS, PROPOSALS, GROUPS,
        ballots(("pol", {1: 5})) + ballots(("ziv", {1: 2, 2: 3}), paper=True),
        paper=[PaperTally("ziv", 3, {1: 6, 2: 0, 99: 4}), PaperTally("verw", 2, {2: 10})],
    )
    one, two = by_id(result)[1], by_id(result)[2]
    assert result.groups == {"pol": GroupTotals(1, 0), "verw": GroupTotals(2, 2),
                             "ziv": GroupTotals(4, 4)}
    assert result.total_voters == 7
    assert one.points == 13 and one.paper_points == 8
    assert one.by_group["ziv"] == GroupScore(8, 1, 8)  # paper dots add points, not voters
    assert one.voters == 2
    assert two.by_group["verw"] == GroupScore(10, 0, 10) and two.paper_points == 13
    assert one.group_averages["ziv"] == 2.0  # 8 points / 4 voters


def test_paper_approval_hands_are_voters() -> None:
    rules = RoundRules.create("approval")
    result = tally(rules, PROPOSALS, ("a",), [], paper=[PaperTally("a", 10, {1: 7})])
    one = by_id(result)[1]
    assert (one.points, one.voters, one.paper_points, one.balanced_score) == (7, 7, 7, 0.7)


@pytest.mark.parametrize("method", ["rating", "yes_no_abstain"])
def test_paper_counts_only_for_dots_and_approval(method: str) -> None:
    with pytest.raises(ValueError, match="not supported"):
        tally(RoundRules.create(method), PROPOSALS, ("a",), [], paper=[PaperTally("a", 1, {})])


def test_votes_on_hidden_proposals_are_ignored_but_the_voter_counts() -> None:
    result = tally(DOTS, PROPOSALS, ("a",), ballots(("a", {1: 2}), ("a", {42: 5})))
    assert {r.proposal_id for r in result.results} == {1, 2, 3}
    assert result.groups["a"].voters == 2
    assert by_id(result)[1].balanced_score == 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ballots": [BallotRecord("x", "press", {1: 1})]}, "unknown group"),
        ({"ballots": [BallotRecord("x", "press", {})]}, "unknown group"),
        ({"ballots": [], "paper": [PaperTally("press", 1, {})]}, "unknown group"),
        ({"ballots": [BallotRecord("x", "pol", {1: 1}), BallotRecord("x", "ziv", {})]},
         "more than one ballot"),
        ({"ballots": [], "groups": ("pol", "pol")}, "duplicate"),
        ({"ballots": [], "proposals": [(1, "a"), (1, "b")]}, "duplicate"),
    ],
)
def test_inconsistent_input_is_a_programming_error(kwargs: dict, message: str) -> None:
    arguments = {"rules": DOTS, "proposals": PROPOSALS, "groups": GROUPS, **kwargs}
    with pytest.raises(ValueError, match=message):
        tally(**arguments)


def test_as_dict_has_exactly_the_documented_shape() -> None:
    result = tally(DOTS, PROPOSALS[:1], ("a", "b"), ballots(("a", {1: 1}), ("b", {1: 2}),
                                                            ("b", {})))
    data = result.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"groups", "results", "total_voters"}
    assert data["groups"] == {"a": {"voters": 1, "paper_voters": 0},
                              "b": {"voters": 1, "paper_voters": 0}}
    (row,) = data["results"]
    assert row == {
        "proposal_id": 1, "title": "Kitaplätze", "points": 3, "voters": 2,
        "by_group": {"a": {"points": 1, "voters": 1, "paper_points": 0},
                     "b": {"points": 2, "voters": 1, "paper_points": 0}},
        "balanced_score": 1.5, "consensus": 0.5, "paper_points": 0, "rank": 1,
    }


def test_as_dict_rounds_floats_to_four_places() -> None:
    rows = [("a", {1: 1}), ("a", {}), ("a", {2: 1}), ("a", {3: 1}), ("a", {2: 2}), ("a", {1: 1})]
    result = tally(DOTS, PROPOSALS[:1], ("a",), ballots(*rows))
    # 2 points / 5 voters in a (the empty ballot is no voter)
    assert result.results[0].balanced_score == 0.4
    three = tally(DOTS, PROPOSALS[:1], ("a",), ballots(("a", {1: 1}), ("a", {2: 1}), ("a", {3: 1})))
    assert three.results[0].as_dict()["balanced_score"] == 0.3333


# --- properties ----------------------------------------------------------------------------------

group_keys = st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True)


@st.composite
def rounds(draw: st.DrawFn) -> tuple[list[str], list[BallotRecord]]:
    groups = draw(group_keys)
    rows = draw(st.lists(st.tuples(
        st.sampled_from(groups),
        st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(1, 2), max_size=2),
    ), max_size=12))
    return groups, ballots(*rows)


@FAST
@given(rounds())
def test_invariants(data: tuple[list[str], list[BallotRecord]]) -> None:
    groups, records = data
    result = tally(DOTS, PROPOSALS, groups, records)
    keys = [(-r.balanced_score, -r.points, r.proposal_id) for r in result.results]
    assert keys == sorted(keys)
    assert [r.rank for r in result.results] == [1, 2, 3]
    assert result.total_voters == sum(t.voters for t in result.groups.values())
    assert result.total_voters == sum(1 for b in records if b.votes)
    for r in result.results:
        assert r.points == sum(s.points for s in r.by_group.values())
        assert r.voters == sum(s.voters for s in r.by_group.values())
        assert 0.0 <= r.consensus <= 1.0
        assert list(r.by_group) == groups
        if r.group_averages:
            assert min(r.group_averages.values()) <= r.balanced_score
            assert r.balanced_score <= max(r.group_averages.values())
    shuffled = list(records)
    random.Random(0).shuffle(shuffled)
    assert tally(DOTS, PROPOSALS, groups, shuffled) == result


@FAST
@given(rounds(), st.integers(2, 4))
def test_multiplying_one_groups_voters_changes_no_score(
    data: tuple[list[str], list[BallotRecord]], factor: int
) -> None:
    groups, records = data
    first = groups[0]
    clones = [BallotRecord((b.voter, n), b.group, b.votes)
              for b in records if b.group == first for n in range(1, factor)]
    before = tally(DOTS, PROPOSALS, groups, records)
    after = tally(DOTS, PROPOSALS, groups, records + clones)
    def scores(result: object) -> dict[int, tuple[float, float]]:
        return {i: (r.balanced_score, r.consensus) for i, r in by_id(result).items()}

    assert scores(after) == scores(before)
    assert after.total_voters >= before.total_voters


def test_method_is_kept_on_results() -> None:
    result = tally(RoundRules.create("approval"), PROPOSALS, ("a",), [])
    assert all(r.method is Method.APPROVAL for r in result.results)


@st.composite
def rated_rounds(draw: st.DrawFn) -> tuple[list[str], list[BallotRecord]]:
    """Ratings: each proposal's supports have their own denominators (its raters per group)."""
    groups = draw(group_keys)
    rows = draw(st.lists(st.tuples(
        st.sampled_from(groups),
        st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(1, 5), max_size=3),
    ), max_size=15))
    return groups, ballots(*rows)


@FAST
@given(rated_rounds())
def test_integer_scoring_equals_exact_fractions(data: tuple[list[str], list[BallotRecord]]) -> None:
    """The integer ratios give the floats of the exact fractions and rank by them exactly."""
    from fractions import Fraction

    groups, records = data
    result = tally(RoundRules.create("rating"), PROPOSALS, groups, records)
    voted = [g for g in groups if result.groups[g].voters]
    exact = {}
    for r in result.results:
        supports = []
        for g in voted:
            score = r.by_group[g]
            supports.append((Fraction(score.points, score.voters) - 1) / 4 if score.voters else Fraction(0))
        exact[r.proposal_id] = sum(supports, Fraction(0)) / len(voted) if voted else Fraction(0)
        assert r.balanced_score == float(exact[r.proposal_id])
        highest = max(supports, default=Fraction(0))
        assert r.consensus == (float(max(Fraction(0), min(supports) / highest)) if highest > 0 else 0.0)
    order = sorted(result.results, key=lambda r: (-exact[r.proposal_id], -r.points, r.proposal_id))
    assert [r.proposal_id for r in result.results] == [r.proposal_id for r in order]


def test_scores_are_floats_also_without_support() -> None:
    """A proposal nobody supports has consensus and balanced score 0.0, floats like all others
    (the JSON and the exports print them as such)."""
    result = tally(DOTS, PROPOSALS, ("a", "b"), ballots(("a", {1: 2})))
    unsupported = by_id(result)[2]
    assert type(unsupported.consensus) is float and type(unsupported.balanced_score) is float
    assert unsupported.consensus == 0.0
