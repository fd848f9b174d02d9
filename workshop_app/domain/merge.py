"""Merging proposals: what happens to the votes.

When a moderator merges near-duplicate proposals, their supporters carry over to the proposal that
remains. A voter must never end up with more than the rules allow, and never gain influence by
having supported two duplicates, so each voter's values are combined per ballot: dots add up but
stop at the per-proposal maximum, a yes or a rating counts once at its highest value. A single
motion (yes/no/abstain) cannot be merged: there is nothing to merge it with. A ranking keeps the
voter's best place among the merged proposals and closes the gap (domain.ranking.merge_places),
so the ballot is again places 1..m without a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from .ballots import Method, RoundRules
from .errors import DomainError, InvalidTransition
from .phases import ProposalState
from .ranking import merge_places
from .ranking import points as place_points

__all__ = [
    "MERGEABLE_STATES",
    "RULE_DESCRIPTION",
    "MergePreview",
    "RoundImage",
    "can_merge",
    "check_not_into_itself",
    "merge_votes",
    "preview_merge",
    "restore_image",
    "split_state",
]

RULE_DESCRIPTION: Final = (
    "When proposals are merged, each person's votes on them move to the remaining proposal: "
    "points are added up to the maximum per proposal, and a yes or a rating counts once, "
    "at its highest value; in a ranking the best place counts and the places below move up."
)


def _check(rules: RoundRules, sources: Collection[int], target: int) -> None:
    if rules.method is Method.YES_NO_ABSTAIN:
        raise DomainError(
            "merge_not_supported", "Votes of a yes/no/abstain round cannot be merged."
        )
    check_not_into_itself(sources, target)


def check_not_into_itself(sources: Collection[int], target: int) -> None:
    """The one place that refuses merging a proposal into itself (services.merging asks it too).

    No params on the error: the API has always answered this code without any."""
    if target in sources:
        raise DomainError("merge_into_self", "A proposal cannot be merged into itself.")


def _merge(rules: RoundRules, votes: Mapping[int, int], sources: Collection[int],
           target: int) -> dict[int, int]:
    if rules.method is Method.RANKING:
        return merge_places(votes, sources, target)
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
    worth = _worth(rules)
    affected = before = after = voters = 0
    for votes in ballots:
        before += sum(worth(v) for p, v in votes.items() if p in involved)
        hit = not moved.isdisjoint(votes)
        merged = _merge(rules, votes, moved, target) if hit else votes
        affected += hit
        after += worth(merged.get(target, 0))
        voters += merged.get(target, 0) != 0
    return MergePreview(affected, before, after, before - after, voters)


def _worth(rules: RoundRules) -> Callable[[int], int]:
    """Points of a stored value: the value itself, for a ranking the place's points."""
    if rules.method is not Method.RANKING:
        return lambda value: value
    places = rules.budget or 0
    return lambda value: place_points(value, places) if value else 0


# --- undoing a merge (split back) -----------------------------------------------------------

#: The states a proposal may be merged from, and so the states a split may give back.
MERGEABLE_STATES: Final = frozenset({ProposalState.PENDING, ProposalState.PUBLISHED,
                                     ProposalState.HIDDEN})


def can_merge(state: ProposalState | str) -> bool:
    """Whether a proposal in ``state`` may be merged, as a source or as the one kept."""
    return ProposalState(state) in MERGEABLE_STATES


def split_state(current: str, previous: str) -> ProposalState:
    """The state a merged proposal returns to when its merge is undone: the one it had before.

    Only a merged proposal can be split back, and only into a state it could have been merged
    from (``invalid_proposal_transition`` otherwise).
    """
    if current != ProposalState.MERGED.value or previous not in {s.value for s in MERGEABLE_STATES}:
        raise InvalidTransition(
            "invalid_proposal_transition", f"A proposal cannot go from {current} to {previous}.",
            current=current, target=previous,
        )
    return ProposalState(previous)


Row = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class RoundImage:
    """The rows of one round that a merge touches, for the proposals it involves (sources and
    target): ``votes`` (ballot, proposal, value), ``paper`` (group, proposal, points) and
    ``items`` (proposal, position)."""

    votes: frozenset[Row] = frozenset()
    paper: frozenset[Row] = frozenset()
    items: frozenset[tuple[int, int]] = frozenset()

    def to_json(self) -> dict[str, list[list[int]]]:
        return {"votes": [list(r) for r in sorted(self.votes)],
                "paper": [list(r) for r in sorted(self.paper)],
                "items": [list(r) for r in sorted(self.items)]}

    @classmethod
    def from_json(cls, data: Mapping[str, Iterable[Iterable[int]]]) -> RoundImage:
        return cls(frozenset(tuple(r) for r in data.get("votes", ())),  # type: ignore[misc]
                   frozenset(tuple(r) for r in data.get("paper", ())),  # type: ignore[misc]
                   frozenset(tuple(r) for r in data.get("items", ())))  # type: ignore[misc]

    def of_ballots(self, ballots: Collection[int]) -> RoundImage:
        """Only the votes of ballots that still exist (a removed participant's are gone)."""
        return RoundImage(frozenset(v for v in self.votes if v[0] in ballots), self.paper, self.items)


def restore_image(before: RoundImage, after: RoundImage, current: RoundImage,
                  ballots: Collection[int], *, round_id: int = 0) -> RoundImage:
    """What a round's rows must be after splitting a merge back: exactly ``before``.

    ``after`` is what the merge left, ``current`` what the round holds now, ``ballots`` the
    ballots that still exist. Ballots deleted since (a participant removed for ballot stuffing)
    stay deleted. Anything else that changed since the merge (paper counts entered again,
    another merge into the same proposal) means the old state can no longer be restored exactly:
    ``merge_changed_since`` and nothing is written.
    """
    if current != after.of_ballots(ballots):
        raise DomainError("merge_changed_since",
                          "The votes changed after the merge; it cannot be undone exactly.",
                          round=round_id)
    return before.of_ballots(ballots)
