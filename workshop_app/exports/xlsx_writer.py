"""XLSX with openpyxl: one sheet per table, header bold, wrapped and frozen, widths, autofilter.

Every sheet prints sensibly: A4 landscape, fitted to the page width (as many pages down as
needed), the header row repeated on each printed page (print titles), "Seite x von y" in the
footer. The workbook's properties name the document and the municipality.
"""

from __future__ import annotations

import io
from copy import copy
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .document import Document
from .labels import get_labels
from .sanitize import spreadsheet_text
from .tables import Kind, Table, Value, sheets

__all__ = ["write"]

# Excel refuses longer cell text and reports the file as damaged.
MAX_CELL_CHARS = 32_767

_NUMBER_FORMATS = {
    Kind.INT: "0",
    Kind.NUMBER: "General",
    Kind.SCORE: "0.00",
    Kind.PERCENT: "0%",
}
_DATE_FORMATS = {"de": ("DD.MM.YYYY", "DD.MM.YYYY HH:MM"), "en": ("YYYY-MM-DD", "YYYY-MM-DD HH:MM")}


def write(doc: Document, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    workbook = Workbook()
    workbook.remove(workbook.active)  # the default empty sheet
    styles = _add_styles(workbook, labels.code)
    footer = labels["page"].format(page="&P", pages="&N")
    meta = doc.meta
    letterhead = getattr(meta, "letterhead", None)
    for table in sheets(doc, labels):
        ws = workbook.create_sheet(_sheet_title(table.name))
        _sheet(ws, table, styles)
        _print_setup(ws, footer, letterhead.municipality if letterhead else meta.municipality,
                     letterhead.footer if letterhead else "")
    workbook.properties.title = spreadsheet_text(getattr(meta, "workshop_title", None) or meta.process_title)
    workbook.properties.creator = spreadsheet_text(
        (letterhead.municipality if letterhead else "") or meta.municipality)
    workbook.properties.language = labels.code
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_styles(workbook: Workbook, language: str) -> dict[Kind | None, str]:
    """One named style per column kind (None: the header row).

    Assigning a named style is one lookup; setting font, alignment and number format
    on each cell costs a hash of each style object per cell — seconds for a big export.
    """
    date_format, datetime_format = _DATE_FORMATS[language]
    formats = {**_NUMBER_FORMATS, Kind.DATE: date_format, Kind.DATETIME: datetime_format}
    wrap = Alignment(wrap_text=True, vertical="top")
    names: dict[Kind | None, str] = {}
    header = NamedStyle(name="Zielwerkstatt Kopf", font=Font(bold=True), alignment=wrap)
    workbook.add_named_style(header)
    names[None] = header.name
    for kind in Kind:
        style = NamedStyle(name=f"Zielwerkstatt {kind.value}")
        if kind == Kind.TEXT:
            style.alignment = wrap
        else:
            style.alignment = Alignment(vertical="top")
            style.number_format = formats[kind]
        workbook.add_named_style(style)
        names[kind] = style.name
    return names


def _print_setup(ws: Worksheet, footer: str, municipality: str, footer_line: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"  # the header row on every printed page
    ws.print_options.gridLines = True
    ws.oddFooter.right.text = footer
    ws.oddFooter.right.size = 8
    ws.oddFooter.left.text = "&A"  # the sheet's name
    ws.oddFooter.left.size = 8
    # The letterhead: the municipality above, its footer line below ("&" is a code in headers).
    ws.oddHeader.left.text = _header_text(municipality)
    ws.oddHeader.left.size = 9
    if footer_line:
        ws.oddFooter.center.text = _header_text(footer_line)
        ws.oddFooter.center.size = 8


def _header_text(text: str) -> str:
    return spreadsheet_text(" ".join(text.split())).replace("&", "&&")[:120]


def _sheet_title(name: str) -> str:
    return spreadsheet_text(name)[:31]


def _sheet(ws: Worksheet, table: Table, styles: dict[Kind | None, str]) -> None:
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=col)
        _set_text(cell, column.heading)
        cell.style = styles[None]
        ws.column_dimensions[get_column_letter(col)].width = column.width
    # Assigning a named style looks it up by name in a list, for every cell; copying the
    # resolved style of a first cell of each kind is a plain copy.
    resolved: dict[Kind, StyleArray] = {}
    for r, row in enumerate(table.rows, start=2):
        for col, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            cell = ws.cell(row=r, column=col)
            _set_value(cell, value)
            if column.kind in resolved:
                cell._style = copy(resolved[column.kind])  # noqa: SLF001
            else:
                cell.style = styles[column.kind]
                resolved[column.kind] = copy(cell._style)  # noqa: SLF001
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(table.columns), 1))
    ws.auto_filter.ref = f"A1:{last}{max(len(table.rows) + 1, 1)}"


def _set_value(cell: Cell, value: Value) -> None:
    if isinstance(value, str):
        _set_text(cell, value)
    elif isinstance(value, int | float | date | datetime) or value is None:
        cell.value = value
    else:  # pragma: no cover - tables only produce the types above
        raise TypeError(f"unexpected cell value {value!r}")


def _set_text(cell: Cell, text: str) -> None:
    """Write text as a string cell, whatever it looks like.

    openpyxl turns any str that starts with "=" into a formula; the apostrophe from
    ``spreadsheet_text`` already prevents that, and forcing the type says so explicitly
    should the sanitising ever change.
    """
    cell.value = spreadsheet_text(text)[:MAX_CELL_CHARS]
    cell.data_type = "s"
