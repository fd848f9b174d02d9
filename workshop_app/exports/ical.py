"""Deadline calendars (iCalendar, RFC 5545): one all-day VEVENT per measure deadline.

Pure: it knows nothing about Flask or the database. ``services/calendar.py`` builds the
:class:`Deadline` entries (translated text, stable UIDs) from measures; this module writes them.
The ``icalendar`` library does the escaping of TEXT values and the folding of long lines.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

__all__ = ["MEDIA_TYPE", "PRODID", "Deadline", "write_calendar"]

MEDIA_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Zielwerkstatt//Deadlines of measures//DE"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One measure's deadline as a calendar entry; texts already in the reader's language."""

    uid: str  # stable for the measure's life (the calendar app updates the entry, never duplicates it)
    summary: str
    day: date
    modified: datetime  # when the measure last changed (DTSTAMP / LAST-MODIFIED), aware or UTC
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()
    cancelled: bool = False  # a dropped measure: calendars show the entry as cancelled


def _utc(instant: datetime) -> datetime:
    return (instant.replace(tzinfo=UTC) if instant.tzinfo is None
            else instant.astimezone(UTC)).replace(microsecond=0)


def write_calendar(deadlines: Iterable[Deadline], *, name: str, description: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    for entry in deadlines:
        event = Event()
        event.add("uid", entry.uid)
        # Without a METHOD, DTSTAMP is when the entry last changed in the store (RFC 5545 3.8.7.2).
        event.add("dtstamp", _utc(entry.modified))
        event.add("last-modified", _utc(entry.modified))
        event.add("dtstart", entry.day)  # a DATE value: an all-day entry
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        if entry.categories:
            event.add("categories", list(entry.categories))
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
