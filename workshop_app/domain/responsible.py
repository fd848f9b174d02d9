"""Rules for responsible bodies that report without an account, and for their reminders.

* **The process period** ends on the later of the process's ``period_end`` and its implementation
  deadline (council decision plus the implementation years); it is unknown while neither is set.
* **A personal update link** works until the end of the process period (inclusive). While that end
  is unknown it works :data:`LINK_DAYS_WITHOUT_PERIOD` days from the day it was issued. A revoked
  link never works again; renewing issues a new secret.
* **A progress note's date** lies within the process period and not in the future: not before
  ``period_start`` (when set), not after today nor after the end of the period.
* **A reminder** covers the open measures (planned, in progress) due within the reminder window or
  already overdue; done and dropped measures are never reminded of.
"""
from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from .deadlines import OPEN_STATUSES, MeasureStatus
from .errors import DomainError

__all__ = [
    "LINK_DAYS_WITHOUT_PERIOD",
    "LinkState",
    "ReminderKind",
    "ReminderState",
    "check_note_date",
    "link_expires_on",
    "link_state",
    "needs_reminder",
    "period_end",
]

#: How long a link works (from its issue) while the process has no end date at all.
LINK_DAYS_WITHOUT_PERIOD: Final = 365


class LinkState(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class ReminderKind(StrEnum):
    DIGEST = "digest"  # to a responsible body: their open measures
    SUMMARY = "summary"  # to the organizers: who was reminded of what


class ReminderState(StrEnum):
    """A reminder mail's claim: taken by one sender, then sent or failed (retried on the next run)."""

    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


def period_end(period_end: date | None, implementation_deadline: date | None) -> date | None:
    """The last day of the process period: the later of the two known ends, else None."""
    known = [d for d in (period_end, implementation_deadline) if d is not None]
    return max(known) if known else None


def link_expires_on(end: date | None, issued_on: date) -> date:
    """The last day a link issued on ``issued_on`` works, for a process period ending ``end``."""
    return end if end is not None else issued_on + timedelta(days=LINK_DAYS_WITHOUT_PERIOD)


def link_state(*, revoked: bool, expires_on: date, today: date) -> LinkState:
    if revoked:
        return LinkState.REVOKED
    return LinkState.EXPIRED if today > expires_on else LinkState.ACTIVE


def check_note_date(note_date: date, *, period_start: date | None, end: date | None,
                    today: date) -> date:
    """``note_date`` if it lies in the process period and not after today, else a DomainError
    naming the allowed bound (``note_date_early`` / ``note_date_late``)."""
    if period_start is not None and note_date < period_start:
        raise DomainError("note_date_early", "the note's date lies before the process period",
                          earliest=period_start.isoformat(), field="note_date")
    latest = today if end is None else min(today, end)
    if note_date > latest:
        raise DomainError("note_date_late", "the note's date lies after today or the process period",
                          latest=latest.isoformat(), field="note_date")
    return note_date


def needs_reminder(status: MeasureStatus | str, deadline: date | None, today: date, days: int) -> bool:
    """Whether an open measure is due within ``days`` days from ``today`` or is overdue."""
    if deadline is None or MeasureStatus(status) not in OPEN_STATUSES:
        return False
    return deadline <= today + timedelta(days=days)
