"""Ranking: each voter gives distinct places 1..k to proposals; place p is worth k + 1 − p points.

A round's ``budget`` is the number of places k (1..:data:`MAX_PLACES`, default
:data:`DEFAULT_PLACES`); at opening it must not exceed the number of proposals in the round
(:func:`check_places_fit`). A ballot maps proposals to places and may give fewer than k places,
but the places it gives are always 1..m without a gap and without two proposals on one place, so
a ballot of m places is worth ``k + (k−1) + … + (k−m+1)`` points (:func:`ballot_points`).

Votes store the place (1..k), not the points: the ballot reads back as the voter gave it. Tallies
turn places into points (:func:`points`); a sum of places over ``n`` entries is worth
``n·(k+1) − sum`` points (:func:`points_of_sum`), which is how the running sums per proposal and
group, kept as sums of stored values, become points.

Paper counts do not fit a ranking (a flip chart's dots do not say who gave which place): the
moderator types paper ballots in as ballots, or leaves them out (``paper_not_supported``).

Merging proposals (domain.merge) keeps a voter's best place among the merged ones and closes the
gap the others leave (:func:`merge_places`), so a merged ballot is again a valid ranking.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Final

from .errors import BallotRejected, DomainError

__all__ = ["DEFAULT_PLACES", "MAX_PLACES", "ballot_points", "check_places", "check_places_fit",
           "compact", "merge_places", "place_counts", "place_next", "points", "points_of_sum",
           "remove_place"]

#: How many places a ranking has when the moderator does not say (1st, 2nd, 3rd).
DEFAULT_PLACES: Final = 3
#: At most ten places: more cannot be ranked meaningfully on a phone in a workshop, and each
#: place is shown with its count per group in every result.
MAX_PLACES: Final = 10


def points(place: int, places: int) -> int:
    """Points of one ballot's ``place`` in a ranking of ``places`` places: 1st = k, k-th = 1."""
    return places + 1 - place


def points_of_sum(place_sum: int, entries: int, places: int) -> int:
    """Points of ``entries`` votes whose places add up to ``place_sum``."""
    return entries * (places + 1) - place_sum


def ballot_points(given: int, places: int) -> int:
    """Points a ballot with ``given`` places distributes: k(k+1)/2 − (k−m)(k−m+1)/2."""
    rest = places - given
    return places * (places + 1) // 2 - rest * (rest + 1) // 2


def check_places(ballot: Mapping[int, int], places: int) -> None:
    """A ranking ballot (zeros already dropped) gives each place at most once, only places
    1..k, and no gap: the places given are exactly 1..m. Raises :class:`BallotRejected`."""
    seen: dict[int, int] = {}
    for proposal, place in ballot.items():
        if not 1 <= place <= places:
            raise BallotRejected(
                "place_out_of_range", f"Places must be between 1 and {places}.",
                proposal=proposal, value=place, min=1, max=places,
            )
        if place in seen:
            raise BallotRejected(
                "place_taken", f"Place {place} is given twice.",
                place=place, proposal=proposal, other=seen[place],
            )
        seen[place] = proposal
    for place in range(1, len(seen) + 1):
        if place not in seen:
            raise BallotRejected(
                "place_gap", f"Place {place} is missing: give the places in order from 1.",
                place=place,
            )


def check_places_fit(places: int, proposals: int) -> None:
    """At opening: a ranking cannot have more places than its round has proposals."""
    if places > proposals:
        raise DomainError(
            "too_few_to_rank", "The ranking has more places than the round has proposals.",
            places=places, proposals=proposals,
        )


def compact(ballot: Mapping[int, int]) -> dict[int, int]:
    """The same order of proposals on places 1..m (closing gaps left by proposals that dropped
    out); ties keep the lower proposal id first. Sorted by proposal id."""
    order = sorted((place, proposal) for proposal, place in ballot.items() if place > 0)
    return dict(sorted((proposal, index) for index, (_p, proposal) in enumerate(order, start=1)))


def merge_places(ballot: Mapping[int, int], sources: Collection[int], target: int) -> dict[int, int]:
    """A ranking ballot after merging ``sources`` into ``target``: the target takes the best
    (lowest) place among the sources and itself, the others' places close up."""
    involved = [place for proposal, place in ballot.items()
                if place > 0 and (proposal in sources or proposal == target)]
    merged = {p: v for p, v in ballot.items() if p not in sources and p != target}
    if involved:
        merged[target] = min(involved)
    return compact(merged)


def place_counts(counts: Mapping[int, int], places: int) -> tuple[int, ...]:
    """How often each place 1..k was given, in order (``counts`` maps a place to a count)."""
    if any(place < 1 or place > places for place in counts):
        raise ValueError("places must be between 1 and the number of places")
    return tuple(counts.get(place, 0) for place in range(1, places + 1))


# --- the phone's taps (the no-JS form applies the same steps as participant-ranking.js) -------

def _ordered(ballot: Mapping[int, int]) -> list[int]:
    return [proposal for _place, proposal in sorted((v, p) for p, v in ballot.items() if v > 0)]


def _numbered(order: list[int], places: int) -> dict[int, int]:
    return dict(sorted((proposal, index) for index, proposal in enumerate(order[:places], start=1)))


def place_next(ballot: Mapping[int, int], proposal: int, places: int) -> dict[int, int]:
    """``proposal`` takes the next free place (after the others, gaps closed); unchanged when it
    is placed already or every place is taken."""
    order = _ordered(ballot)
    if proposal in order or len(order) >= places:
        return _numbered(order, places)
    return _numbered([*order, proposal], places)


def remove_place(ballot: Mapping[int, int], proposal: int, places: int) -> dict[int, int]:
    """``proposal`` loses its place; the ones below it move up."""
    return _numbered([p for p in _ordered(ballot) if p != proposal], places)
