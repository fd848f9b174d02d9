"""Progress of measures: percentage, overdue, traffic light, and roll-ups per goal, field, process.

Rules (the public page, the organizer pages, the API and the plan documents all use these):

* **Effective progress.** A measure stores a percentage (0–100) or nothing. Nothing means "the
  default of its status": planned 0 %, in progress 50 %, done 100 %. A stored percentage wins,
  except that *done* is always 100 % and *dropped* has no progress at all (``None``).
* **Overdue**: the deadline has passed (it lies before today) and the measure is planned or in
  progress. Done and dropped measures are never overdue.
* **Traffic light** (:class:`Light`), first rule that applies:

  1. done → ``done``; dropped → no light (``None``: it is left out of every roll-up);
  2. overdue → ``overdue``;
  3. ``at_risk`` when the deadline is at most :data:`AT_RISK_DAYS` days away, or when the
     measure is more than :data:`AT_RISK_LAG` percentage points behind a straight line from its
     start (0 %) to its deadline (100 %) — only when it has a start before the deadline;
  4. otherwise ``on_track``.

* **Roll-ups** (:func:`rollup`) count the measures by light and average their effective
  progress (each measure weighs the same; dropped measures are left out). A roll-up's own light
  is the worst of its measures: overdue before at risk before on track; ``done`` only when every
  counted measure is done; ``None`` when it counts none.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final, cast

from .deadlines import OPEN_STATUSES, MeasureStatus
from .errors import DomainError

__all__ = [
    "AT_RISK_DAYS",
    "AT_RISK_LAG",
    "DEFAULT_PROGRESS",
    "Assessment",
    "Light",
    "Rollup",
    "assess",
    "check_progress",
    "effective_progress",
    "expected_progress",
    "is_overdue",
    "rollup",
]

#: The percentage a measure shows while none is stored, by status (dropped: none at all).
DEFAULT_PROGRESS: Final = {
    MeasureStatus.PLANNED: 0,
    MeasureStatus.IN_PROGRESS: 50,
    MeasureStatus.DONE: 100,
}
#: A measure not done whose deadline is this close (in days) is at risk.
AT_RISK_DAYS: Final = 30
#: A measure this many percentage points behind its straight-line schedule is at risk.
AT_RISK_LAG: Final = 25


class Light(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    DONE = "done"


#: Worst first: a roll-up shows the first light any of its measures has.
SEVERITY: Final = (Light.OVERDUE, Light.AT_RISK, Light.ON_TRACK, Light.DONE)


def check_progress(value: int | None) -> int | None:
    """``value`` if it is a whole percentage 0..100 or None, else ``progress_range``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise DomainError("progress_range", "progress is a whole number from 0 to 100", field="progress")
    return value


def effective_progress(status: MeasureStatus | str, stored: int | None) -> int | None:
    """The percentage shown: the stored one, else the status's default; done 100, dropped None."""
    status = MeasureStatus(status)
    if status is MeasureStatus.DROPPED:
        return None
    if status is MeasureStatus.DONE:
        return 100
    return DEFAULT_PROGRESS[status] if stored is None else stored


def is_overdue(status: MeasureStatus | str, deadline: date | None, today: date) -> bool:
    return deadline is not None and deadline < today and MeasureStatus(status) in OPEN_STATUSES


def expected_progress(start: date | None, deadline: date | None, today: date) -> int | None:
    """Where a straight line from ``start`` (0 %) to ``deadline`` (100 %) stands ``today``."""
    if start is None or deadline is None or deadline <= start:
        return None
    elapsed = min(max((today - start).days, 0), (deadline - start).days)
    return elapsed * 100 // (deadline - start).days


@dataclass(frozen=True, slots=True)
class Assessment:
    """How one measure stands on a given day."""

    progress: int | None  # effective percentage; None for dropped measures
    overdue: bool
    light: Light | None  # None for dropped measures
    days_left: int | None  # until the deadline (negative when past); None without a deadline


def assess(status: MeasureStatus | str, stored: int | None, deadline: date | None, today: date,
           start: date | None = None) -> Assessment:
    status = MeasureStatus(status)
    progress = effective_progress(status, stored)
    overdue = is_overdue(status, deadline, today)
    days_left = None if deadline is None else (deadline - today).days
    if status is MeasureStatus.DROPPED:
        light = None
    elif status is MeasureStatus.DONE:
        light = Light.DONE
    elif overdue:
        light = Light.OVERDUE
    else:
        expected = expected_progress(start, deadline, today)
        # Only dropped measures have no progress, and they never reach this branch.
        behind = expected is not None and expected - cast(int, progress) > AT_RISK_LAG
        near = days_left is not None and days_left <= AT_RISK_DAYS
        light = Light.AT_RISK if behind or near else Light.ON_TRACK
    return Assessment(progress=progress, overdue=overdue, light=light, days_left=days_left)


@dataclass(frozen=True, slots=True)
class Rollup:
    """Measures of a goal, field of action or process, summed up."""

    measures: int = 0  # counted: every measure but the dropped ones
    dropped: int = 0
    done: int = 0
    on_track: int = 0
    at_risk: int = 0
    overdue: int = 0
    progress: int | None = None  # mean effective progress, rounded half up; None without measures
    light: Light | None = None

    def as_dict(self) -> dict[str, object]:
        return {"measures": self.measures, "dropped": self.dropped, "done": self.done,
                "on_track": self.on_track, "at_risk": self.at_risk, "overdue": self.overdue,
                "progress": self.progress, "light": self.light.value if self.light else None}


def rollup(assessments: Iterable[Assessment]) -> Rollup:
    counts = dict.fromkeys(Light, 0)
    dropped = total = 0
    for item in assessments:
        if item.light is None:
            dropped += 1
            continue
        counts[item.light] += 1
        total += cast(int, item.progress)  # a measure with a light has a progress
    measures = sum(counts.values())
    if not measures:
        return Rollup(dropped=dropped)
    light = next(light for light in SEVERITY if counts[light])
    return Rollup(measures=measures, dropped=dropped, done=counts[Light.DONE],
                  on_track=counts[Light.ON_TRACK], at_risk=counts[Light.AT_RISK],
                  overdue=counts[Light.OVERDUE], progress=(2 * total + measures) // (2 * measures),
                  light=light)
