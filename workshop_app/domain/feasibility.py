"""Feasibility rounds: who may assess, and which rounds can be assessed (issue 17, item 6).

A *feasibility round* is a rating round (1 = hardly feasible / great effort … 5 = easily
feasible / little effort) over the items of a closed *priority round*. Only designated
assessors rate in it: the participants of the assessor group (by default the administration,
the group with the key ``verwaltung``) and the staff accounts the moderator names. Everyone else
sees that the administration is assessing; a ballot of theirs is refused (``not_assessor``).
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from .ballots import Method
from .errors import DomainError
from .phases import RoundState


class RoundPurpose(StrEnum):
    """What a round asks: the room's priorities, or the assessors' view of feasibility."""

    PRIORITY = "priority"
    FEASIBILITY = "feasibility"


PRIORITY: Final = RoundPurpose.PRIORITY
FEASIBILITY: Final = RoundPurpose.FEASIBILITY
ROUND_PURPOSES: Final = tuple(RoundPurpose)
#: The stakeholder group that assesses by default, when the workshop has one with this key.
DEFAULT_ASSESSOR_KEY: Final = "verwaltung"
#: At most this many named assessor accounts per round.
MAX_NAMED_ASSESSORS: Final = 50


def default_assessor_key(group_keys: Iterable[str]) -> str | None:
    """The administration's group key when the workshop has it; else None (the moderator picks)."""
    return DEFAULT_ASSESSOR_KEY if DEFAULT_ASSESSOR_KEY in set(group_keys) else None


def check_assessable(*, purpose: str, state: str) -> None:
    """A feasibility round assesses a closed priority round (never another feasibility round)."""
    if purpose != PRIORITY:
        raise DomainError("not_a_priority_round", "only a priority round can be assessed")
    if state != RoundState.CLOSED.value:
        raise DomainError("round_not_closed", "only a closed round can be assessed")


def check_assessors(group_id: int | None, named: Iterable[int]) -> None:
    """Somebody must be able to rate: an assessor group, named accounts, or both."""
    named = list(named)
    if group_id is None and not named:
        raise DomainError("assessors_required", "choose an assessor group or assessor accounts")
    if len(named) > MAX_NAMED_ASSESSORS:
        raise DomainError("too_many_assessors", "too many assessor accounts",
                          max_count=MAX_NAMED_ASSESSORS)


def may_rate(purpose: str, assessor_group_id: int | None, voter_group_id: int | None, *,
             named: bool = False) -> bool:
    """Whether a voter may write a ballot: anyone in a priority round; in a feasibility round a
    participant of the assessor group, or a named assessor account (``named``)."""
    if purpose != FEASIBILITY:
        return True
    return named or (assessor_group_id is not None and voter_group_id == assessor_group_id)


def check_may_rate(purpose: str, assessor_group_id: int | None, voter_group_id: int | None, *,
                   named: bool = False) -> None:
    if not may_rate(purpose, assessor_group_id, voter_group_id, named=named):
        raise DomainError("not_assessor", "only the assessors rate feasibility in this round")


FEASIBILITY_METHOD: Final = Method.RATING
