"""Voting methods, round settings and ballot validation.

A participant's votes in a round form one ballot, written whole. Validating the whole ballot at
once (not vote by vote) is what makes budgets enforceable: the service validates here, then writes
the result in the same transaction that locks the ballot row, so parallel requests cannot add up to
more than the budget. The rules never trust the types a JSON body brings: ``True`` is not 1, and
``2.0`` is not 2.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, TypeGuard

from .errors import BallotRejected, DomainError
from .phases import RoundState
from .ranking import DEFAULT_PLACES, MAX_PLACES, check_places

__all__ = [
    "DB_VALUE_MAX",
    "DB_VALUE_MIN",
    "DEFAULT_DOTS",
    "PAPER_METHODS",
    "RATING_MAX",
    "RATING_MIN",
    "Method",
    "RoundRules",
    "remaining_budget",
    "validate_ballot",
    "validate_paper_tally",
]


class Method(StrEnum):
    DOTS = "dots"
    APPROVAL = "approval"
    RATING = "rating"
    YES_NO_ABSTAIN = "yes_no_abstain"
    RANKING = "ranking"


#: The methods a flip chart can be counted for (validate_paper_tally).
PAPER_METHODS: Final = frozenset({Method.DOTS, Method.APPROVAL})
RATING_MIN: Final = 1
RATING_MAX: Final = 5
DEFAULT_DOTS: Final = 5
_MAX_DOTS: Final = 100
_MAX_APPROVALS: Final = 1000
#: Bounds for the votes table's check constraint: -1 (no) up to the largest dots budget.
DB_VALUE_MIN: Final = -1
DB_VALUE_MAX: Final = _MAX_DOTS
# Proposal ids are database keys; a longer digit string cannot be one and is not worth parsing.
_MAX_ID_DIGITS: Final = 18


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _settings_error(field: str, message: str, **params: object) -> DomainError:
    return DomainError("invalid_round_settings", message, field=field, **params)


def _method(value: Method | str) -> Method:
    try:
        return Method(value)
    except ValueError:
        raise _settings_error("method", "Unknown voting method.") from None


@dataclass(frozen=True, slots=True)
class RoundRules:
    """How a round is voted. Construction normalises and validates (``invalid_round_settings``).

    - ``dots``: ``budget`` points each (default 5, 1..100), at most ``max_per_proposal`` on one
      proposal (default: the budget, 1..budget).
    - ``approval``: yes/no per proposal; ``budget`` is the maximum number of yes (``None`` =
      unlimited, else 1..1000); ``max_per_proposal`` is always 1, whatever was passed.
    - ``rating``: 1..5 per proposal; no budget. ``yes_no_abstain``: one motion; no budget.
      For these two ``max_per_proposal`` is ignored (set to ``None``): forms send it along for every
      method, and it has no meaning here, whereas a budget would be a real misunderstanding.
    - ``ranking``: ``budget`` is the number of places k (default 3, 1..10, see domain.ranking);
      a ballot gives distinct places 1..m (m ≤ k); ``max_per_proposal`` is ignored (``None``).
    """

    method: Method
    budget: int | None = None
    max_per_proposal: int | None = None

    @classmethod
    def create(
        cls, method: Method | str, budget: int | None = None, max_per_proposal: int | None = None
    ) -> RoundRules:
        """Same as the constructor; reads better at call sites that pass raw form values."""
        return cls(_method(method), budget, max_per_proposal)

    def __post_init__(self) -> None:
        method = _method(self.method)
        for field, value in (("budget", self.budget), ("max_per_proposal", self.max_per_proposal)):
            if value is not None and not _is_int(value):
                raise _settings_error(field, "Expected a whole number.")
        budget, cap = self.budget, self.max_per_proposal
        if method is Method.DOTS:
            budget = DEFAULT_DOTS if budget is None else budget
            cap = budget if cap is None else cap
            if not 1 <= budget <= _MAX_DOTS:
                raise _settings_error("budget", "Points per person must be 1 to 100.",
                                      min=1, max=_MAX_DOTS)
            if not 1 <= cap <= budget:
                raise _settings_error("max_per_proposal",
                                      "Points per proposal must be between 1 and the budget.",
                                      min=1, max=budget)
        elif method is Method.APPROVAL:
            cap = 1
            if budget is not None and not 1 <= budget <= _MAX_APPROVALS:
                raise _settings_error("budget", "The number of yes votes must be 1 to 1000.",
                                      min=1, max=_MAX_APPROVALS)
        elif method is Method.RANKING:
            cap = None
            budget = DEFAULT_PLACES if budget is None else budget
            if not 1 <= budget <= MAX_PLACES:
                raise _settings_error("budget", "The number of places must be 1 to 10.",
                                      min=1, max=MAX_PLACES)
        else:
            cap = None
            if budget is not None:
                raise _settings_error("budget", "This voting method has no budget.")
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "budget", budget)
        object.__setattr__(self, "max_per_proposal", cap)

    @property
    def value_range(self) -> tuple[int, int]:
        """Inclusive range of values a ballot may carry (0 always means "no vote" or abstain)."""
        if self.method is Method.DOTS:
            return (0, self.max_per_proposal or 0)  # never None for dots, see __post_init__
        if self.method is Method.APPROVAL:
            return (0, 1)
        if self.method is Method.RATING:
            return (0, RATING_MAX)
        if self.method is Method.RANKING:
            return (0, self.budget or 0)  # a place 1..k; never None for ranking
        return (-1, 1)


def _proposal_id(key: object) -> int:
    if _is_int(key):
        return key
    if isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= _MAX_ID_DIGITS:
        return int(key)
    raise BallotRejected(
        "invalid_proposal_id", "A vote names no valid proposal.", proposal=str(key)[:40]
    )


def _entries(
    votes: object, allowed: Collection[int], low: int, high: int
) -> dict[int, int]:
    """Parse keys and check every value's type and range; shared by ballots and paper counts."""
    if not isinstance(votes, Mapping):
        raise BallotRejected("invalid_ballot", "The ballot must map proposals to values.")
    if len(votes) > len(allowed):
        raise BallotRejected(
            "too_many_entries", "The ballot names more proposals than the round has.",
            limit=len(allowed),
        )
    parsed: dict[int, int] = {}
    for key, value in votes.items():
        proposal = _proposal_id(key)
        if proposal not in allowed:
            raise BallotRejected(
                "proposal_not_eligible", "This proposal is not part of the round.",
                proposal=proposal,
            )
        if proposal in parsed:
            raise BallotRejected(
                "duplicate_entry", "A proposal appears twice on the ballot.", proposal=proposal
            )
        if not _is_int(value):
            raise BallotRejected("invalid_value", "Votes must be whole numbers.", proposal=proposal)
        if not low <= value <= high:
            raise BallotRejected(
                "value_out_of_range", f"Votes must be between {low} and {high}.",
                proposal=proposal, value=value, min=low, max=high,
            )
        parsed[proposal] = value
    return parsed


def _check_total(entries: Mapping[int, int], budget: int | None) -> None:
    total = sum(entries.values())  # approval: every kept value is 1, so this counts the yes
    if budget is not None and total > budget:
        raise BallotRejected(
            "over_budget", f"At most {budget} may be given in total.", budget=budget, total=total
        )


def validate_ballot(
    rules: RoundRules, votes: Mapping[Any, object], eligible: Collection[int]
) -> dict[int, int]:
    """Check a whole ballot and return it normalised: ``{proposal id: value}`` sorted by id.

    Keys may be ints or strings of ASCII digits (JSON object keys are strings). A value of 0 is
    "no vote" and is dropped for dots, approval and rating; for yes/no/abstain 0 is an abstention,
    which is a vote and is kept. An empty mapping is valid and withdraws the ballot. The first
    problem found raises :class:`BallotRejected`; nothing of a rejected ballot counts. A ranking
    ballot maps proposals to distinct places 1..m, m ≤ k (domain.ranking.check_places).
    """
    allowed = eligible if isinstance(eligible, (set, frozenset)) else frozenset(eligible)
    is_motion = rules.method is Method.YES_NO_ABSTAIN
    if is_motion and len(allowed) != 1:
        raise BallotRejected(
            "invalid_motion", "A yes/no/abstain round needs exactly one motion.",
            motions=len(allowed),
        )
    ranking = rules.method is Method.RANKING
    # A ranking's places are judged by check_places, which names the problem as a place.
    ballot = _entries(votes, allowed, *((-DB_VALUE_MAX, DB_VALUE_MAX) if ranking else rules.value_range))
    if not is_motion:
        ballot = {proposal: value for proposal, value in ballot.items() if value != 0}
    if ranking:
        check_places(ballot, rules.budget or 0)
    else:
        _check_total(ballot, rules.budget)
    return dict(sorted(ballot.items()))


def validate_paper_tally(
    rules: RoundRules, voters: object, points: Mapping[Any, object], eligible: Collection[int]
) -> dict[int, int]:
    """Check a flip chart's count for one group: ``voters`` paper voters gave ``points``.

    Only dots and approval can be counted on paper (``paper_not_supported`` otherwise); a rating,
    a ranking or a motion needs each paper ballot typed in as a ballot. The count must be possible for that
    many voters: no proposal above ``voters`` × the per-proposal maximum, no more in total than
    ``voters`` × the budget. Returns the points without zeros, sorted by proposal id.
    """
    if rules.method not in PAPER_METHODS:
        raise BallotRejected("paper_not_supported", "Paper counts only fit dots and approval.")
    count = voters if _is_int(voters) else -1
    if count < 0:
        raise BallotRejected("invalid_value", "The number of paper voters must be a whole number.")
    allowed = eligible if isinstance(eligible, (set, frozenset)) else frozenset(eligible)
    counted = _entries(points, allowed, 0, count * rules.value_range[1])
    _check_total(counted, None if rules.budget is None else count * rules.budget)
    return {proposal: value for proposal, value in sorted(counted.items()) if value}


def remaining_budget(rules: RoundRules, votes: Mapping[int, int]) -> int | None:
    """What a voter may still give, or ``None`` when the method has no budget.

    Never negative: a ballot over budget cannot be stored, so a negative figure would only confuse.
    """
    if rules.budget is None:
        return None
    if rules.method is Method.RANKING:  # places still free
        return max(0, rules.budget - sum(1 for value in votes.values() if value > 0))
    used = sum(value for value in votes.values() if value > 0)
    return max(0, rules.budget - used)


class RoundColumns:
    """What a voting round's stored columns ``method``, ``budget``, ``max_per_proposal`` and
    ``state`` mean; shared by the model and by light copies of its row (services.read_models.results)."""

    __slots__ = ()

    if TYPE_CHECKING:  # the columns themselves live in the subclasses (a model, a plain copy)
        method: str
        budget: int | None
        max_per_proposal: int | None
        state: str

    @property
    def rules(self) -> RoundRules:
        return RoundRules.create(Method(self.method), self.budget, self.max_per_proposal)

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN

    @property
    def takes_paper_votes(self) -> bool:
        """Flip-chart counts can be entered once the round has opened, for the methods paper fits."""
        return self.state != RoundState.DRAFT and self.method in PAPER_METHODS
