"""The shape of a data export's tables: what CSV, XLSX and ODS render (exports/tables*.py make them)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

__all__ = ["Column", "Kind", "Table", "Value", "finite", "make_table"]

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


def make_table(name: str, columns: Sequence[Column], rows: Iterable[Sequence[Value]]) -> Table:
    return Table(name, tuple(columns), tuple(tuple(map(finite, row)) for row in rows))


def finite(value: Value) -> Value:
    # A NaN from a division gone wrong must not make a spreadsheet unreadable.
    return None if isinstance(value, float) and not math.isfinite(value) else value
