"""What the public progress page, its embed variant and its feeds show of a process.

The page gets plain dataclasses, copied field by field from the models, so that nothing
personal can reach it by accident: no e-mail address, no participant or account name, no
internal note, no author of a proposal. A process that is not public is "not found".
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime
from typing import Any

from ...domain.phases import RoundState
from ...domain.progress import Assessment, Rollup
from ...extensions import db
from ...models import Goal, Measure, Process, ProgressNote, VotingRound, Workshop
from . import results
from .progress import plan_progress


class NotPublic(LookupError):
    """No such process, or its organizer has not published it (the same answer for both)."""


@dataclass(frozen=True)
class Note:
    id: int
    day: date
    text: str
    status_before: str
    status_after: str
    written: datetime  # when it was stored (the feeds' "updated")
    measure_id: int
    measure_title: str


@dataclass(frozen=True)
class GroupSupport:
    name: str
    colour_index: int
    voters: int  # the group's voters in the round (paper ballots included)
    per_voter: float | None  # support per voter of the group (None: the group did not vote)


@dataclass(frozen=True)
class ProposalTrace:
    """A proposal a goal came from, and how the groups supported it in its best closed round."""

    title: str
    number: int | None
    workshop: str
    workshop_date: date | None
    round_title: str = ""
    method: str = ""
    groups: tuple[GroupSupport, ...] = ()
    balanced_score: float | None = None
    consensus: float | None = None
    carried_by_all: bool = False


@dataclass(frozen=True)
class PublicMeasure:
    id: int
    title: str
    responsible: str
    deadline: date
    status: str
    assessment: Assessment
    latest_note: Note | None
    council_papers: tuple[Any, ...] = ()


@dataclass(frozen=True)
class PublicGoal:
    id: int
    title: str
    description: str
    rollup: Rollup
    measures: tuple[PublicMeasure, ...]
    proposals: tuple[ProposalTrace, ...]
    council_papers: tuple[Any, ...] = ()


@dataclass(frozen=True)
class PublicField:
    id: int | None
    name: str
    description: str
    colour: str
    rollup: Rollup
    goals: tuple[PublicGoal, ...]


@dataclass(frozen=True)
class PublicPage:
    process_id: int
    municipality: str
    title: str
    council_decision: date | None
    implementation_deadline: date | None
    languages: tuple[str, ...]
    day: date
    overall: Rollup
    fields: tuple[PublicField, ...] = dc_field(default=())


def public_process(process_id: int) -> Process:
    process = db.session.get(Process, process_id)
    if process is None or not process.public:
        raise NotPublic(process_id)
    return process


def languages(process: Process) -> list[str]:
    """The languages of the process's workshops, in order of first appearance (German first)."""
    codes = ["de"]
    for workshop in process.workshops:
        codes.extend(c for c in workshop.language_list if c not in codes)
    return codes


def _note(note: ProgressNote, measure: Measure) -> Note:
    return Note(id=note.id, day=note.date, text=note.text, status_before=note.status_before,
                status_after=note.status_after, written=note.created_at, measure_id=measure.id,
                measure_title=measure.title)


def public_notes(measure: Measure) -> list[Note]:
    return [_note(n, measure) for n in measure.notes if n.public]


def _papers(obj) -> tuple[Any, ...]:
    """The council papers linked to a goal or measure (models/council.py); the public macro
    ``templates/_council_papers.html`` shows only the citable ones (their facts were fetched)."""
    return tuple(getattr(obj, "council_papers", ()) or ())


def _measure(m: Measure, assessment: Assessment) -> PublicMeasure:
    notes = sorted(public_notes(m), key=lambda n: (n.day, n.id))
    return PublicMeasure(id=m.id, title=m.title, responsible=m.responsible, deadline=m.deadline,
                         status=m.status, assessment=assessment, latest_note=notes[-1] if notes else None,
                         council_papers=_papers(m))


class _Support:
    """Closed rounds' results of the process, computed once per page."""

    def __init__(self, process: Process) -> None:
        self.best: dict[int, tuple[VotingRound, Any, Any, dict]] = {}
        for workshop in process.workshops:
            groups = {g.key: g for g in workshop.groups}
            for round_ in db.session.scalars(db.select(VotingRound).filter_by(
                    workshop_id=workshop.id, state=RoundState.CLOSED.value).order_by(VotingRound.id)):
                outcome = results.compute(round_)
                for row in outcome.results:
                    known = self.best.get(row.proposal_id)
                    if known is None or row.balanced_score > known[1].balanced_score:
                        self.best[row.proposal_id] = (round_, row, outcome, groups)

    def trace(self, proposal, workshop: Workshop) -> ProposalTrace:
        base = {"title": proposal.title, "number": getattr(proposal, "number", None),
                "workshop": workshop.title, "workshop_date": workshop.date}
        found = self.best.get(proposal.id)
        if found is None:
            return ProposalTrace(**base)
        round_, row, outcome, groups = found
        support = tuple(
            GroupSupport(name=g.name, colour_index=g.colour_index,
                         voters=outcome.groups[key].voters if key in outcome.groups else 0,
                         per_voter=row.group_averages.get(key))
            for key, g in groups.items())
        return ProposalTrace(**base, round_title=round_.title, method=round_.method, groups=support,
                             balanced_score=row.balanced_score, consensus=row.consensus,
                             carried_by_all=row.carried_by_all)


def _goal(goal: Goal, plan, support: _Support) -> PublicGoal:
    return PublicGoal(
        id=goal.id, title=goal.title, description=goal.description, rollup=plan.goal(goal),
        measures=tuple(_measure(m, plan.measure(m)) for m in goal.measures),
        proposals=tuple(support.trace(p, p.workshop) for p in goal.proposals),
        council_papers=_papers(goal))


def page(process: Process, day: date | None = None) -> PublicPage:
    plan = plan_progress(process, day)
    support = _Support(process)
    by_field: dict[int | None, list[PublicGoal]] = {}
    for goal in process.goals:
        by_field.setdefault(goal.field_id, []).append(_goal(goal, plan, support))
    fields = [PublicField(f.id, f.name, f.description, f.colour, plan.field(f.id), tuple(by_field[f.id]))
              for f in process.fields if by_field.get(f.id)]
    if by_field.get(None):
        fields.append(PublicField(None, "", "", "#767676", plan.field(None), tuple(by_field[None])))
    return PublicPage(process_id=process.id, municipality=process.municipality, title=process.title,
                      council_decision=process.council_decision,
                      implementation_deadline=process.implementation_deadline,
                      languages=tuple(languages(process)), day=plan.day, overall=plan.overall,
                      fields=tuple(fields))


def changes(process: Process, limit: int = 50) -> list[Note]:
    """The latest public notes and status changes, newest first (the feeds' entries)."""
    rows = db.session.execute(
        db.select(ProgressNote, Measure).join(Measure, Measure.id == ProgressNote.measure_id)
        .join(Goal, Goal.id == Measure.goal_id)
        .where(Goal.process_id == process.id, ProgressNote.public.is_(True))
        .order_by(ProgressNote.created_at.desc(), ProgressNote.id.desc()).limit(limit)).all()
    return [_note(note, measure) for note, measure in rows]
