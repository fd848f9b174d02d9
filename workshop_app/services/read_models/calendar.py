"""Calendars of measure deadlines (iCalendar), so that departments can subscribe.

``process_calendar`` serves the public page and organizers; ``measures_calendar`` takes any list
of measures (the responsible bodies' personal links use it for their own measures). Texts are in
the current request's language. Nothing personal goes in: no e-mail address, no note text.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from flask_babel import gettext as _

from ...domain.deadlines import MeasureStatus
from ...exports.ical import MEDIA_TYPE, Deadline, write_calendar  # noqa: F401  (MEDIA_TYPE for views)
from ...models import Measure, Process
from .progress import today

#: Where a measure's entry links to (its anchor on the public page or the organizer's plan).
MeasureUrl = Callable[[Measure], str]


def measure_uid(measure: Measure) -> str:
    """Stable for the measure's life and unique across installations (its creation instant)."""
    return f"{measure.created_at:%Y%m%dT%H%M%S%f}-measure-{measure.id}@zielwerkstatt"


def _status_word(status: str) -> str:
    return {"planned": _("planned"), "in_progress": _("in progress"), "done": _("done"),
            "dropped": _("dropped")}.get(status, status)


def measure_deadline(measure: Measure, *, day: date, url: str = "") -> Deadline:
    assessment = measure.assess(day)
    goal = measure.goal
    lines = [_("Goal: %(goal)s", goal=goal.title),
             _("Responsible: %(body)s", body=measure.responsible),
             _("Status: %(status)s", status=_status_word(measure.status))]
    if assessment.progress is not None:
        lines.append(_("Progress: %(percent)s %%", percent=assessment.progress))
    if assessment.overdue:
        lines.append(_("Overdue"))
    return Deadline(
        uid=measure_uid(measure), summary=_("Deadline: %(measure)s", measure=measure.title),
        day=measure.deadline, modified=measure.updated_at or measure.created_at,
        description="\n".join(lines), url=url,
        categories=(goal.field.name,) if goal.field else (), cancelled=measure.status == MeasureStatus.DROPPED)


def measures_calendar(measures: Iterable[Measure], *, name: str, url_for_measure: MeasureUrl | None = None,
                      description: str = "") -> bytes:
    """An iCalendar file with one all-day entry per measure deadline, ordered by deadline."""
    day = today()
    ordered = sorted(measures, key=lambda m: (m.deadline, m.id))
    return write_calendar(
        (measure_deadline(m, day=day, url=url_for_measure(m) if url_for_measure else "") for m in ordered),
        name=name, description=description)


def process_calendar(process: Process, *, url_for_measure: MeasureUrl | None = None) -> bytes:
    measures = [m for goal in process.goals for m in goal.measures]
    return measures_calendar(measures, name=_("Deadlines: %(process)s", process=process.title),
                             url_for_measure=url_for_measure,
                             description=f"{process.municipality} – {process.title}")
