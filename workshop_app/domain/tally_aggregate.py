"""Tallies from per-(proposal, group) sums instead of individual ballots.

The database can sum a round's votes per proposal and group in one indexed ``GROUP BY``; feeding
those few rows here gives exactly the :func:`..tally.tally` result without shipping every vote
into Python each time the screen refreshes. The scoring is shared with ``tally`` through its
accumulator, and a property test compares both paths on random rounds.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .ballots import Method, RoundRules
from .ranking import points_of_sum
from .tally import PaperTally, RoundResult, _Acc, add_paper, rank_results

__all__ = ["Cell", "CellChange", "ballot_delta", "is_entry", "tally_aggregated"]


@dataclass(frozen=True, slots=True)
class Cell:
    """The votes of one group on one proposal. ``entries`` counts the votes that are entries in
    the sense of ``tally`` (non-zero; any value for yes/no/abstain); ``points`` sums their values
    (for a ranking the places, which ``tally_aggregated`` turns into points)."""

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
            points = cell.points
            if method is Method.RANKING:  # the cell sums places: turn them into points
                points = points_of_sum(points, cell.entries, rules.budget or 0)
            acc.add(cell.group, points, paper=False, voters=cell.entries)
            if method is not Method.YES_NO_ABSTAIN:
                continue  # yes/no/abstain counts belong to motions only
            acc.add_motion(cell.group, cell.yes, cell.no, cell.abstain)
    add_paper(method, paper, accs, voters, paper_voters)
    return rank_results(method, titles, groups, voters, paper_voters, accs)


def is_entry(method: Method, value: int) -> bool:
    """Whether a stored vote counts in a tally: any value in a motion, else a non-zero one."""
    return method is Method.YES_NO_ABSTAIN or value != 0


#: A change of one cell: ``(proposal_id, points, entries, yes, no, abstain)``, as differences.
CellChange = tuple[int, int, int, int, int, int]


def ballot_delta(method: Method, old: Mapping[int, int],
                 new: Mapping[int, int]) -> tuple[list[CellChange], int]:
    """How replacing a ballot ``old`` by ``new`` changes the running sums of its group.

    Returns the changed cells as differences (which may be negative), sorted by proposal id —
    the order in which the caller updates their rows, so that concurrent ballots of one group
    lock them in the same order — and the change of the group's voter count (-1, 0 or 1).
    Adding up the deltas of every write of every ballot gives exactly the cells and voter counts
    of the final ballots (a property test checks this).
    """
    changes: list[CellChange] = []
    for proposal_id in sorted(set(old) | set(new)):
        before, after = _cell(method, old.get(proposal_id)), _cell(method, new.get(proposal_id))
        points, entries, yes, no, abstain = (a - b for a, b in zip(after, before))
        if points or entries or yes or no or abstain:
            changes.append((proposal_id, points, entries, yes, no, abstain))
    was_voter = any(is_entry(method, value) for value in old.values())
    is_voter = any(is_entry(method, value) for value in new.values())
    return changes, int(is_voter) - int(was_voter)


def _cell(method: Method, value: int | None) -> tuple[int, int, int, int, int]:
    """One vote as ``(points, entries, yes, no, abstain)``, counted like the SQL sums of
    services.read_models.results for every method (the tally reads yes/no/abstain of motions only);
    nothing for no vote or a non-entry."""
    if value is None or not is_entry(method, value):
        return (0, 0, 0, 0, 0)
    return (value, 1, int(value == 1), int(value == -1), int(value == 0))
