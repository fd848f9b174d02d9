"""Deadlines of measures in the action plan.

A town commits to implementing its action plan within a period after the council decision (by
default three years, the term of the "Familiengerechte Kommune" certificate). A measure due later
would fall outside what the town reports on, so it is refused with the latest allowed date.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Final

from .errors import InvalidDeadline

__all__ = [
    "DEFAULT_IMPLEMENTATION_YEARS",
    "OPEN_STATUSES",
    "MeasureStatus",
    "add_years",
    "check_deadline",
    "latest_deadline",
]

DEFAULT_IMPLEMENTATION_YEARS: Final = 3


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


#: Measures still to be done: they can be overdue, and their responsible bodies are reminded.
OPEN_STATUSES = frozenset({MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS})


def add_years(d: date, years: int) -> date:
    """``d`` moved by whole calendar years; 29 February becomes 28 February in other years.

    Going to 28 February (not 1 March) keeps the result inside the period it bounds.
    """
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # only 29 February lands on a missing day; year overflow re-raises below
        if (d.month, d.day) != (2, 29):
            raise
        return d.replace(year=d.year + years, day=28)


def latest_deadline(
    council_decision: date | None, years: int = DEFAULT_IMPLEMENTATION_YEARS
) -> date | None:
    """The last day a measure may be due, or ``None`` while the council has not decided."""
    return None if council_decision is None else add_years(council_decision, years)


def check_deadline(
    deadline: date,
    *,
    council_decision: date | None,
    years: int = DEFAULT_IMPLEMENTATION_YEARS,
    start: date | None = None,
) -> None:
    """Raise :class:`InvalidDeadline` if ``deadline`` lies outside the implementation period.

    ``deadline_before_start`` when it precedes ``start`` (e.g. the process start);
    ``deadline_too_late`` when it is after :func:`latest_deadline`. Without a council decision
    there is no upper bound yet.
    """
    if start is not None and deadline < start:
        raise InvalidDeadline(
            "deadline_before_start", "The deadline lies before the start.",
            start=start.isoformat(),
        )
    latest = latest_deadline(council_decision, years)
    if latest is not None and deadline > latest:
        raise InvalidDeadline(
            "deadline_too_late", f"The deadline must be on or before {latest.isoformat()}.",
            latest=latest.isoformat(),
        )
