"""The action plan as flat tables (goals, measures): the columns of its data exports."""

from __future__ import annotations

from collections.abc import Sequence

from .document import ActionPlan, Measure
from .formatting import format_date
from .labels import Labels, note_text
from .table_types import Column, Kind, Table, Value, make_table

__all__ = ["goals_table", "measures_table"]



def goals_table(doc: ActionPlan, labels: Labels) -> Table:
    columns = [
        Column(labels["field"], Kind.TEXT, 28),
        Column(labels["goal_id"], Kind.INT, 8),
        Column(labels["goal"], Kind.TEXT, 40),
        Column(labels["body"], Kind.TEXT, 60),
        Column(labels["linked_proposals"], Kind.TEXT, 40),
        Column(labels["points_sum"], Kind.NUMBER, 10),
        Column(labels["balanced_sum"], Kind.SCORE, 12),
        Column(labels["measure_count"], Kind.INT, 10),
    ]
    rows: list[tuple[Value, ...]] = []
    for plan_field in doc.fields:
        for goal in plan_field.goals:
            points = [p.points for p in goal.proposals if p.points is not None]
            scores = [p.balanced_score for p in goal.proposals if p.balanced_score is not None]
            sources = "\n".join(f"{p.label} {p.title}" for p in goal.proposals)
            rows.append((plan_field.field.name, goal.ordinal, goal.title, goal.description, sources,
                         sum(points) if points else None, sum(scores) if scores else None,
                         len(goal.measures)))
    return make_table(labels["sheet_goals"], columns, rows)


def measures_table(doc: ActionPlan, labels: Labels) -> Table:
    columns = [
        Column(labels["field"], Kind.TEXT, 28),
        Column(labels["goal_id"], Kind.INT, 8),
        Column(labels["goal"], Kind.TEXT, 36),
        Column(labels["measure_id"], Kind.INT, 10),
        Column(labels["measure"], Kind.TEXT, 40),
        Column(labels["source_proposal"], Kind.INT, 12),
        Column(labels["responsible"], Kind.TEXT, 24),
        Column(labels["partners"], Kind.TEXT, 24),
        Column(labels["start"], Kind.DATE, 11),
        Column(labels["deadline"], Kind.DATE, 11),
        Column(labels["indicator"], Kind.TEXT, 30),
        Column(labels["state"], Kind.TEXT, 14),
        Column(labels["overdue"], Kind.TEXT, 10),
        Column(labels["progress_percent"], Kind.INT, 10),
        Column(labels["progress"], Kind.TEXT, 50),
        Column(labels["last_update"], Kind.DATE, 12),
    ]
    rows: list[tuple[Value, ...]] = []
    for plan_field in doc.fields:
        for goal in plan_field.goals:
            head = (plan_field.field.name, goal.ordinal, goal.title)
            # A goal without measures still gets a row: the table must list every goal.
            measures: Sequence[Measure | None] = goal.measures or (None,)
            for m in measures:
                rows.append(head + (_measure_cells(m, labels) if m else (None,) * 13))
    return make_table(labels["sheet_measures"], columns, rows)


def _measure_cells(m: Measure, labels: Labels) -> tuple[Value, ...]:
    progress = "\n".join(f"{format_date(n.date, labels.code)}: {note_text(n, labels)}"
                         for n in m.notes)
    return (
        m.id,
        m.title,
        m.source_number,  # the workshop's measure proposal it was adopted from
        m.responsible,
        ", ".join(m.partners),
        m.start,
        m.deadline,
        m.indicator,
        labels.term("measure_status", m.status),
        labels["overdue"] if m.overdue else "",
        m.progress,
        progress,
        max((n.date for n in m.notes), default=None),
    )
