"""Rules of the measures step: measure proposals under goal proposals, and their adoption.

A *measure proposal* belongs to one goal proposal (its parent). Moderators may merge proposals
only of the same kind, and measures only within their goal: a merged measure would otherwise
change goals silently, or a goal would disappear into a measure.

A measure proposal may carry a suggested time frame in the participants' own words ("bis Ende
2027", "Q2/2028", "kurzfristig"). When it is adopted into the action plan, a deadline is derived
from it only where the words name a definite date (a year, a quarter, a month or a day); relative
or vague frames ("in 6 Monaten", "kurzfristig") leave the deadline for the clerk. Nothing is
invented.
"""
from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from typing import Final

from .errors import DomainError


class ProposalKind(StrEnum):
    """What a proposal is, and what a round votes on (its items' kind)."""

    GOAL = "goal"  # written in the collect phase
    MEASURE = "measure"  # written under a goal proposal in the measures phase


GOAL: Final = ProposalKind.GOAL
MEASURE: Final = ProposalKind.MEASURE
KINDS: Final[tuple[str, ...]] = tuple(ProposalKind)
RESPONSIBLE_MAX: Final = 200
TIMEFRAME_MAX: Final = 100
#: Years a time frame may name; anything else is not taken as a date.
YEARS: Final = range(2000, 2101)

_ISO_DAY = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DOTTED_DAY = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_QUARTER = re.compile(r"\bq\s*([1-4])\s*[/.\s-]?\s*(\d{4})\b|\b([1-4])\.\s*quartal\s*(\d{4})\b")
_HALF = re.compile(r"\bh\s*([12])\s*[/.\s-]?\s*(\d{4})\b|\b([12])\.\s*halbjahr\s*(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*/\s*(\d{4})\b|\b(\d{4})-(\d{1,2})\b")
_YEAR = re.compile(r"\b(\d{4})\b")
_RELATIVE = re.compile(r"\b(in|within|innerhalb|binnen|nach|after)\b\s+\d")


def _last_day(year: int, month: int) -> date | None:
    if year not in YEARS or not 1 <= month <= 12:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    if year not in YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def deadline_from_timeframe(text: str | None) -> date | None:
    """The latest day a time frame names, or ``None`` when it names no definite date.

    "2027" and "bis Ende 2027" → 31 Dec 2027; "Q2 2028" / "2. Quartal 2028" → 30 Jun 2028;
    "H1 2027" → 30 Jun 2027; "06/2027" or "2027-06" → 30 Jun 2027; "2027-03-15" or
    "15.03.2027" → that day. Relative ("in 2 Jahren") or vague ("kurzfristig") frames, impossible
    dates and several different years ("2027 oder 2028") give ``None``.
    """
    if not isinstance(text, str):
        return None
    words = text.strip().lower()
    if not words or _RELATIVE.search(words):
        return None
    years = {int(y) for y in _YEAR.findall(words)}
    if len(years) != 1:
        return None
    if match := _ISO_DAY.search(words):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED_DAY.search(words):
        return _day(int(match[3]), int(match[2]), int(match[1]))
    if match := _QUARTER.search(words):
        quarter, year = (match[1], match[2]) if match[1] else (match[3], match[4])
        return _last_day(int(year), 3 * int(quarter))
    if match := _HALF.search(words):
        half, year = (match[1], match[2]) if match[1] else (match[3], match[4])
        return _last_day(int(year), 6 * int(half))
    if match := _MONTH_YEAR.search(words):
        month, year = (match[1], match[2]) if match[1] else (match[4], match[3])
        return _last_day(int(year), int(month))
    if re.search(r"\d", _YEAR.sub("", words)):
        return None  # other figures next to the year ("3 Monate 2027"): not a definite date
    return _last_day(years.pop(), 12)


def check_merge(sources: list[tuple[str, int | None]], target: tuple[str, int | None]) -> None:
    """Refuse a merge that mixes goals and measures, or measures of different goals.

    Each proposal is given as ``(kind, parent id)``.
    """
    kind, parent = target
    for source_kind, source_parent in sources:
        if source_kind != kind:
            raise DomainError("merge_mixed_kinds", "a goal and a measure cannot be merged")
        if kind == MEASURE and source_parent != parent:
            raise DomainError("merge_other_goal", "measures can only be merged within the same goal")


def check_measure_parent(parent_kind: str, parent_open: bool, parent_visible: bool) -> None:
    """A measure may be proposed only under a visible goal proposal the moderator opened."""
    if parent_kind != GOAL or not parent_visible:
        raise DomainError("goal_not_found", "There is no such goal.", field="goal")
    if not parent_open:
        raise DomainError("goal_not_open_for_measures", "This goal is not open for measures.",
                          field="goal")
