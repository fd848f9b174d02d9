"""The aggregated tally (sums per proposal and group) equals the tally of individual ballots."""
from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import Method, RoundRules
from workshop_app.domain.tally import BallotRecord, PaperTally, tally
from workshop_app.domain.tally_aggregate import Cell, ballot_delta, tally_aggregated

GROUPS = ["politik", "verwaltung", "zivilgesellschaft"]
VALUES = {Method.DOTS: st.integers(0, 3), Method.APPROVAL: st.integers(0, 1),
          Method.RATING: st.integers(0, 5), Method.YES_NO_ABSTAIN: st.integers(-1, 1),
          Method.RANKING: st.integers(0, 3)}  # places of the default 3 (ballots unchecked here)


def aggregate(method: Method, ballots: list[BallotRecord]):
    """What the SQL GROUP BY in services.read_models.results computes, written out in Python."""
    motion = method is Method.YES_NO_ABSTAIN
    voters: dict[str, set] = defaultdict(set)
    cells: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for ballot in ballots:
        for proposal, value in ballot.votes.items():
            if not motion and value == 0:
                continue
            voters[ballot.group].add(ballot.voter)
            cell = cells[(proposal, ballot.group)]
            cell[0] += value
            cell[1] += 1
            cell[2] += value == 1
            cell[3] += value == -1
            cell[4] += value == 0
    return ({g: len(v) for g, v in voters.items()},
            [Cell(p, g, *totals) for (p, g), totals in cells.items()])


@st.composite
def rounds(draw):
    method = draw(st.sampled_from(list(Method)))
    count = 1 if method is Method.YES_NO_ABSTAIN else draw(st.integers(1, 6))
    proposals = [(i + 1, f"P{i + 1}") for i in range(count)]
    known = [p for p, _ in proposals] + [99]  # 99: a proposal hidden after voting
    ballots = [BallotRecord(voter=i, group=draw(st.sampled_from(GROUPS)),
                            votes=draw(st.dictionaries(st.sampled_from(known), VALUES[method], max_size=4)))
               for i in range(draw(st.integers(0, 25)))]
    paper = []
    if method in (Method.DOTS, Method.APPROVAL) and draw(st.booleans()):
        paper = [PaperTally(group=g, voters=draw(st.integers(0, 5)),
                            points=draw(st.dictionaries(st.sampled_from(known), st.integers(0, 4), max_size=3)))
                 for g in draw(st.lists(st.sampled_from(GROUPS), unique=True, max_size=3))]
    return RoundRules.create(method), proposals, ballots, paper


@settings(max_examples=400, deadline=None)
@given(rounds())
def test_aggregated_tally_equals_ballot_tally(case):
    rules, proposals, ballots, paper = case
    voters, cells = aggregate(rules.method, ballots)
    expected = tally(rules, proposals, GROUPS, ballots, paper)
    got = tally_aggregated(rules, proposals, GROUPS, voters, cells, paper)
    assert got == expected
    assert got.as_dict() == expected.as_dict()


@st.composite
def ballot_histories(draw):
    """A round's ballots written one after another, each replacing that voter's previous one."""
    method = draw(st.sampled_from(list(Method)))
    writes = draw(st.lists(st.tuples(
        st.integers(0, 6), st.dictionaries(st.integers(1, 5), VALUES[method], max_size=4)), max_size=30))
    return method, writes


@settings(max_examples=400, deadline=None)
@given(ballot_histories())
def test_ballot_deltas_add_up_to_the_aggregate_of_the_final_ballots(case):
    method, writes = case
    group_of = {voter: GROUPS[voter % 3] for voter in range(7)}
    current: dict[int, dict[int, int]] = {}
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    voters: dict[str, int] = defaultdict(int)
    for voter, votes in writes:
        changes, voter_change = ballot_delta(method, current.get(voter, {}), votes)
        assert [c[0] for c in changes] == sorted({c[0] for c in changes})  # the lock order
        assert voter_change in (-1, 0, 1)
        for proposal_id, *change in changes:
            assert any(change)
            totals = sums[(proposal_id, group_of[voter])]
            for index, difference in enumerate(change):
                totals[index] += difference
        voters[group_of[voter]] += voter_change
        current[voter] = votes
    final = [BallotRecord(voter=v, group=group_of[v], votes=votes) for v, votes in current.items()]
    expected_voters, expected_cells = aggregate(method, final)
    got_cells = {(p, g): totals for (p, g), totals in sums.items() if any(totals)}
    assert got_cells == {(c.proposal_id, c.group): [c.points, c.entries, c.yes, c.no, c.abstain]
                         for c in expected_cells}
    assert {g: n for g, n in voters.items() if n} == expected_voters


def test_ballot_delta_of_one_more_dot():
    assert ballot_delta(Method.DOTS, {1: 2, 2: 1}, {1: 3, 2: 1}) == ([(1, 1, 0, 0, 0, 0)], 0)
    assert ballot_delta(Method.DOTS, {1: 3}, {}) == ([(1, -3, -1, 0, 0, 0)], -1)
    assert ballot_delta(Method.DOTS, {1: 0}, {1: 1}) == ([(1, 1, 1, 1, 0, 0)], 1)
    assert ballot_delta(Method.YES_NO_ABSTAIN, {}, {7: 0}) == ([(7, 0, 1, 0, 0, 1)], 1)
    assert ballot_delta(Method.APPROVAL, {2: 1}, {2: 1}) == ([], 0)
