"""The action plan and the annual progress report as export documents (see ``document``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .document_shared import DEFAULT_TIMEZONE, FieldOfAction, Group, MeasureStatus, Round, VotingMethod
from .letterhead import Letterhead  # 15-form: municipality, logo and footer of every page

# --------------------------------------------------------------------------- action plan


class PlanState(StrEnum):
    """What the plan is: a draft until the council decided it, then the goal agreement."""

    DRAFT = "draft"
    DECIDED = "decided"


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
    letterhead: Letterhead | None = None  # None: the municipality's name only

    @property
    def state(self) -> PlanState:
        return PlanState.DRAFT if self.council_decision is None else PlanState.DECIDED


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
    """A workshop proposal a goal was adopted from, with the support it had in the goal's
    basis round (``points`` in that round's method: dots, approvals, rating sum, yes votes)."""

    id: int
    title: str
    points: float | None = None
    balanced_score: float | None = None
    number: int | None = None  # its number in its workshop; None: print id
    rank: int | None = None  # its place in the basis round
    mean: float | None = None  # rating rounds: the mean rating

    @property
    def label(self) -> str:
        return f"#{self.id if self.number is None else self.number}"


@dataclass(frozen=True, slots=True)
class BasisRound:
    """The round the organizer chose as a goal's basis line: where and how it was voted."""

    title: str
    method: VotingMethod
    workshop: str = ""
    budget: int | None = None
    max_per_proposal: int | None = None
    proposals: int = 0  # how many proposals were on the ballot
    voters: int = 0


@dataclass(frozen=True, slots=True)
class ProgressNote:
    date: date
    text: str
    # A status change written down with the note (``before`` None: the measure was new).
    status_before: MeasureStatus | None = None
    status_after: MeasureStatus | None = None


@dataclass(frozen=True, slots=True)
class CouncilPaper:
    """A council decision a goal or measure cites (an OParl paper, meeting or agenda item):
    cite ``label`` (reference, else name) with ``date``; link ``web`` when there is one.
    Only papers whose facts were fetched from the council system are handed to documents."""

    reference: str = ""  # e.g. "DS 2026/123"
    name: str = ""
    date: date | None = None
    paper_type: str = ""  # e.g. "Beschlussvorlage"
    web: str = ""  # the council information system's web page; "" when unknown

    @property
    def label(self) -> str:
        return self.reference or self.name


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
    progress: int | None = None  # percent 0..100, when the plan records it
    overdue: bool = False  # deadline passed and neither done nor dropped
    council_papers: tuple[CouncilPaper, ...] = ()  # 16-oparl: the council decisions it cites
    source_number: int | None = None  # the workshop's measure proposal it was adopted from

    @property
    def latest_note(self) -> ProgressNote | None:
        return self.notes[-1] if self.notes else None


@dataclass(frozen=True, slots=True)
class Goal:
    id: int
    title: str
    description: str = ""
    proposals: tuple[LinkedProposal, ...] = ()
    measures: tuple[Measure, ...] = ()
    number: int | None = None  # its number in the plan (1, 2 … in plan order); None: print id
    basis: BasisRound | None = None  # the round ``proposals``' support figures come from
    council_papers: tuple[CouncilPaper, ...] = ()  # 16-oparl: the council decisions it cites

    @property
    def ordinal(self) -> int:
        return self.id if self.number is None else self.number


@dataclass(frozen=True, slots=True)
class PlanField:
    field: FieldOfAction
    goals: tuple[Goal, ...] = ()
    optional_module: bool = False  # an optional module without goals is left out of documents


@dataclass(frozen=True, slots=True)
class ActionPlan:
    """A process's draft goal agreement ("Entwurf Zielvereinbarung")."""

    meta: PlanMeta
    workshops: tuple[WorkshopSummary, ...] = ()
    fields: tuple[PlanField, ...] = ()


# --------------------------------------------------------------------------- annual report


@dataclass(frozen=True, slots=True)
class AnnualFigures:
    """How many measures stand where: of the whole plan, or of one field of action."""

    name: str  # the field's name; "" for the whole plan
    planned: int = 0
    in_progress: int = 0
    done: int = 0
    dropped: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.in_progress + self.done + self.dropped


@dataclass(frozen=True, slots=True)
class AnnualStatusChange:
    date: date
    measure: str
    goal: str
    before: MeasureStatus | None
    after: MeasureStatus
    text: str = ""


@dataclass(frozen=True, slots=True)
class AnnualMeasure:
    """A measure as the annual report lists it: with its goal and field, the year's notes."""

    field: str
    goal: str
    goal_number: int
    measure: Measure
    notes: tuple[ProgressNote, ...] = ()  # notes of the reporting year, oldest first


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """The yearly progress report (Sachstandsbericht) of a process's action plan."""

    meta: PlanMeta
    year: int
    since: date  # changes are reported from this day (inclusive) …
    until: date  # … to this day (inclusive)
    totals: AnnualFigures = AnnualFigures("")
    by_field: tuple[AnnualFigures, ...] = ()
    overdue: tuple[AnnualMeasure, ...] = ()
    changes: tuple[AnnualStatusChange, ...] = ()  # status changes within the year, by date
    measures: tuple[AnnualMeasure, ...] = ()  # every measure, in plan order
    workshops: tuple[WorkshopSummary, ...] = ()  # where the goals came from
    results_url: str = ""  # the public page of the workshops' results, if there is one

    @property
    def year_notes(self) -> tuple[tuple[ProgressNote, str], ...]:
        """The year's notes that say something, by date: (note, title of its measure)."""
        notes = [(n, item.measure.title) for item in self.measures for n in item.notes if n.text]
        return tuple(sorted(notes, key=lambda pair: pair[0].date))
