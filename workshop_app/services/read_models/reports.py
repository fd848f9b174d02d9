"""Export documents built from the database: a workshop's results, a process's action plan and
its annual progress report.

The writers (``workshop_app.exports``) only read plain dataclasses; this module is the one place
that turns rows into them, so every format shows the same figures.
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import current_app

from ... import exports
from ...domain.deadlines import MeasureStatus
from ...domain.progress import assess
from ...exports import document as doc
from ...extensions import db
from ...models import Goal, Measure, Process, Proposal, VotingRound, Workshop
from ...offload import run_blocking
from .. import support
from ..letterhead import letterhead_of
from . import results, table_report
from .progress import today
from .report_workshop import WorkshopData

NO_FIELD = {"de": "Ohne Handlungsfeld", "en": "Without field of action"}


def _timezone() -> str:
    return current_app.config.get("BABEL_DEFAULT_TIMEZONE") or doc.DEFAULT_TIMEZONE


def _now() -> datetime:
    return datetime.now(UTC)


# --- one workshop ------------------------------------------------------------------------------

def workshop_report(workshop: Workshop) -> doc.WorkshopReport:
    data = WorkshopData(workshop)
    process = workshop.process
    meta = doc.WorkshopMeta(
        municipality=process.municipality, process_title=process.title,
        workshop_title=workshop.title, date=workshop.date, venue=workshop.venue,
        join_mode=workshop.join_mode, languages=tuple(workshop.language_list),
        exported_at=_now(), timezone=_timezone(), started_at=workshop.opened_at,
        ended_at=workshop.closed_at, moderation=data.moderation(), agenda=data.agenda(),
        letterhead=letterhead_of(process))  # 15-form
    supporters = support.counts(workshop.id)
    table_names, stations = table_report.stations(workshop, data.fields)
    proposals = tuple(
        doc.Proposal(id=p.id, title=p.title, body=p.body, field=data.fields.get(p.field_id),
                     state=doc.ProposalState(p.state), author=doc.AuthorKind(p.author_kind),
                     created_at=p.created_at, merged_into=p.merged_into_id, number=p.number,
                     supporters=supporters.get(p.id, 0), table=table_names.get(p.table_id, ""),
                     measure_of=data.number(p.parent_id) if p.parent_id is not None else None)
        for p in db.session.scalars(db.select(Proposal).filter_by(workshop_id=workshop.id)
                                    .order_by(Proposal.number)))
    fields = tuple(doc.FieldOfAction(f.id, f.name, f.description, f.colour) for f in process.fields)
    return doc.WorkshopReport(meta, data.groups, fields, proposals, data.round_docs(), tables=stations)


# --- the action plan ---------------------------------------------------------------------------

def plan_meta(process: Process) -> doc.PlanMeta:
    return doc.PlanMeta(
        municipality=process.municipality, process_title=process.title,
        period_start=process.period_start, period_end=process.period_end,
        council_decision=process.council_decision,
        implementation_deadline=process.implementation_deadline,
        exported_at=_now(), timezone=_timezone(), letterhead=letterhead_of(process))  # 15-form


def workshops_of(process: Process) -> list[WorkshopData]:
    return [WorkshopData(w) for w in sorted(process.workshops,
                                            key=lambda w: (w.date or date.min, w.id))]


def goals_in_plan_order(process: Process) -> list[tuple[int | None, list[Goal]]]:
    """Goals by field of action (in the fields' order, goals without a field last), each field's
    goals by their position: the order the plan is printed and numbered in."""
    by_field: dict[int | None, list[Goal]] = {}
    for goal in db.session.scalars(db.select(Goal).filter_by(process_id=process.id)
                                   .order_by(Goal.position, Goal.id)):
        by_field.setdefault(goal.field_id, []).append(goal)
    order = [f.id for f in process.fields] + [None]
    return [(field_id, by_field.get(field_id, [])) for field_id in order]


def goal_numbers(process: Process) -> dict[int, int]:
    """Goal id → its number in the plan (1, 2 … in plan order), as every document prints it."""
    ordered = [goal.id for _field, goals in goals_in_plan_order(process) for goal in goals]
    return {goal_id: number for number, goal_id in enumerate(ordered, start=1)}


def action_plan(process: Process, *, language: str = "de") -> doc.ActionPlan:
    workshops = workshops_of(process)
    basis = _BasisRounds({d.workshop.id: d for d in workshops})
    fields_by_id = {f.id: f for f in process.fields}
    number, fields, day = 0, [], today()
    for field_id, goals in goals_in_plan_order(process):
        items = []
        for goal in goals:
            number += 1
            items.append(_goal(goal, number, basis, day))
        field = fields_by_id.get(field_id)
        if field is not None:
            fields.append(doc.PlanField(doc.FieldOfAction(field.id, field.name, field.description,
                                                          field.colour),
                                        tuple(items), optional_module=field.optional_module))
        elif items:
            fields.append(doc.PlanField(doc.FieldOfAction(0, NO_FIELD.get(language, NO_FIELD["de"])),
                                        tuple(items)))
    return doc.ActionPlan(plan_meta(process), tuple(d.summary() for d in workshops), tuple(fields))


class _BasisRounds:
    """The rounds goals name as their basis line, each computed once."""

    def __init__(self, workshops: dict[int, WorkshopData]) -> None:
        self.workshops = workshops
        self.cache: dict[int, tuple[doc.BasisRound, dict[int, Any]] | None] = {}

    def get(self, round_: VotingRound | None) -> tuple[doc.BasisRound, dict[int, Any]] | None:
        if round_ is None:
            return None
        if round_.id not in self.cache:
            data = self.workshops.get(round_.workshop_id)
            result = next((res for r, res in data.rounds if r.id == round_.id), None) if data else None
            if result is None:
                result = results.compute(round_)
            self.cache[round_.id] = (doc.BasisRound(
                title=round_.title, method=doc.VotingMethod(round_.method),
                workshop=round_.workshop.title, budget=round_.budget,
                max_per_proposal=round_.max_per_proposal, proposals=len(result.results),
                voters=result.total_voters), {row.proposal_id: row for row in result.results})
        return self.cache[round_.id]


def _goal(goal: Goal, number: int, basis_rounds: _BasisRounds, day: date) -> doc.Goal:
    basis = basis_rounds.get(goal.basis_round)
    rows = basis[1] if basis else {}
    linked = []
    for p in goal.proposals:
        row = rows.get(p.id)
        linked.append(doc.LinkedProposal(
            p.id, p.title, number=p.number,
            points=row.points if row else None,
            balanced_score=row.balanced_score if row else None,
            rank=row.rank if row else None, mean=row.mean if row else None))
    measures = tuple(measure_doc(m, day) for m in goal.measures)
    return doc.Goal(goal.id, goal.title, goal.description, tuple(linked), measures, number=number,
                    basis=basis[0] if basis else None)


def measure_doc(m: Measure, day: date, notes=None) -> doc.Measure:
    """A measure as the documents show it; progress and "overdue" as judged on ``day``."""
    assessment = assess(m.status, m.progress, m.deadline, day, m.start)
    return doc.Measure(
        id=m.id, title=m.title, responsible=m.responsible,
        partners=tuple(s.strip() for s in m.partners.split(";") if s.strip()),
        start=m.start, deadline=m.deadline, indicator=m.indicator,
        status=doc.MeasureStatus(m.status),
        notes=tuple(note_doc(n) for n in (m.notes if notes is None else notes) if _public(n)),
        progress=assessment.progress, overdue=assessment.overdue,
        source_number=m.source_proposal.number if m.source_proposal_id is not None else None)


def _public(note) -> bool:
    return getattr(note, "public", True)  # internal notes stay on the organizer's pages


def note_doc(note) -> doc.ProgressNote:
    return doc.ProgressNote(
        note.date, note.text,
        status_before=MeasureStatus(note.status_before) if note.status_before else None,
        status_after=MeasureStatus(note.status_after) if note.status_after else None)


# --- rendering ---------------------------------------------------------------------------------

def export_workshop(workshop: Workshop, fmt: str, **options: Any) -> exports.Export:
    """Raises ``exports.UnknownFormat`` for a format the registry does not know."""
    if fmt.lower() not in exports.FORMATS:
        raise exports.UnknownFormat(fmt)
    report = workshop_report(workshop)  # read here, in the request; plain data from here on
    # Rendering (a PDF of a big workshop takes seconds) runs in the thread pool, not on the loop.
    return run_blocking(exports.write, fmt, report, **options)


def export_process(process: Process, fmt: str, **options: Any) -> exports.Export:
    """The action plan; as ``json`` the importable archive of the whole process."""
    key = fmt.lower()
    if key not in exports.FORMATS:
        raise exports.UnknownFormat(fmt)
    if key == "json":
        from ..archive import archive_bytes

        return exports.Export(data=archive_bytes(process), mimetype="application/json",
                              extension="json")
    language = options.get("language", "de")
    plan = action_plan(process, language=language)  # read here; rendered off the event loop
    return run_blocking(exports.write, key, plan, **options)


def export_annual_report(process: Process, fmt: str, year: int | None = None,
                         **options: Any) -> exports.Export:
    """The annual progress report of ``year`` (default: this year) as pdf, docx or odt.

    Raises ``exports.UnknownFormat`` for another format and ``DomainError("invalid_year")``.
    """
    from .annual_report import annual_report

    key = fmt.lower()
    if key not in exports.REPORT_FORMATS:
        raise exports.UnknownFormat(fmt)
    report = annual_report(process, year, language=options.get("language", "de"))
    return run_blocking(exports.write, key, report, **options)


def proposal_support(process: Process) -> dict[int, tuple[float, float]]:
    """Per proposal of the process: points and balanced score in its best round (for adopting)."""
    support: dict[int, tuple[float, float]] = {}
    for workshop in process.workshops:
        support.update(WorkshopData(workshop).support())
    return support
