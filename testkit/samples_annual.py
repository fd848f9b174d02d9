"""A realistic annual progress report for the writers' tests: built from the sample plan."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from workshop_app.exports.document import (
    AnnualFigures,
    AnnualMeasure,
    AnnualReport,
    AnnualStatusChange,
    MeasureStatus,
    ProgressNote,
)

from .samples import sample_plan

__all__ = ["sample_annual"]


def sample_annual(year: int = 2026) -> AnnualReport:
    plan = sample_plan()
    measures: list[AnnualMeasure] = []
    number = 0
    for plan_field in plan.fields:
        for goal in plan_field.goals:
            number += 1
            for m in goal.measures:
                if m.status == MeasureStatus.IN_PROGRESS:
                    change = ProgressNote(date(year, 4, 2), "Auftrag an das Jugendamt erteilt.",
                                          MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)
                    m = replace(m, notes=(change, *m.notes), progress=40)
                if m.deadline and m.deadline < date(year, 12, 31) and m.status == MeasureStatus.PLANNED:
                    m = replace(m, overdue=True, progress=0)
                measures.append(AnnualMeasure(plan_field.field.name, goal.title, number, m, m.notes))
    counts: dict[str, Counter] = {}
    for item in measures:
        tally = counts.setdefault(item.field, Counter())
        tally[item.measure.status] += 1
        tally["overdue"] += item.measure.overdue
    by_field = tuple(_figures(name, tally) for name, tally in counts.items())
    changes = tuple(AnnualStatusChange(n.date, item.measure.title, item.goal, n.status_before,
                                       n.status_after, n.text)
                    for item in measures for n in item.notes if n.status_after)
    return AnnualReport(
        meta=plan.meta, year=year, since=date(year, 1, 1), until=date(year, 12, 31),
        totals=_figures("", sum(counts.values(), Counter())), by_field=by_field,
        overdue=tuple(item for item in measures if item.measure.overdue), changes=changes,
        measures=tuple(measures), workshops=plan.workshops,
        results_url="https://musterstadt.example/beteiligung/familie")


def _figures(name: str, counts: Counter) -> AnnualFigures:
    return AnnualFigures(name, planned=counts[MeasureStatus.PLANNED],
                         in_progress=counts[MeasureStatus.IN_PROGRESS],
                         done=counts[MeasureStatus.DONE], dropped=counts[MeasureStatus.DROPPED],
                         overdue=counts["overdue"])
