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
* Proposals are cited by their ``number`` in the workshop (#1, #2 …), never by ``id`` (a
  database key that changes on an archive import); ``id`` only links rows inside a document.
* Participation has one definition everywhere: *participants* took part (joined on a phone, or
  voted on paper), *voters* cast a ballot in a round; so voters never exceed participants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .document_plan import (
    ActionPlan,
    AnnualFigures,
    AnnualMeasure,
    AnnualReport,
    AnnualStatusChange,
    BasisRound,
    CouncilPaper,
    Goal,
    LinkedProposal,
    Measure,
    PlanField,
    PlanMeta,
    PlanState,
    ProgressNote,
    WorkshopSummary,
)
from .document_shared import (
    DEFAULT_TIMEZONE,
    AuthorKind,
    FieldOfAction,
    Group,
    GroupTally,
    MeasureStatus,
    ProposalState,
    ResultRow,
    Round,
    RoundState,
    VotingMethod,
)
from .letterhead import Letterhead  # 15-form: municipality, logo and footer of every page

__all__ = [
    "DEFAULT_TIMEZONE",
    "ActionPlan",
    "AgendaItem",
    "AnnualFigures",
    "AnnualMeasure",
    "AnnualReport",
    "AnnualStatusChange",
    "AuthorKind",
    "BasisRound",
    "CouncilPaper",
    "Document",
    "FieldOfAction",
    "Goal",
    "Group",
    "GroupTally",
    "LinkedProposal",
    "Measure",
    "MeasureStatus",
    "PlanField",
    "PlanMeta",
    "PlanState",
    "ProgressNote",
    "Proposal",
    "ProposalState",
    "ResultRow",
    "Round",
    "RoundState",
    "Station",
    "VotingMethod",
    "WorkshopMeta",
    "WorkshopReport",
    "WorkshopSummary",
]


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
    started_at: datetime | None = None  # when the workshop was opened
    ended_at: datetime | None = None  # when it was closed
    moderation: tuple[str, ...] = ()  # names of those who moderated (never e-mail addresses)
    agenda: tuple[AgendaItem, ...] = ()  # the phases as they were run, in order
    letterhead: Letterhead | None = None  # None: the municipality's name only


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A phase of the workshop as it was run: from ``start`` until the next item."""

    start: datetime
    phase: str  # a ``domain.phases.Phase`` value
    field: str | None = None  # the field of action the room focused on


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
    number: int | None = None  # its number in the workshop (#1, #2 …); None: print id
    supporters: int = 0  # participants who support it (a signal, not a vote; services.support)
    table: str = ""  # name of the table (station) it was written at; "" for the plenary
    measure_of: int | None = None  # a measure proposal: its goal proposal's number (services.measures)

    @property
    def label(self) -> str:
        return f"#{self.id if self.number is None else self.number}"


@dataclass(frozen=True, slots=True)
class Station:
    """A table (station) of the workshop and the cards written there (published or not)."""

    name: str
    field: str | None = None  # name of its field of action
    paper_cards: int = 0  # entered by the table's facilitator (or a moderator) from paper
    phone_cards: int = 0  # written on phones at the table


@dataclass(frozen=True, slots=True)
class WorkshopReport:
    """Results of one workshop."""

    meta: WorkshopMeta
    groups: tuple[Group, ...]
    fields: tuple[FieldOfAction, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    rounds: tuple[Round, ...] = ()
    tables: tuple[Station, ...] = ()  # the tables (stations), in the room's order


Document = WorkshopReport | ActionPlan | AnnualReport
