"""Ranking ballots: validation, points, tallies, merges and the phone's taps (domain only)."""
from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import Method, RoundRules, remaining_budget, validate_ballot
from workshop_app.domain.errors import BallotRejected, DomainError
from workshop_app.domain.merge import merge_votes, preview_merge
from workshop_app.domain.ranking import (
    MAX_PLACES,
    ballot_points,
    check_places_fit,
    compact,
    place_next,
    points,
    remove_place,
)
from workshop_app.domain.results_explained import explain_places, explain_row, legend
from workshop_app.domain.tally import BallotRecord, tally
from workshop_app.domain.tally_aggregate import Cell, tally_aggregated

GROUPS = ["politik", "verwaltung", "zivilgesellschaft"]


def rules(k: int = 3) -> RoundRules:
    return RoundRules.create("ranking", k)


@st.composite
def valid_ballots(draw):
    """A round of n proposals, k ≤ n places, and a ballot giving places 1..m to m of them."""
    n = draw(st.integers(1, 12))
    k = draw(st.integers(1, min(n, MAX_PLACES)))
    ids = list(range(100, 100 + n))
    m = draw(st.integers(0, k))
    chosen = draw(st.permutations(ids))[:m]
    return k, ids, {proposal: place for place, proposal in enumerate(chosen, start=1)}


def test_settings_default_and_bounds():
    assert rules(None).budget == 3 and rules(None).max_per_proposal is None
    assert RoundRules.create("ranking", 10, 4).max_per_proposal is None  # ignored, as for rating
    for bad in (0, 11, True, 2.0):
        with pytest.raises(DomainError) as caught:
            RoundRules.create("ranking", bad)
        assert caught.value.code == "invalid_round_settings"


@settings(max_examples=300, deadline=None)
@given(valid_ballots(), st.booleans())
def test_any_valid_ranking_validates_and_its_points_add_up(case, as_strings):
    k, ids, ballot = case
    sent = {str(p) if as_strings else p: place for p, place in ballot.items()}
    stored = validate_ballot(rules(k), sent, ids)
    assert stored == dict(sorted(ballot.items()))
    m = len(ballot)
    total = sum(points(place, k) for place in stored.values())
    assert total == ballot_points(m, k) == k * (k + 1) // 2 - (k - m) * (k - m + 1) // 2
    assert remaining_budget(rules(k), stored) == k - m
    # the tally gives exactly these points, whatever the order
    result = tally(rules(k), [(p, f"P{p}") for p in ids], GROUPS, [BallotRecord(1, "politik", stored)])
    assert sum(r.points for r in result.results) == total
    assert {r.proposal_id: r.points for r in result.results if r.points} == {
        p: k + 1 - place for p, place in stored.items()}


@settings(max_examples=200, deadline=None)
@given(valid_ballots(), st.data())
def test_unplaced_zeros_are_dropped(case, data):
    k, ids, ballot = case
    unplaced = [p for p in ids if p not in ballot]
    zeros = data.draw(st.lists(st.sampled_from(unplaced), unique=True)) if unplaced else []
    assert validate_ballot(rules(k), {**ballot, **dict.fromkeys(zeros, 0)}, ids) == dict(sorted(ballot.items()))


@settings(max_examples=200, deadline=None)
@given(valid_ballots())
def test_two_proposals_on_one_place_are_refused(case):
    k, ids, ballot = case
    assume(len(ballot) >= 1 and len(ids) > len(ballot))
    other = next(p for p in ids if p not in ballot)
    with pytest.raises(BallotRejected) as caught:
        validate_ballot(rules(k), {**ballot, other: 1}, ids)
    assert caught.value.code == "place_taken" and caught.value.params["place"] == 1


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_gap_is_refused(data):
    k = data.draw(st.integers(2, MAX_PLACES))
    m = data.draw(st.integers(1, k - 1))
    ids = list(range(100, 100 + k))
    chosen = data.draw(st.permutations(ids))[:m]
    ballot = {proposal: place for place, proposal in enumerate(chosen, start=1)}
    # move one proposal further down, leaving its place empty (a gap), within 1..k
    moved = data.draw(st.sampled_from(chosen))
    target = data.draw(st.integers(m + 1, k))
    with pytest.raises(BallotRejected) as caught:
        validate_ballot(rules(k), {**ballot, moved: target}, ids)
    assert caught.value.code == "place_gap" and caught.value.params["place"] == ballot[moved]


@pytest.mark.parametrize("place", [-1, 4, 100, 101])
def test_a_place_outside_one_to_k_is_refused(place):
    with pytest.raises(BallotRejected) as caught:
        validate_ballot(rules(3), {1: 1, 2: place}, [1, 2, 3])
    assert caught.value.code in ("place_out_of_range", "value_out_of_range")
    if -1 <= place <= 100:
        assert caught.value.code == "place_out_of_range" and caught.value.params["max"] == 3


@pytest.mark.parametrize("votes, code", [
    ({9: 1}, "proposal_not_eligible"),
    ({1: True}, "invalid_value"),
    ({1: "1"}, "invalid_value"),
    ({1: 1.0}, "invalid_value"),
    ({"x": 1}, "invalid_proposal_id"),
    ({2: 1}, None),
])
def test_other_refusals(votes, code):
    if code is None:
        assert validate_ballot(rules(2), votes, [1, 2]) == {2: 1}
        return
    with pytest.raises(BallotRejected) as caught:
        validate_ballot(rules(2), votes, [1, 2])
    assert caught.value.code == code


def test_places_must_fit_the_round():
    check_places_fit(3, 3)
    with pytest.raises(DomainError) as caught:
        check_places_fit(4, 3)
    assert caught.value.code == "too_few_to_rank" and caught.value.params == {"places": 4, "proposals": 3}


def test_paper_counts_do_not_fit_a_ranking():
    from workshop_app.domain.ballots import validate_paper_tally

    with pytest.raises(BallotRejected) as caught:
        validate_paper_tally(rules(3), 2, {1: 3}, [1, 2, 3])
    assert caught.value.code == "paper_not_supported"


def test_tally_by_group_and_balanced_score():
    ballots = [BallotRecord(1, "politik", {1: 1, 2: 2}), BallotRecord(2, "politik", {2: 1}),
               BallotRecord(3, "verwaltung", {3: 1, 1: 2, 2: 3})]
    result = tally(rules(3), [(1, "A"), (2, "B"), (3, "C")], GROUPS, ballots)
    by_id = {r.proposal_id: r for r in result.results}
    assert by_id[1].points == 3 + 2 and by_id[2].points == 2 + 3 + 1 and by_id[3].points == 3
    assert by_id[2].by_group["politik"].points == 5 and by_id[2].by_group["politik"].voters == 2
    # per group points per voter: politik 5/2, verwaltung 1/1 → mean 1.75; consensus 1 / 2.5
    assert by_id[2].balanced_score == pytest.approx(1.75)
    assert by_id[2].consensus == pytest.approx(0.4)
    # A's balanced score is (3/2 + 2/1)/2 = 1.75 as well: the tie breaks on points (6 > 5)
    assert [r.proposal_id for r in result.results] == [2, 1, 3]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GROUPS), valid_ballots()), max_size=8), st.integers(1, 10))
def test_aggregated_sums_of_places_give_the_same_tally(entries, k):
    ids = list(range(100, 112))
    ballots, cells = [], {}
    for voter, (group, (_k, _ids, ballot)) in enumerate(entries):
        ballot = {p: place for p, place in ballot.items() if place <= k}
        ballot = compact(ballot)
        ballots.append(BallotRecord(voter, group, ballot))
        for proposal, place in ballot.items():
            cell = cells.setdefault((proposal, group), [0, 0])
            cell[0] += place
            cell[1] += 1
    voters = {}
    for b in ballots:
        if b.votes:
            voters[b.group] = voters.get(b.group, 0) + 1
    proposals = [(p, f"P{p}") for p in ids]
    expected = tally(rules(k), proposals, GROUPS, ballots)
    got = tally_aggregated(rules(k), proposals, GROUPS, voters,
                           [Cell(p, g, s, n) for (p, g), (s, n) in cells.items()])
    assert got == expected


def test_places_explained_per_group():
    counts = {"politik": {1: 2, 3: 1}, "verwaltung": {1: 1}}
    explained = explain_places(counts, GROUPS, 3)
    assert explained == {"groups": {"politik": [2, 0, 1], "verwaltung": [1, 0, 0],
                                    "zivilgesellschaft": [0, 0, 0]}, "total": [3, 0, 1]}
    result = tally(rules(3), [(1, "A")], GROUPS, [BallotRecord(1, "politik", {1: 1})]).results[0]
    row = explain_row("ranking", result, GROUPS, counts, places=3)
    assert row["value"] == 3 and row["places"]["total"] == [3, 0, 1]
    assert "value.ranking" in legend("ranking") and "places" in legend("ranking")


@settings(max_examples=300, deadline=None)
@given(valid_ballots(), st.data())
def test_a_merged_ranking_is_valid_and_keeps_the_best_place(case, data):
    k, ids, ballot = case
    assume(len(ids) >= 2)
    target = data.draw(st.sampled_from(ids))
    sources = data.draw(st.lists(st.sampled_from([p for p in ids if p != target]), min_size=1, unique=True))
    merged = merge_votes(rules(k), ballot, sources, target)
    remaining = [p for p in ids if p not in sources]
    assert validate_ballot(rules(k), merged, remaining) == merged  # a valid ranking again
    involved = [ballot[p] for p in [*sources, target] if p in ballot]
    if involved:
        best = min(involved)
        # the target sits where the best of them sat, less the merged ones that were above it
        assert merged[target] == best - sum(1 for p in sources if p in ballot and ballot[p] < best)
    else:
        assert merged == ballot
    # the others keep their order
    others = [p for p in sorted(ballot, key=ballot.get) if p not in sources and p != target]
    assert [p for p in sorted(merged, key=merged.get) if p != target] == others
    assert merge_votes(rules(k), merged, sources, target) == merged  # merging again: no change


def test_merge_example_and_preview_in_points():
    # A 1st, B 2nd, C 3rd; merging C into A: A keeps 1st. Merging A into C: C takes 1st, B 2nd.
    ballot = {1: 1, 2: 2, 3: 3}
    assert merge_votes(rules(3), ballot, [3], 1) == {1: 1, 2: 2}
    assert merge_votes(rules(3), ballot, [1], 3) == {2: 2, 3: 1}
    assert merge_votes(rules(3), ballot, [2], 3) == {1: 1, 3: 2}
    preview = preview_merge(rules(3), [ballot, {2: 1}], [1], 3)
    assert preview.ballots_affected == 1
    assert preview.points_before == 3 + 1 and preview.points_after == 3


def test_taps_place_next_and_remove():
    ballot: dict[int, int] = {}
    for proposal in (7, 5, 9):
        ballot = place_next(ballot, proposal, 3)
    assert ballot == {5: 2, 7: 1, 9: 3}
    assert place_next(ballot, 4, 3) == ballot  # every place taken
    assert place_next(ballot, 5, 3) == ballot  # placed already
    assert remove_place(ballot, 7, 3) == {5: 1, 9: 2}
    assert place_next({5: 1, 9: 3}, 4, 3) == {5: 1, 9: 2, 4: 3}  # a gap closes on the way


@settings(max_examples=200, deadline=None)
@given(valid_ballots(), st.data())
def test_taps_always_leave_a_valid_ranking(case, data):
    k, ids, ballot = case
    for _ in range(data.draw(st.integers(1, 6))):
        proposal = data.draw(st.sampled_from(ids))
        step = data.draw(st.sampled_from([place_next, remove_place]))
        ballot = step(ballot, proposal, k)
        assert validate_ballot(rules(k), ballot, ids) == ballot


def test_method_is_known():
    assert Method("ranking") is Method.RANKING
