"""The parts of the export documents that workshop reports and plans share (see ``document``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

# The domain's own enums, so that a state or method is spelt the same in data and exports.
from ..domain.ballots import Method as VotingMethod
from ..domain.deadlines import MeasureStatus
from ..domain.kinds import AuthorKind
from ..domain.phases import ProposalState, RoundState
from .matrix_data import FeasibilityMatrix

__all__ = [
    "DEFAULT_TIMEZONE", "AuthorKind", "FieldOfAction", "Group", "GroupTally", "MeasureStatus",
    "ProposalState", "ResultRow", "Round", "RoundState", "VotingMethod",
]

DEFAULT_TIMEZONE = "Europe/Berlin"


# --------------------------------------------------------------------------- shared parts


@dataclass(frozen=True, slots=True)
class Group:
    """A stakeholder group with its participation figures.

    ``participants`` counts everyone of the group who took part: joined on a phone, or voted on
    paper (``paper_ballots`` of them: the most paper ballots the group handed in for one round).
    ``voters`` is the most who cast a ballot in one round (paper ballots included), so it never
    exceeds ``participants``.
    """

    key: str
    name: str
    participants: int = 0
    voters: int = 0
    paper_ballots: int = 0

    @property
    def phone(self) -> int:
        """Took part on a phone (joined the workshop)."""
        return max(self.participants - self.paper_ballots, 0)


@dataclass(frozen=True, slots=True)
class FieldOfAction:
    id: int
    name: str
    description: str = ""
    colour: str | None = None  # "#rrggbb"


@dataclass(frozen=True, slots=True)
class GroupTally:
    points: float = 0
    voters: int = 0
    paper_points: float = 0  # the part of ``points`` that came from paper ballots
    places: tuple[int, ...] = ()  # ranking only: how often the group gave each place 1..k


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One proposal's line in a round's results (the shape of the results endpoint)."""

    proposal_id: int
    title: str
    points: float
    voters: int
    rank: int
    by_group: Mapping[str, GroupTally] = dataclasses.field(default_factory=dict)
    balanced_score: float = 0.0
    consensus: float = 0.0
    paper_points: float = 0  # included in ``points``
    mean: float | None = None  # rating only
    yes: int | None = None  # yes_no_abstain only
    no: int | None = None
    abstain: int | None = None
    number: int | None = None  # the proposal's number in its workshop; None: print proposal_id
    field: str | None = None  # name of the proposal's field of action
    places: tuple[int, ...] = ()  # ranking only: how often each place 1..k was given

    @property
    def label(self) -> str:
        """How the proposal is cited: "#3"."""
        return f"#{self.proposal_id if self.number is None else self.number}"


@dataclass(frozen=True, slots=True)
class Round:
    """A voting round; in an ``ActionPlan`` only its rules are shown (results may be empty)."""

    id: int
    title: str  # the question put to the room
    method: VotingMethod
    state: RoundState = RoundState.CLOSED
    budget: int | None = None  # dots per participant
    max_per_proposal: int | None = None
    field: str | None = None  # name of the field of action it was scoped to; None = all
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    voters_by_group: Mapping[str, int] = dataclasses.field(default_factory=dict)
    results: tuple[ResultRow, ...] = ()  # ranked, best first
    number: int | None = None  # the round's number in its workshop (1, 2 …); None: print id
    paper_voters_by_group: Mapping[str, int] = dataclasses.field(default_factory=dict)  # included
    matrix: FeasibilityMatrix | None = None  # a feasibility round: priority × feasibility (matrix_doc)

    @property
    def voters(self) -> int:
        return sum(self.voters_by_group.values())

    @property
    def ordinal(self) -> int:
        return self.id if self.number is None else self.number
