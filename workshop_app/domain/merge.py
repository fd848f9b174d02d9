"""Merging proposals: what happens to the votes.

When a moderator merges near-duplicate proposals, their supporters carry over to the proposal that
remains. A voter must never end up with more than the rules allow, and never gain influence by
having supported two duplicates, so each voter's values are combined per ballot: dots add up but
stop at the per-proposal maximum, a yes or a rating counts once at its highest value. A single
motion (yes/no/abstain) cannot be merged: there is nothing to merge it with.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from .ballots import Method, RoundRules
from .errors import DomainError

__all__ = ["RULE_DESCRIPTION", "MergePreview", "merge_votes", "preview_merge"]

RULE_DESCRIPTION: Final = (
    "When proposals are merged, each person's votes on them move to the remaining proposal: "
    "points are added up to the maximum per proposal, and a yes or a rating counts once, "
    "at its highest value."
)


def _check(rules: RoundRules, sources: Collection[int], target: int) -> None:
    if rules.method is Method.YES_NO_ABSTAIN:
        raise DomainError(
            "merge_not_supported", "Votes of a yes/no/abstain round cannot be merged."
        )
    if target in sources:
        raise DomainError("merge_into_self", "A proposal cannot be merged into itself.",
                          proposal=target)


def _merge(rules: RoundRules, votes: Mapping[int, int], sources: Collection[int],
           target: int) -> dict[int, int]:
    involved = [value for proposal, value in votes.items() if proposal in sources]
    merged = {p: v for p, v in votes.items() if p not in sources}
    if involved:
        involved.append(merged.get(target, 0))
        if rules.method is Method.DOTS:
            merged[target] = min(sum(involved), rules.value_range[1])  # the per-proposal maximum
        else:
            merged[target] = max(involved)
    return {p: v for p, v in sorted(merged.items()) if v != 0}


def merge_votes(
    rules: RoundRules, votes: Mapping[int, int], sources: Collection[int], target: int
) -> dict[int, int]:
    """One voter's ballot after merging ``sources`` into ``target`` (a new dict, sorted by id).

    ``votes`` must be a validated ballot. The result holds no source and no zero, so it passes
    :func:`~workshop_app.domain.ballots.validate_ballot` with the sources no longer eligible; its
    total never exceeds the original, and merging again changes nothing. A ballot without votes
    on any source is returned as it was.
    """
    _check(rules, sources, target)
    return _merge(rules, votes, frozenset(sources), target)


@dataclass(frozen=True, slots=True)
class MergePreview:
    """What a merge would do, shown to the moderator before confirming.

    ``points_lost_by_cap`` is ``points_before - points_after``: dots above the per-proposal
    maximum, or double yes/ratings that count once after the merge.
    """

    ballots_affected: int
    points_before: int
    points_after: int
    points_lost_by_cap: int
    voters_on_target_after: int


def preview_merge(
    rules: RoundRules,
    ballots: Iterable[Mapping[int, int]],
    sources: Collection[int],
    target: int,
) -> MergePreview:
    """Dry run of :func:`merge_votes` over all ballots of a round.

    Points are counted on the sources and the target together (the rest of a ballot does not
    change); a ballot is affected when it has a vote on any source.
    """
    _check(rules, sources, target)
    moved = frozenset(sources)
    involved = moved | {target}
    affected = before = after = voters = 0
    for votes in ballots:
        before += sum(v for p, v in votes.items() if p in involved)
        hit = not moved.isdisjoint(votes)
        merged = _merge(rules, votes, moved, target) if hit else votes
        affected += hit
        after += merged.get(target, 0)
        voters += merged.get(target, 0) != 0
    return MergePreview(affected, before, after, before - after, voters)
