"""Tallies from per-(proposal, group) sums instead of individual ballots.

The database can sum a round's votes per proposal and group in one indexed ``GROUP BY``; feeding
those few rows here gives exactly the :func:`..tally.tally` result without shipping every vote
into Python each time the screen refreshes. The scoring is shared with ``tally`` through its
accumulator, and a property test compares both paths on random rounds.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from .ballots import Method, RoundRules
from .tally import GroupTotals, PaperTally, ProposalResult, RoundResult, _Acc

__all__ = ["Cell", "tally_aggregated"]


@dataclass(frozen=True, slots=True)
class Cell:
    """The votes of one group on one proposal. ``entries`` counts the votes that are entries in
    the sense of ``tally`` (non-zero; any value for yes/no/abstain); ``points`` sums their values."""

    proposal_id: int
    group: str
    points: int
    entries: int
    yes: int = 0
    no: int = 0
    abstain: int = 0


def tally_aggregated(
    rules: RoundRules,
    proposals: Sequence[tuple[int, str]],
    groups: Sequence[str],
    group_voters: Mapping[str, int],
    cells: Iterable[Cell],
    paper: Iterable[PaperTally] = (),
) -> RoundResult:
    """Like ``tally``; ``group_voters`` counts per group the ballots with at least one entry."""
    method = rules.method
    titles = dict(proposals)
    if len(titles) != len(proposals) or len(set(groups)) != len(groups):
        raise ValueError("duplicate proposal ids or group keys")
    accs = {proposal_id: _Acc() for proposal_id in titles}
    voters = dict.fromkeys(groups, 0)
    paper_voters = dict.fromkeys(groups, 0)
    for group, count in group_voters.items():
        if group not in voters:
            raise ValueError(f"ballot of unknown group {group!r}")
        voters[group] += count
    for cell in cells:
        if cell.group not in voters:
            raise ValueError(f"ballot of unknown group {cell.group!r}")
        if (acc := accs.get(cell.proposal_id)) is not None and cell.entries:
            acc.add(cell.group, cell.points, paper=False, voters=cell.entries)
            if method is not Method.YES_NO_ABSTAIN:
                continue  # yes/no/abstain counts belong to motions only
            acc.yes += cell.yes
            acc.no += cell.no
            acc.abstain += cell.abstain
    for sheet in paper:
        if method not in (Method.DOTS, Method.APPROVAL):
            raise ValueError(f"paper tallies are not supported for {method}")
        if sheet.group not in voters:
            raise ValueError(f"paper tally of unknown group {sheet.group!r}")
        voters[sheet.group] += sheet.voters
        paper_voters[sheet.group] += sheet.voters
        for proposal_id, points in sheet.points.items():
            if (acc := accs.get(proposal_id)) is not None and points:
                hands = points if method is Method.APPROVAL else 0
                acc.add(sheet.group, points, paper=True, voters=hands)
    return _rank(method, titles, groups, voters, paper_voters, accs)


def _rank(method: Method, titles: dict[int, str], groups: Sequence[str], voters: dict[str, int],
          paper_voters: dict[str, int], accs: dict[int, _Acc]) -> RoundResult:
    """The scoring half of ``tally`` (kept identical; the equivalence test guards it)."""
    voted = [group for group in groups if voters[group] > 0]
    ranked: list[tuple[Fraction, int, int, ProposalResult]] = []
    for proposal_id, acc in accs.items():
        supports = {g: acc.support(method, g, voters[g]) for g in voted}
        balanced = sum(supports.values(), Fraction(0)) / len(voted) if voted else Fraction(0)
        highest = max(supports.values(), default=Fraction(0))
        consensus = max(Fraction(0), min(supports.values()) / highest) if highest > 0 else 0
        points = sum(totals[0] for totals in acc.groups.values())
        count = sum(totals[1] for totals in acc.groups.values())
        result = ProposalResult(
            proposal_id=proposal_id, title=titles[proposal_id], method=method, points=points,
            voters=count, by_group={g: acc.score(g) for g in groups},
            group_averages={g: float(s) for g, s in supports.items()},
            balanced_score=float(balanced), consensus=float(consensus),
            mean=points / count if method is Method.RATING and count else None,
            yes=acc.yes, no=acc.no, abstain=acc.abstain,
            paper_points=sum(totals[2] for totals in acc.groups.values()),
        )
        ranked.append((-balanced, -points, proposal_id, result))
    ranked.sort(key=lambda item: item[:3])
    return RoundResult(
        groups={g: GroupTotals(voters[g], paper_voters[g]) for g in groups},
        results=[replace(item[3], rank=rank) for rank, item in enumerate(ranked, start=1)],
        total_voters=sum(voters.values()),
    )
