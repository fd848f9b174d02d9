"""The annual progress report's rules: the reporting year and a measure's status on a past day.

A measure keeps only its current status; every status change is written down as a dated progress
note (``before`` → ``after``). So the status on any day can be read back from the notes: the
``after`` of the last change on or before that day; before the first change, that change's
``before``; without changes, the current status. A report for a past year then counts the
measures as they stood at the year's end, not as they stand today.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .deadlines import MeasureStatus
from .errors import DomainError

__all__ = ["EARLIEST_YEAR", "ReportingPeriod", "StatusChange", "reporting_period", "status_on"]

EARLIEST_YEAR = 2000


@dataclass(frozen=True, slots=True)
class StatusChange:
    day: date
    before: MeasureStatus | None  # None: the measure had no status yet
    after: MeasureStatus


@dataclass(frozen=True, slots=True)
class ReportingPeriod:
    year: int
    since: date  # first day reported on
    until: date  # last day reported on (the year's end, or today while the year runs)


def reporting_period(year: int | None, today: date) -> ReportingPeriod:
    """The calendar year ``year`` (default: the current one), up to ``today`` at most."""
    if year is None:
        year = today.year
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST_YEAR <= year <= today.year:
        raise DomainError("invalid_year", "the report covers a past or the current year",
                          field="year", min=EARLIEST_YEAR, max=today.year)
    return ReportingPeriod(year, date(year, 1, 1), min(date(year, 12, 31), today))


def status_on(current: MeasureStatus, changes: Iterable[StatusChange], day: date) -> MeasureStatus:
    """The status a measure had at the end of ``day``."""
    ordered = sorted(changes, key=lambda change: change.day)
    done = [change for change in ordered if change.day <= day]
    if done:
        return done[-1].after
    if ordered:
        return ordered[0].before or MeasureStatus.PLANNED
    return current
