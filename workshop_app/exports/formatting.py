"""Numbers, dates and instants as text, the way a German or English reader expects them."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

__all__ = [
    "format_date",
    "format_datetime",
    "format_number",
    "local_time",
    "utc",
]


def utc(moment: datetime) -> datetime:
    """An aware instant in UTC; naive input means UTC (that is what the database stores)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def local_time(moment: datetime, timezone: str) -> datetime:
    """Wall-clock time at the workshop, without tzinfo.

    Spreadsheets have no time zones (openpyxl refuses aware datetimes), and a reader wants
    the time on the clock in the room, not UTC.
    """
    return utc(moment).astimezone(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)


def format_number(value: float | None, language: str, *, decimals: int = 2) -> str:
    """Integers as they are, other numbers rounded; decimal comma in German."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language == "de" else text


def format_date(day: date | None, language: str) -> str:
    if day is None:
        return ""
    # ISO for English: unambiguous for British and American readers alike.
    return day.strftime("%d.%m.%Y") if language == "de" else day.isoformat()


def format_datetime(moment: datetime | None, language: str, timezone: str) -> str:
    if moment is None:
        return ""
    local = local_time(moment, timezone)
    return f"{format_date(local.date(), language)} {local:%H:%M}"
