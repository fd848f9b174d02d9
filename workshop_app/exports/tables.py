"""A document as flat tables: the one place that decides which columns the data exports have.

CSV, XLSX and ODS all render these ``Table`` objects; they differ only in file format.
Values stay native (numbers, dates) so that spreadsheets can compute with them; instants are
already converted to the workshop's wall-clock time. Text is raw user text here — each
writer sanitises it for its format.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import chain

from .document import ActionPlan, Document, Group, Measure, WorkshopReport
from .formatting import format_date, local_time
from .labels import Labels, note_text

__all__ = ["Column", "Kind", "Table", "Value", "group_columns", "main_table", "sheets"]

Value = str | int | float | date | datetime | None


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    NUMBER = "number"  # points: integer for most methods, may be fractional
    SCORE = "score"  # shown with two decimals
    PERCENT = "percent"  # a fraction 0..1
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    kind: Kind = Kind.TEXT
    width: int = 12  # in characters, the unit spreadsheets use for column widths


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...]


def sheets(doc: Document, labels: Labels) -> list[Table]:
    """Every table of a workbook export, in sheet order."""
    if isinstance(doc, WorkshopReport):
        return [
            _proposals(doc, labels),
            _rounds(doc, labels),
            _results(doc, labels),
            _participation(doc, labels),
        ]
    if isinstance(doc, ActionPlan):
        return [_goals(doc, labels), _measures(doc, labels)]
    raise TypeError(f"cannot export {type(doc).__name__}")


def main_table(doc: Document, labels: Labels) -> Table:
    """The single table of a CSV export: results of all rounds (the proposals, while no round
    has results: a workshop that only collected ideas), or one row per measure."""
    if isinstance(doc, WorkshopReport):
        if not any(r.results for r in doc.rounds):
            return _proposals(doc, labels)
        return _results(doc, labels)
    if isinstance(doc, ActionPlan):
        return _measures(doc, labels)
    raise TypeError(f"cannot export {type(doc).__name__}")


def group_columns(doc: WorkshopReport) -> list[Group]:
    """The report's groups, plus any group key that only occurs in results.

    Services build groups and tallies together, so the extra case should not happen; if
    it does, the figures are still exported (under their key) rather than silently lost.
    """
    known = {group.key for group in doc.groups}
    extra: dict[str, Group] = {}
    for r in doc.rounds:
        for key in chain(r.voters_by_group, *(row.by_group for row in r.results)):
            if key not in known:
                extra.setdefault(key, Group(key=key, name=key))
    return [*doc.groups, *extra.values()]


def _when(moment: datetime | None, timezone: str) -> datetime | None:
    return None if moment is None else local_time(moment, timezone)


def _table(name: str, columns: Sequence[Column], rows: Iterable[Sequence[Value]]) -> Table:
    return Table(name, tuple(columns), tuple(tuple(map(_finite, row)) for row in rows))


def _finite(value: Value) -> Value:
    # A NaN from a division gone wrong must not make a spreadsheet unreadable.
    return None if isinstance(value, float) and not math.isfinite(value) else value


# --------------------------------------------------------------------------- workshop report


def _proposals(doc: WorkshopReport, labels: Labels) -> Table:
    tz = doc.meta.timezone
    columns = [
        Column(labels["id"], Kind.INT, 6),
        Column(labels["title"], Kind.TEXT, 40),
        Column(labels["body"], Kind.TEXT, 60),
        Column(labels["field"], Kind.TEXT, 28),
        Column(labels["state"], Kind.TEXT, 16),
        Column(labels["author"], Kind.TEXT, 18),
        Column(labels["created_at"], Kind.DATETIME, 17),
        Column(labels["merged_into"], Kind.INT, 10),
    ]
    numbers = {p.id: p.number if p.number is not None else p.id for p in doc.proposals}
    rows = (
        (numbers[p.id], p.title, p.body, p.field or "", labels.term("proposal_state", p.state),
         labels.term("author", p.author), _when(p.created_at, tz),
         None if p.merged_into is None else numbers.get(p.merged_into, p.merged_into))
        for p in doc.proposals
    )  # fmt: skip
    return _table(labels["sheet_proposals"], columns, rows)


def _rounds(doc: WorkshopReport, labels: Labels) -> Table:
    tz = doc.meta.timezone
    columns = [
        Column(labels["id"], Kind.INT, 6),
        Column(labels["question"], Kind.TEXT, 40),
        Column(labels["method"], Kind.TEXT, 18),
        Column(labels["budget"], Kind.INT, 10),
        Column(labels["max_per_proposal"], Kind.INT, 10),
        Column(labels["field"], Kind.TEXT, 28),
        Column(labels["state"], Kind.TEXT, 12),
        Column(labels["opened_at"], Kind.DATETIME, 17),
        Column(labels["closed_at"], Kind.DATETIME, 17),
        Column(labels["voters"], Kind.INT, 10),
    ]
    rows = (
        (r.ordinal, r.title, labels.term("method", r.method), r.budget, r.max_per_proposal,
         r.field or labels["all_fields"], labels.term("round_state", r.state),
         _when(r.opened_at, tz), _when(r.closed_at, tz),
         sum(r.voters_by_group.values()) if r.voters_by_group else None)
        for r in doc.rounds
    )  # fmt: skip
    return _table(labels["sheet_rounds"], columns, rows)


def _results(doc: WorkshopReport, labels: Labels) -> Table:
    groups = group_columns(doc)
    columns = [
        Column(labels["round_id"], Kind.INT, 8),
        Column(labels["round"], Kind.TEXT, 30),
        Column(labels["rank"], Kind.INT, 6),
        Column(labels["proposal_id"], Kind.INT, 9),
        Column(labels["proposal"], Kind.TEXT, 40),
        Column(labels["field"], Kind.TEXT, 28),
        Column(labels["points"], Kind.NUMBER, 8),
        Column(labels["paper_points"], Kind.NUMBER, 10),
        Column(labels["voters"], Kind.INT, 10),
    ]
    for group in groups:
        columns += [
            Column(f"{group.name}: {labels['points']}", Kind.NUMBER, 12),
            Column(f"{group.name}: {labels['voters']}", Kind.INT, 12),
            Column(f"{group.name}: {labels['paper_points']}", Kind.NUMBER, 12),
        ]
    columns += [
        Column(labels["balanced_score"], Kind.SCORE, 12),
        Column(labels["consensus"], Kind.SCORE, 10),
        Column(labels["mean"], Kind.SCORE, 10),
        Column(labels["yes"], Kind.INT, 6),
        Column(labels["no"], Kind.INT, 6),
        Column(labels["abstain"], Kind.INT, 10),
    ]
    rows: list[list[Value]] = []
    for r in doc.rounds:
        for res in r.results:
            row: list[Value] = [
                r.ordinal, r.title, res.rank,
                res.proposal_id if res.number is None else res.number, res.title, res.field or "",
                res.points, res.paper_points, res.voters,
            ]  # fmt: skip
            for group in groups:
                tally = res.by_group.get(group.key)
                row += [tally.points, tally.voters, tally.paper_points] if tally else [0, 0, 0]
            row += [res.balanced_score, res.consensus, res.mean, res.yes, res.no, res.abstain]
            rows.append(row)
    return _table(labels["sheet_results"], columns, rows)


def _participation(doc: WorkshopReport, labels: Labels) -> Table:
    columns = [
        Column(labels["group"], Kind.TEXT, 24),
        Column(labels["group_key"], Kind.TEXT, 12),
        Column(labels["participants"], Kind.INT, 12),
        Column(labels["channel_phone"], Kind.INT, 12),
        Column(labels["channel_paper"], Kind.INT, 12),
        Column(labels["voters"], Kind.INT, 12),
        Column(labels["turnout"], Kind.PERCENT, 12),
    ]
    columns += [
        Column(f"{labels['round']} {r.ordinal}: {labels['voters']}", Kind.INT, 14)
        for r in doc.rounds
    ]
    rows = (
        (
            g.name,
            g.key,
            g.participants,  # took part: on a phone or on paper (document.Group)
            g.phone,
            g.paper_ballots,
            g.voters,
            min(g.voters / g.participants, 1.0) if g.participants else None,
            *(r.voters_by_group.get(g.key, 0) for r in doc.rounds),
        )
        for g in group_columns(doc)
    )
    return _table(labels["sheet_participation"], columns, rows)


# --------------------------------------------------------------------------- action plan


def _goals(doc: ActionPlan, labels: Labels) -> Table:
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
    return _table(labels["sheet_goals"], columns, rows)


def _measures(doc: ActionPlan, labels: Labels) -> Table:
    columns = [
        Column(labels["field"], Kind.TEXT, 28),
        Column(labels["goal_id"], Kind.INT, 8),
        Column(labels["goal"], Kind.TEXT, 36),
        Column(labels["measure_id"], Kind.INT, 10),
        Column(labels["measure"], Kind.TEXT, 40),
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
                rows.append(head + (_measure_cells(m, labels) if m else (None,) * 12))
    return _table(labels["sheet_measures"], columns, rows)


def _measure_cells(m: Measure, labels: Labels) -> tuple[Value, ...]:
    progress = "\n".join(f"{format_date(n.date, labels.code)}: {note_text(n, labels)}"
                         for n in m.notes)
    return (
        m.id,
        m.title,
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
