"""The tables (stations) of a workshop as a sheet of the data exports (CSV/XLSX/ODS workbooks):
each table with its field, the cards entered from paper by its facilitator and those written on
phones at it. Only a workshop that had tables gets the sheet."""

from __future__ import annotations

from .document import WorkshopReport
from .labels import Labels
from .table_types import Column, Kind, Table, make_table


def stations_sheet(doc: WorkshopReport, labels: Labels) -> list[Table]:
    if not doc.tables:
        return []
    columns = (Column(labels["table"], Kind.TEXT, 20), Column(labels["field"], Kind.TEXT, 34),
               Column(labels["table_paper_cards"], Kind.INT, 14), Column(labels["table_phone_cards"], Kind.INT, 14),
               Column(labels["total"], Kind.INT, 10))
    rows = ((t.name, t.field or "", t.paper_cards, t.phone_cards, t.paper_cards + t.phone_cards) for t in doc.tables)
    return [make_table(labels["sheet_tables"], columns, rows)]


def with_table_column(doc: WorkshopReport, labels: Labels, sheet: Table) -> Table:
    """The proposals sheet (rows in ``doc.proposals`` order) with the table each proposal was
    written at ("Plenum" for none), in a workshop that had tables; else unchanged."""
    if not doc.tables:
        return sheet
    rows = tuple((*row, p.table or labels["plenary"]) for row, p in zip(sheet.rows, doc.proposals, strict=True))
    return Table(sheet.name, (*sheet.columns, Column(labels["table"], Kind.TEXT, 16)), rows)
