"""The annual progress report (Sachstandsbericht) of a process's action plan, as a document.

Figures count the measures as they stood at the end of the reporting period (domain.annual reads
a past status back from the dated status changes); "overdue" is judged on that day too. Changes
and progress notes are those dated within the period.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from ...domain.annual import StatusChange, reporting_period, status_on
from ...domain.deadlines import MeasureStatus
from ...domain.progress import is_overdue
from ...exports import document as doc
from ...models import Measure, Process
from ...urls import external
from .progress import today
from .reports import NO_FIELD, goals_in_plan_order, measure_doc, plan_meta, workshops_of


def annual_report(process: Process, year: int | None = None, *, language: str = "de",
                  on: date | None = None) -> doc.AnnualReport:
    """Raises ``DomainError("invalid_year")`` for a year in the future or before 2000."""
    period = reporting_period(year, on or today())
    names = {f.id: f.name for f in process.fields}
    no_field = NO_FIELD.get(language, NO_FIELD["de"])
    measures: list[doc.AnnualMeasure] = []
    changes: list[doc.AnnualStatusChange] = []
    counts: dict[str, Counter] = {}
    number = 0
    for field_id, goals in goals_in_plan_order(process):
        field_name = names.get(field_id, no_field)
        for goal in goals:
            number += 1
            for m in goal.measures:
                status, overdue = _as_of(m, period.until)
                tally = counts.setdefault(field_name, Counter())
                tally[status] += 1
                tally["overdue"] += overdue
                year_notes = [n for n in m.notes if period.since <= n.date <= period.until]
                item = measure_doc(m, period.until, notes=year_notes)
                item = _with_status(item, status, overdue)
                measures.append(doc.AnnualMeasure(field_name, goal.title, number, item, item.notes))
                for note in item.notes:  # the year's public notes
                    if note.status_after is not None:
                        changes.append(doc.AnnualStatusChange(note.date, m.title, goal.title,
                                                              note.status_before, note.status_after,
                                                              note.text))
    # Every field of the plan is reported (an empty one with zeros); an optional module the town
    # did not take up, and "without field", only when they hold measures.
    shown = [f.name for f in process.fields if not f.optional_module or f.name in counts]
    by_field = tuple(_figures(name, counts.get(name, Counter()))
                     for name in dict.fromkeys([*shown, *([no_field] if no_field in counts else [])]))
    return doc.AnnualReport(
        meta=plan_meta(process), year=period.year, since=period.since, until=period.until,
        totals=_figures("", sum(counts.values(), Counter())), by_field=by_field,
        overdue=tuple(item for item in measures if item.measure.overdue),
        changes=tuple(sorted(changes, key=lambda c: c.date)), measures=tuple(measures),
        workshops=tuple(d.summary() for d in workshops_of(process)),
        results_url=external("public.page", process_id=process.id)
        if getattr(process, "public", False) else "")


def _as_of(m: Measure, day: date) -> tuple[MeasureStatus, bool]:
    history = [StatusChange(n.date, MeasureStatus(n.status_before) if n.status_before else None,
                            MeasureStatus(n.status_after)) for n in m.notes if n.status_after]
    status = status_on(MeasureStatus(m.status), history, day)
    return status, is_overdue(status, m.deadline, day)


def _with_status(item: doc.Measure, status: MeasureStatus, overdue: bool) -> doc.Measure:
    if item.status == status:
        return item
    # Looking back at a past year: its status then, and no percentage from today.
    return replace(item, status=status, overdue=overdue, progress=None)


def _figures(name: str, counts: Counter) -> doc.AnnualFigures:
    return doc.AnnualFigures(
        name, planned=counts[MeasureStatus.PLANNED], in_progress=counts[MeasureStatus.IN_PROGRESS],
        done=counts[MeasureStatus.DONE], dropped=counts[MeasureStatus.DROPPED],
        overdue=counts["overdue"])
