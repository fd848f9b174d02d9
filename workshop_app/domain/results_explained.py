"""Results that explain themselves: what number a ranking sorts by, and what it means.

The ranking (``tally.rank_results``) sorts by the group-balanced score. That score is a mean over
the groups that voted of each group's *support per voter*, whose unit depends on the method.
Shown raw ("0,5") it says nothing; this module turns it into the **display value** in the
method's own unit, a strictly increasing function of the score, so the number shown is the
number the ranking sorts by:

=================  =====================================================  ==============
method             display value (mean over the groups that voted)        unit
=================  =====================================================  ==============
dots               the group's points per voter                           points
approval           share of the group's voters who approved               percent
rating             the group's mean rating 1–5 (a group that voted in the  rating 1–5
                   round but left this proposal unrated counts as 1)
yes_no_abstain     (yes − no) per voter of the group                       percent, ±
ranking            the group's points per voter (place p of k: k + 1 − p)  points
=================  =====================================================  ==============

Motions also get yes/no/abstain counts and percentages per group and in total, and an outcome
under a stated rule (:class:`MotionRule`, simple majority of yes over no by default). Ratings get
their mean and 1–5 distribution per group and in total; rankings how often each place was given,
per group and in total (:func:`explain_places`). Percentages are whole numbers that add
up to exactly 100 (largest remainder), so a row never reads 33 + 33 + 33.

Texts are not here (no Flask in the domain): :func:`legend` returns stable keys that the
presentation layer translates (``workshop_app/results_legend.py``).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from .ballots import RATING_MAX, RATING_MIN, Method
from .ranking import place_counts

__all__ = [
    "MotionCount",
    "MotionRule",
    "Outcome",
    "RatingSummary",
    "display_value",
    "explain_motion",
    "explain_places",
    "explain_rating",
    "explain_row",
    "legend",
    "motion_outcome",
    "percentages",
    "rating_summary",
    "value_unit",
]

RATING_VALUES: Final = tuple(range(RATING_MIN, RATING_MAX + 1))


class MotionRule(StrEnum):
    """When a motion is adopted."""

    SIMPLE_MAJORITY = "simple_majority"      # more yes than no; abstentions do not count
    ABSOLUTE_MAJORITY = "absolute_majority"  # more than half of all votes cast, abstentions included
    TWO_THIRDS = "two_thirds"                # at least two thirds of yes and no together


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_VOTES = "no_votes"


DEFAULT_RULE: Final = MotionRule.SIMPLE_MAJORITY


def percentages(counts: Sequence[int]) -> tuple[int, ...]:
    """Whole percentages of ``counts`` that add up to exactly 100 (all zeros for no counts):
    floor each share, then give the missing points to the largest remainders (ties: earlier
    first). Each result is the floor or the ceiling of the exact share."""
    if any(c < 0 for c in counts):
        raise ValueError("counts must not be negative")
    total = sum(counts)
    if total == 0:
        return tuple(0 for _ in counts)
    floors = [c * 100 // total for c in counts]
    remainders = sorted(range(len(counts)), key=lambda i: (-(counts[i] * 100 % total), i))
    for i in remainders[:100 - sum(floors)]:
        floors[i] += 1
    return tuple(floors)


@dataclass(frozen=True, slots=True)
class MotionCount:
    yes: int = 0
    no: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        if min(self.yes, self.no, self.abstain) < 0:
            raise ValueError("counts must not be negative")

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain

    def __add__(self, other: MotionCount) -> MotionCount:
        return MotionCount(self.yes + other.yes, self.no + other.no, self.abstain + other.abstain)

    def as_dict(self, rule: MotionRule = DEFAULT_RULE) -> dict[str, Any]:
        yes, no, abstain = percentages((self.yes, self.no, self.abstain))
        return {"yes": self.yes, "no": self.no, "abstain": self.abstain, "total": self.total,
                "percent": {"yes": yes, "no": no, "abstain": abstain},
                "outcome": motion_outcome(self, rule).value}


def motion_outcome(count: MotionCount, rule: MotionRule = DEFAULT_RULE) -> Outcome:
    """Adopted or rejected under ``rule`` (a tie is not a majority); no votes: no outcome."""
    if count.total == 0:
        return Outcome.NO_VOTES
    if rule is MotionRule.SIMPLE_MAJORITY:
        adopted = count.yes > count.no
    elif rule is MotionRule.ABSOLUTE_MAJORITY:
        adopted = 2 * count.yes > count.total
    else:
        adopted = count.yes + count.no > 0 and 3 * count.yes >= 2 * (count.yes + count.no)
    return Outcome.ADOPTED if adopted else Outcome.REJECTED


def explain_motion(by_group: Mapping[str, tuple[int, int, int] | MotionCount],
                   groups: Iterable[str], rule: MotionRule = DEFAULT_RULE) -> dict[str, Any]:
    """Counts, percentages and outcome per group (every key of ``groups``, in order; a group
    without votes has zeros and ``no_votes``) and in total (the sum over all voters, not a mean
    of groups: the total is the room's head count). JSON-ready."""
    counts = {key: _motion_count(by_group.get(key, (0, 0, 0))) for key in groups}
    total = sum(counts.values(), MotionCount())
    return {"rule": rule.value, "groups": {key: c.as_dict(rule) for key, c in counts.items()},
            "total": total.as_dict(rule)}


def _motion_count(value: tuple[int, int, int] | MotionCount) -> MotionCount:
    return value if isinstance(value, MotionCount) else MotionCount(*value)


@dataclass(frozen=True, slots=True)
class RatingSummary:
    """How often each value 1–5 was given, in order, and the mean (None without ratings)."""

    distribution: tuple[int, ...]

    @property
    def count(self) -> int:
        return sum(self.distribution)

    @property
    def mean(self) -> float | None:
        if not self.count:
            return None
        return sum(v * n for v, n in zip(RATING_VALUES, self.distribution)) / self.count

    def as_dict(self) -> dict[str, Any]:
        mean = self.mean
        return {"count": self.count, "mean": None if mean is None else round(mean, 4),
                "distribution": list(self.distribution),
                "percent": list(percentages(self.distribution))}


def rating_summary(counts: Mapping[int, int]) -> RatingSummary:
    """``counts`` maps a rating to how often it was given; values outside 1–5 are an error."""
    if any(value not in RATING_VALUES for value in counts):
        raise ValueError("ratings must be between 1 and 5")
    if any(n < 0 for n in counts.values()):
        raise ValueError("counts must not be negative")
    return RatingSummary(tuple(counts.get(value, 0) for value in RATING_VALUES))


def explain_rating(by_group: Mapping[str, Mapping[int, int]], groups: Iterable[str]) -> dict[str, Any]:
    """Mean and distribution per group (every key of ``groups``, in order) and in total."""
    summaries = {key: rating_summary(by_group.get(key, {})) for key in groups}
    total = tuple(sum(column) for column in zip(*(s.distribution for s in summaries.values()))) \
        if summaries else tuple(0 for _ in RATING_VALUES)
    return {"groups": {key: s.as_dict() for key, s in summaries.items()},
            "total": RatingSummary(total).as_dict()}


def explain_places(by_group: Mapping[str, Mapping[int, int]], groups: Iterable[str],
                   places: int) -> dict[str, Any]:
    """How often each place 1..k was given, per group (every key of ``groups``, in order) and in
    total: ``{"groups": {key: [n1, …, nk]}, "total": [n1, …, nk]}``."""
    counts = {key: place_counts(by_group.get(key, {}), places) for key in groups}
    total = [sum(column) for column in zip(*counts.values())] if counts else [0] * places
    return {"groups": {key: list(c) for key, c in counts.items()}, "total": total}


def display_value(method: Method | str, balanced_score: float) -> float:
    """The group-balanced score in the method's unit (see the module's table): strictly
    increasing in the score, so sorting by it is sorting by the score."""
    method = Method(method)
    if method is Method.DOTS or method is Method.RANKING:
        return balanced_score
    if method is Method.RATING:
        return RATING_MIN + (RATING_MAX - RATING_MIN) * balanced_score
    return 100 * balanced_score  # approval: share of voters; motion: yes minus no per voter


def value_unit(method: Method | str) -> str:
    """How the display value is written: ``points``, ``percent``, ``signed_percent``, ``rating``."""
    return {Method.DOTS: "points", Method.APPROVAL: "percent", Method.RATING: "rating",
            Method.YES_NO_ABSTAIN: "signed_percent", Method.RANKING: "points"}[Method(method)]


def legend(method: Method | str, *, groups_voted: int = 2,
           rule: MotionRule = DEFAULT_RULE) -> tuple[str, ...]:
    """Keys of the sentences a results view shows with its ranking, in order: what the value
    is, what n counts, what the bar shows, for motions the rule that decides the outcome, and
    (with more than one group) what the consensus mark means."""
    method = Method(method)
    keys = [f"value.{method.value}", "voters"]
    if method is Method.YES_NO_ABSTAIN:
        keys += ["bar.motion", f"rule.{rule.value}"]
    elif method is Method.RATING:
        keys += ["bar.rating"]
    elif method is Method.RANKING:
        keys += ["places"]
    if groups_voted > 1:
        if method is not Method.YES_NO_ABSTAIN and method is not Method.RATING:
            keys.append("bar.groups")
        keys.append("consensus")
    return tuple(keys)


def explain_row(method: Method | str, result: Any, groups: Sequence[str],
                ratings: Mapping[str, Mapping[int, int]] | None = None,
                rule: MotionRule = DEFAULT_RULE, places: int = 0) -> dict[str, Any]:
    """What a results row shows besides the tally (``result`` is a ``tally.ProposalResult``):
    ``value`` (the display value, rounded to 4 places), and for motions ``motion``
    (:func:`explain_motion`), for ratings ``rating`` (:func:`explain_rating` of ``ratings``,
    group -> rating -> count), for rankings of ``places`` places ``places``
    (:func:`explain_places` of ``ratings``, group -> place -> count). JSON-ready."""
    method = Method(method)
    data: dict[str, Any] = {"value": round(display_value(method, result.balanced_score), 4)}
    if method is Method.YES_NO_ABSTAIN:
        data["motion"] = explain_motion(result.motion_by_group or {}, groups, rule)
    elif method is Method.RATING:
        data["rating"] = explain_rating(ratings or {}, groups)
    elif method is Method.RANKING:
        data["places"] = explain_places(ratings or {}, groups, places)
    return data
