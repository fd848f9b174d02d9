"""Tallies: totals per proposal and per stakeholder group, balanced score and consensus.

Tallies are always computed from the stored ballots, never kept as the only truth. The
*group-balanced score* makes each stakeholder group weigh the same whatever its headcount: per
group with at least one voter, the group's support for a proposal per group voter; then the mean
over those groups. *Consensus* is the weakest group's support divided by the strongest's (clamped
to 0..1), so the screen can show which goals all groups carry. Exact integer ratios are used so
that equal scores really tie and the ranking never depends on float rounding.

Support per group voter, by method: dots and approval, group points / group voters;
ranking, group points / group voters, where a place p of k is worth k + 1 − p points
(domain.ranking; votes store the place); yes/no/abstain, (yes - no) / group voters (so -1..1;
an opposed group means consensus 0); rating,
the group's mean rating among those who rated the proposal, mapped from 1..5 to 0..1 as
``(mean - 1) / 4``, and 0 for a group whose voters left it unrated: silence is not support.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from math import lcm
from typing import Any, Final, NamedTuple

from .ballots import PAPER_METHODS, RATING_MAX, RATING_MIN, Method, RoundRules
from .ranking import points as place_points

__all__ = [
    "CONSENSUS_MARK", "BallotRecord", "GroupScore", "GroupTotals", "PaperTally",
    "ProposalResult", "RoundResult", "tally",
]

#: Consensus from which the screen marks a proposal as carried by all groups.
CONSENSUS_MARK: Final = 0.6
_PLACES: Final = 4


@dataclass(frozen=True, slots=True)
class BallotRecord:
    """One voter's stored (already validated) ballot; ``paper`` marks one typed in from paper."""

    voter: Hashable
    group: str
    votes: Mapping[int, int]
    paper: bool = False


@dataclass(frozen=True, slots=True)
class PaperTally:
    """A flip chart's count for one group: how many paper voters, and points per proposal."""

    group: str
    voters: int
    points: Mapping[int, int]


@dataclass(frozen=True, slots=True)
class GroupTotals:
    voters: int
    paper_voters: int = 0


class GroupScore(NamedTuple):
    """A group's votes on one proposal. A named tuple, not a dataclass: a tally builds one per
    proposal and group many times a second, and a tuple is built several times faster."""

    points: int
    voters: int
    paper_points: int = 0


_NO_SCORE: Final = GroupScore(0, 0, 0)  # shared: frozen, and most groups leave most proposals empty


@dataclass(frozen=True, slots=True)
class ProposalResult:
    """One proposal's result. ``group_averages`` holds the support per group voter of each group
    that voted: the figures the balanced score and consensus come from."""

    proposal_id: int
    title: str
    method: Method
    points: int
    voters: int
    by_group: Mapping[str, GroupScore]
    group_averages: Mapping[str, float]
    balanced_score: float
    consensus: float
    mean: float | None = None
    yes: int = 0
    no: int = 0
    abstain: int = 0
    paper_points: int = 0
    rank: int = 0
    #: For yes/no/abstain only: per group that cast any entry on it, ``(yes, no, abstain)``.
    motion_by_group: Mapping[str, tuple[int, int, int]] | None = None

    @property
    def carried_by_all(self) -> bool:
        """High consensus and real support from every group that voted."""
        return (
            bool(self.group_averages)
            and self.consensus >= CONSENSUS_MARK
            and all(self.by_group[group].points > 0 for group in self.group_averages)
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, in the shape of the results endpoint (DESIGN §5); floats to 4 places."""
        data: dict[str, Any] = {
            "proposal_id": self.proposal_id,
            "title": self.title,
            "points": self.points,
            "voters": self.voters,
            "by_group": {
                key: {"points": s.points, "voters": s.voters, "paper_points": s.paper_points}
                for key, s in self.by_group.items()
            },
            "balanced_score": round(self.balanced_score, _PLACES),
            "consensus": round(self.consensus, _PLACES),
            "paper_points": self.paper_points,
            "rank": self.rank,
        }
        if self.method is Method.RATING:
            data["mean"] = None if self.mean is None else round(self.mean, _PLACES)
        elif self.method is Method.YES_NO_ABSTAIN:
            data.update(yes=self.yes, no=self.no, abstain=self.abstain)
            for key, (yes, no, abstain) in (self.motion_by_group or {}).items():
                data["by_group"][key].update(yes=yes, no=no, abstain=abstain)
        return data


@dataclass(frozen=True, slots=True)
class RoundResult:
    groups: dict[str, GroupTotals]
    results: list[ProposalResult]
    total_voters: int

    def as_dict(self) -> dict[str, Any]:
        groups = {k: {"voters": t.voters, "paper_voters": t.paper_voters}
                  for k, t in self.groups.items()}
        return {"groups": groups, "results": [r.as_dict() for r in self.results],
                "total_voters": self.total_voters}


@dataclass(slots=True)
class _Acc:
    """Running totals of one proposal; per group ``[points, voters, paper points]``."""

    yes: int = 0
    no: int = 0
    abstain: int = 0
    groups: dict[str, list[int]] = field(default_factory=dict)
    motion: dict[str, list[int]] = field(default_factory=dict)  # group -> [yes, no, abstain]

    def add_motion(self, group: str, yes: int, no: int, abstain: int) -> None:
        counts = self.motion.setdefault(group, [0, 0, 0])
        counts[0] += yes
        counts[1] += no
        counts[2] += abstain
        self.yes += yes
        self.no += no
        self.abstain += abstain

    def add(self, group: str, value: int, *, paper: bool, voters: int = 1) -> None:
        totals = self.groups.setdefault(group, [0, 0, 0])
        totals[0] += value
        totals[1] += voters
        totals[2] += value if paper else 0

    def score(self, group: str) -> GroupScore:
        totals = self.groups.get(group)
        return GroupScore(*totals) if totals else _NO_SCORE

    def support(self, method: Method, group: str, group_voters: int) -> tuple[int, int]:
        """The group's support per group voter as an exact ratio ``(numerator, denominator)``
        with a positive denominator (plain integers: Fraction arithmetic cost most of a tally)."""
        points, raters, _ = self.groups.get(group, (0, 0, 0))
        if method is not Method.RATING:
            return points, group_voters
        if not raters:
            return 0, 1
        return points - raters * RATING_MIN, raters * (RATING_MAX - RATING_MIN)


def tally(
    rules: RoundRules,
    proposals: Sequence[tuple[int, str]],
    groups: Sequence[str],
    ballots: Iterable[BallotRecord],
    paper: Iterable[PaperTally] = (),
) -> RoundResult:
    """Count a round. Ranked by balanced score, then points, then proposal id (1-based ranks).

    A ballot counts as a voter of its group if it has at least one entry (non-zero, or any entry
    for yes/no/abstain), even if that entry is on a proposal no longer in ``proposals``: votes on
    such proposals (hidden after voting) are ignored, but the person still voted, so their group's
    denominator keeps them. Paper tallies only fit dots and approval; for approval each paper yes
    is also a voter of that proposal, paper dots add points only (the sheet does not say whose).
    Unknown groups, duplicate ids or keys and a voter appearing twice raise ``ValueError``: the
    caller passed inconsistent data.
    """
    method, motion = rules.method, rules.method is Method.YES_NO_ABSTAIN
    titles = dict(proposals)
    if len(titles) != len(proposals) or len(set(groups)) != len(groups):
        raise ValueError("duplicate proposal ids or group keys")
    accs = {proposal_id: _Acc() for proposal_id in titles}
    group_voters, group_paper = dict.fromkeys(groups, 0), dict.fromkeys(groups, 0)
    seen: set[Hashable] = set()
    for ballot in ballots:
        if ballot.group not in group_voters:
            raise ValueError(f"ballot of unknown group {ballot.group!r}")
        if ballot.voter in seen:
            raise ValueError(f"voter {ballot.voter!r} has more than one ballot")
        seen.add(ballot.voter)
        entries = [(p, v) for p, v in ballot.votes.items() if motion or v != 0]
        if entries:
            group_voters[ballot.group] += 1
            group_paper[ballot.group] += ballot.paper
        for proposal_id, value in entries:
            if (acc := accs.get(proposal_id)) is not None:
                if method is Method.RANKING:
                    value = place_points(value, rules.budget or 0)
                acc.add(ballot.group, value, paper=ballot.paper)
                if motion:
                    acc.add_motion(ballot.group, int(value == 1), int(value == -1), int(value == 0))
    add_paper(method, paper, accs, group_voters, group_paper)
    return rank_results(method, titles, groups, group_voters, group_paper, accs)


def add_paper(method: Method, paper: Iterable[PaperTally], accs: dict[int, _Acc],
              group_voters: dict[str, int], group_paper: dict[str, int]) -> None:
    """Add flip-chart counts: paper voters join their group; for approval each paper yes is
    also a voter of that proposal, paper dots add points only (the sheet does not say whose)."""
    for sheet in paper:
        if method not in PAPER_METHODS:
            raise ValueError(f"paper tallies are not supported for {method}")
        if sheet.group not in group_voters:
            raise ValueError(f"paper tally of unknown group {sheet.group!r}")
        group_voters[sheet.group] += sheet.voters
        group_paper[sheet.group] += sheet.voters
        for proposal_id, points in sheet.points.items():
            if (acc := accs.get(proposal_id)) is not None and points:
                hands = points if method is Method.APPROVAL else 0
                acc.add(sheet.group, points, paper=True, voters=hands)


def rank_results(method: Method, titles: dict[int, str], groups: Sequence[str],
                 group_voters: dict[str, int], group_paper: dict[str, int],
                 accs: dict[int, _Acc]) -> RoundResult:
    """Score every proposal (balanced score, consensus) and rank them; shared by both tallies.

    Ratios stay exact integer pairs; the ranking compares exact fractions, and every float is one
    correctly rounded integer division, the same float that converting the exact fraction gives.
    """
    voted = [group for group in groups if group_voters[group] > 0]
    scored: list[tuple[int, int, int, int, dict[str, Any]]] = []
    for proposal_id, acc in accs.items():
        ratios = [acc.support(method, g, group_voters[g]) for g in voted]
        # Every group's support over one common denominator: the sum, the weakest and the
        # strongest group are then plain integers (for all but rating, the same for every proposal).
        common = lcm(*(d for _n, d in ratios)) if ratios else 1
        scaled = [n * (common // d) for n, d in ratios]
        numerator, denominator = sum(scaled), common * max(1, len(voted))
        lowest, highest = (min(scaled), max(scaled)) if scaled else (0, 0)
        consensus = max(0.0, lowest / highest) if highest > 0 else 0.0
        points = sum(totals[0] for totals in acc.groups.values())
        voters = sum(totals[1] for totals in acc.groups.values())
        scored.append((numerator, denominator, -points, proposal_id, {
            "proposal_id": proposal_id, "title": titles[proposal_id], "method": method,
            "points": points, "voters": voters,
            "by_group": {g: acc.score(g) for g in groups},
            "group_averages": {g: n / d for g, (n, d) in zip(voted, ratios)},
            "balanced_score": numerator / denominator, "consensus": consensus,
            "mean": points / voters if method is Method.RATING and voters else None,
            "yes": acc.yes, "no": acc.no, "abstain": acc.abstain,
            "paper_points": sum(totals[2] for totals in acc.groups.values()),
            "motion_by_group": ({g: tuple(acc.motion[g]) for g in groups if g in acc.motion}
                                if method is Method.YES_NO_ABSTAIN else None),
        }))
    # Highest balanced score first, compared exactly: every score over one common denominator
    # (integers compare fast; for dots, approval and motions all denominators are equal anyway).
    common = lcm(*(item[1] for item in scored)) if scored else 1
    scored.sort(key=lambda item: (-item[0] * (common // item[1]), item[2], item[3]))
    return RoundResult(
        groups={g: GroupTotals(group_voters[g], group_paper[g]) for g in groups},
        results=[ProposalResult(**fields, rank=rank) for rank, (*_key, fields) in enumerate(scored, start=1)],
        total_voters=sum(group_voters.values()),
    )
