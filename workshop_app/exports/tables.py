"""A document as flat tables: the one place that decides which columns the data exports have.

CSV, XLSX and ODS all render these ``Table`` objects; they differ only in file format.
Values stay native (numbers, dates) so that spreadsheets can compute with them; instants are
already converted to the workshop's wall-clock time. Text is raw user text here — each
writer sanitises it for its format.
"""

from __future__ import annotations

from datetime import datetime
from itertools import chain

from .document import ActionPlan, Document, Group, VotingMethod, WorkshopReport
from .formatting import local_time
from .labels import Labels
from .matrix_doc import matrix_cells, matrix_columns
from .stations import stations_sheet, with_table_column
from .table_types import Column, Kind, Table, Value, make_table
from .tables_plan import goals_table, measures_table

__all__ = ["Column", "Kind", "Table", "Value", "group_columns", "main_table", "sheets"]

def sheets(doc: Document, labels: Labels) -> list[Table]:
    """Every table of a workbook export, in sheet order."""
    if isinstance(doc, WorkshopReport):
        return [with_table_column(doc, labels, _proposals(doc, labels)), _rounds(doc, labels),
                _results(doc, labels), _participation(doc, labels), *stations_sheet(doc, labels)]
    if isinstance(doc, ActionPlan):
        return [goals_table(doc, labels), measures_table(doc, labels)]
    raise TypeError(f"cannot export {type(doc).__name__}")


def main_table(doc: Document, labels: Labels) -> Table:
    """The single table of a CSV export: results of all rounds (the proposals, while no round
    has results: a workshop that only collected ideas), or one row per measure."""
    if isinstance(doc, WorkshopReport):
        if not any(r.results for r in doc.rounds):
            return with_table_column(doc, labels, _proposals(doc, labels))
        return _results(doc, labels)
    if isinstance(doc, ActionPlan):
        return measures_table(doc, labels)
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
        Column(labels["supporters"], Kind.INT, 12),
        Column(labels["measure_of"], Kind.INT, 12),
    ]
    numbers = {p.id: p.number if p.number is not None else p.id for p in doc.proposals}
    rows = (
        (numbers[p.id], p.title, p.body, p.field or "", labels.term("proposal_state", p.state),
         labels.term("author", p.author), _when(p.created_at, tz),
         None if p.merged_into is None else numbers.get(p.merged_into, p.merged_into), p.supporters,
         p.measure_of)
        for p in doc.proposals
    )  # fmt: skip
    return make_table(labels["sheet_proposals"], columns, rows)


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
    return make_table(labels["sheet_rounds"], columns, rows)


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
    ranked = any(r.method == VotingMethod.RANKING for r in doc.rounds)
    if ranked:  # how often each place was given, in total and per group ("3 / 1 / 0")
        columns += [Column(labels["places"], Kind.TEXT, 12),
                    *(Column(f"{group.name}: {labels['places']}", Kind.TEXT, 14) for group in groups)]
    assessed = matrix_columns(doc, labels)  # feasibility rounds: priority and quadrant (matrix_doc)
    columns += assessed
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
            if ranked:
                row.append(" / ".join(map(str, res.places)))
                row += [" / ".join(map(str, res.by_group[g.key].places)) if g.key in res.by_group
                        else "" for g in groups]
            row += matrix_cells(r, res.proposal_id, labels) if assessed else []
            rows.append(row)
    return make_table(labels["sheet_results"], columns, rows)


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
    return make_table(labels["sheet_participation"], columns, rows)
