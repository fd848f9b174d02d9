"""CSV: one table — the results of all rounds, or one row per measure of the action plan.

Encoded as UTF-8 with a byte order mark: without it, Excel reads the file as Windows-1252
and every umlaut breaks. The delimiter defaults to ";" for German (Excel's list separator
in a German locale, where "," is the decimal sign) and "," for English; decimals follow
the delimiter (comma with ";", point with ","), so that Excel reads numbers as numbers.
Dates are ISO 8601, which Excel recognises in every locale.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from .document import Document
from .formatting import format_number
from .labels import get_labels
from .sanitize import spreadsheet_text
from .tables import Kind, Value, main_table

__all__ = ["write"]

DELIMITERS = (",", ";")


def write(doc: Document, *, language: str = "de", delimiter: str | None = None) -> bytes:
    labels = get_labels(language)
    if delimiter is None:
        delimiter = ";" if labels.code == "de" else ","
    if delimiter not in DELIMITERS:
        raise ValueError(f"CSV delimiter must be ',' or ';', not {delimiter!r}")
    decimal_comma = delimiter == ";"
    table = main_table(doc, labels)

    buffer = io.StringIO(newline="")
    # Windows line endings are what RFC 4180 and Excel expect; QUOTE_MINIMAL quotes
    # fields holding the delimiter, quotes or line breaks (multi-line text stays one cell).
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(c.heading) for c in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow([_cell(v, kind, decimal_comma) for v, kind in zip(row, kinds, strict=True)])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _cell(value: Value, kind: Kind, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_text(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    decimals = 4 if kind in (Kind.SCORE, Kind.PERCENT) else 2
    return format_number(value, "de" if decimal_comma else "en", decimals=decimals)
