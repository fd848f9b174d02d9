"""The input of every export writer: plain, frozen dataclasses.

The services build these from the database; the writers only read them. Nothing here
knows about Flask or SQLAlchemy, so the writers can be tested (and run from a CLI) alone.

Conventions that every writer relies on:

* Collections are tuples (immutable, ordered as they should appear in the export);
  per-group mappings are keyed by ``Group.key`` and ordered like ``groups``.
* Dates are ``datetime.date``; instants are ``datetime.datetime``: timezone-aware, or
  naive meaning UTC (what the database stores). Writers show instants in the
  ``timezone`` of the document's meta (IANA name); JSON keeps them as ISO 8601 in UTC.
* Points are numbers as the tally produced them (int for dots/approval/yes-no, int or
  float for rating); ``balanced_score`` and ``consensus`` are floats, consensus in 0..1.
* Text is user text exactly as written; writers sanitise it for their format.
"""

from __future__ import annotations

from collections.abc import Mapping
import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

# The domain's own enums, so that a state or method is spelt the same in data and exports.
from ..domain.ballots import Method as VotingMethod
from ..domain.deadlines import MeasureStatus
from ..domain.phases import ProposalState, RoundState

__all__ = [
    "ActionPlan",
    "AuthorKind",
    "FieldOfAction",
    "Goal",
    "Group",
    "GroupTally",
    "LinkedProposal",
    "Measure",
    "MeasureStatus",
    "PlanField",
    "PlanMeta",
    "ProgressNote",
    "Proposal",
    "ProposalState",
    "ResultRow",
    "Round",
    "RoundState",
    "VotingMethod",
    "WorkshopMeta",
    "WorkshopReport",
    "WorkshopSummary",
]

DEFAULT_TIMEZONE = "Europe/Berlin"


class AuthorKind(StrEnum):
    PARTICIPANT = "participant"
    MODERATOR = "moderator"
    PAPER = "paper"  # transcribed by the moderator from a paper card


# --------------------------------------------------------------------------- shared parts


@dataclass(frozen=True, slots=True)
class Group:
    """A stakeholder group with its participation figures."""

    key: str
    name: str
    participants: int = 0  # joined the workshop
    voters: int = 0  # cast at least one ballot, paper ballots included
    paper_ballots: int = 0  # analogue ballots entered by the moderator for this group


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


# --------------------------------------------------------------------------- workshop report


@dataclass(frozen=True, slots=True)
class WorkshopMeta:
    municipality: str
    process_title: str
    workshop_title: str
    date: date | None = None
    venue: str = ""
    join_mode: str = ""  # e.g. "open", "group_codes", "tokens"; unknown values shown as is
    languages: tuple[str, ...] = ()  # language codes offered, e.g. ("de", "en", "uk")
    exported_at: datetime | None = None
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    title: str
    body: str = ""
    field: str | None = None  # name of its field of action
    state: ProposalState = ProposalState.PUBLISHED
    author: AuthorKind = AuthorKind.PARTICIPANT
    created_at: datetime | None = None
    merged_into: int | None = None  # id of the proposal it was merged into


@dataclass(frozen=True, slots=True)
class WorkshopReport:
    """Results of one workshop."""

    meta: WorkshopMeta
    groups: tuple[Group, ...]
    fields: tuple[FieldOfAction, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    rounds: tuple[Round, ...] = ()


# --------------------------------------------------------------------------- action plan


@dataclass(frozen=True, slots=True)
class PlanMeta:
    municipality: str
    process_title: str
    period_start: date | None = None
    period_end: date | None = None
    council_decision: date | None = None
    implementation_deadline: date | None = None
    exported_at: datetime | None = None
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True, slots=True)
class WorkshopSummary:
    """A workshop of the process as the action plan cites it: when, where, who, which rules."""

    title: str
    date: date | None = None
    venue: str = ""
    groups: tuple[Group, ...] = ()
    rounds: tuple[Round, ...] = ()  # their method/budget/scope are the voting rules


@dataclass(frozen=True, slots=True)
class LinkedProposal:
    """A workshop proposal a goal was adopted from, with the support it had."""

    id: int
    title: str
    points: float | None = None
    balanced_score: float | None = None


@dataclass(frozen=True, slots=True)
class ProgressNote:
    date: date
    text: str


@dataclass(frozen=True, slots=True)
class Measure:
    id: int
    title: str
    responsible: str = ""
    partners: tuple[str, ...] = ()
    start: date | None = None
    deadline: date | None = None
    indicator: str = ""
    status: MeasureStatus = MeasureStatus.PLANNED
    notes: tuple[ProgressNote, ...] = ()  # oldest first


@dataclass(frozen=True, slots=True)
class Goal:
    id: int
    title: str
    description: str = ""
    proposals: tuple[LinkedProposal, ...] = ()
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanField:
    field: FieldOfAction
    goals: tuple[Goal, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionPlan:
    """A process's draft goal agreement ("Entwurf Zielvereinbarung")."""

    meta: PlanMeta
    workshops: tuple[WorkshopSummary, ...] = ()
    fields: tuple[PlanField, ...] = ()


Document = WorkshopReport | ActionPlan
