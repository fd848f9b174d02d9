"""Key findings of a voting round, read off its ranked results: what a council member wants first.

* the top proposals overall (the first places of the ranking);
* the top proposal of each field of action;
* the proposals all groups carry (the screen's mark: consensus from ``CONSENSUS_MARK`` and
  support from every group that voted);
* where groups disagree: well-placed proposals that one group supports strongly and another
  hardly (the weakest group gives less than a third of the strongest group's support).

Pure functions over the document dataclasses, so every format states the same findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..domain.tally import CONSENSUS_MARK
from .document import ResultRow, Round, VotingMethod

__all__ = ["CONSENSUS_MARK", "Disagreement", "KeyFindings", "key_findings"]

TOP = 3  # proposals named as the overall top
LISTED = 5  # at most this many consensus or disagreement items
DISPUTED_BELOW = 1 / 3  # consensus under this: the weakest group gives < 1/3 of the strongest's
DISPUTED_WITHIN = 10  # only well-placed proposals are worth a remark
NOTABLE = 0.25  # … and only support of at least this share of the round's strongest


@dataclass(frozen=True, slots=True)
class Disagreement:
    row: ResultRow
    strong: tuple[str, ...]  # group keys with the highest support per voter
    weak: tuple[str, ...]  # group keys with the lowest


@dataclass(frozen=True, slots=True)
class KeyFindings:
    top: tuple[ResultRow, ...] = ()
    top_per_field: tuple[tuple[str, ResultRow], ...] = ()  # (field name, its best row)
    consensus: tuple[ResultRow, ...] = ()
    disputed: tuple[Disagreement, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.top)


def key_findings(r: Round, field_order: Sequence[str] = ()) -> KeyFindings:
    """The findings of one round; empty for a round without results or a single motion."""
    rows = [row for row in r.results if row.points or row.balanced_score]
    if not rows or (r.method == VotingMethod.YES_NO_ABSTAIN and len(r.results) == 1):
        return KeyFindings()
    rows.sort(key=lambda row: row.rank)
    voters = {key: n for key, n in r.voters_by_group.items() if n}
    # A group's "strong" support must be worth a remark: a quarter of the strongest support any
    # group gave any proposal in the round at least (one stray point is no disagreement).
    strongest = max((max(_averages(row, voters).values(), default=0) for row in rows), default=0)
    return KeyFindings(
        top=tuple(rows[:TOP]),
        top_per_field=_per_field(rows, field_order) if r.field is None else (),
        consensus=tuple(row for row in rows if _carried_by_all(row, voters))[:LISTED],
        disputed=tuple(d for row in rows[:DISPUTED_WITHIN]
                       if (d := _disagreement(row, voters, strongest * NOTABLE)) is not None)[:LISTED],
    )


def _per_field(rows: Sequence[ResultRow], field_order: Sequence[str]) -> tuple[tuple[str, ResultRow], ...]:
    best: dict[str, ResultRow] = {}
    for row in rows:
        if row.field and row.field not in best:
            best[row.field] = row
    if len(best) < 2:  # one field: the overall top already says it
        return ()
    order = [name for name in field_order if name in best]
    order += [name for name in best if name not in order]
    return tuple((name, best[name]) for name in order)


def _averages(row: ResultRow, voters: Mapping[str, int]) -> dict[str, float]:
    """Support per group voter, for each group that voted (the figures of the balanced score)."""
    return {key: (row.by_group[key].points if key in row.by_group else 0) / n
            for key, n in voters.items()}


def _carried_by_all(row: ResultRow, voters: Mapping[str, int]) -> bool:
    if len(voters) < 2:
        return False
    averages = _averages(row, voters)
    return row.consensus >= CONSENSUS_MARK and all(value > 0 for value in averages.values())


def _disagreement(row: ResultRow, voters: Mapping[str, int], notable: float) -> Disagreement | None:
    if len(voters) < 2:
        return None
    averages = _averages(row, voters)
    high, low = max(averages.values()), min(averages.values())
    if high <= 0 or high < notable or low / high >= DISPUTED_BELOW:
        return None
    return Disagreement(row, tuple(k for k, v in averages.items() if v == high),
                        tuple(k for k, v in averages.items() if v == low))
