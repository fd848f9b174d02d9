"""The aggregated tally (sums per proposal and group) equals the tally of individual ballots."""
from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import Method, RoundRules
from workshop_app.domain.tally import BallotRecord, PaperTally, tally
from workshop_app.domain.tally_aggregate import Cell, tally_aggregated

GROUPS = ["politik", "verwaltung", "zivilgesellschaft"]
VALUES = {Method.DOTS: st.integers(0, 3), Method.APPROVAL: st.integers(0, 1),
          Method.RATING: st.integers(0, 5), Method.YES_NO_ABSTAIN: st.integers(-1, 1)}


def aggregate(method: Method, ballots: list[BallotRecord]):
    """What the SQL GROUP BY in services.results computes, written out in Python."""
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
