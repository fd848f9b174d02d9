"""Progress reports through a personal update link: status, percentage and a dated note for each
of the address's measures of one process — all of them written, or none.

Every changed measure is written by ``plan.update_measure`` (the same validation and audit as an
organizer's edit) with the link as the actor ("via link of <address>"), inside one transaction:
one bad value anywhere and nothing of the whole form is stored. A measure the form leaves as it
was is not touched and not audited.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain import responsible as rules
from ..domain.deadlines import MeasureStatus
from ..domain.errors import DomainError
from ..domain.progress import effective_progress
from ..domain.text import clean_text
from ..domain.values import optional_int
from ..extensions import db
from ..models import Measure, ResponsibleLink
from ..models.base import utcnow
from . import plan
from .plumbing import tx
from .responsible_links import link_actor, measures_of, process_end

MAX_NOTE_LENGTH = 5000


@dataclass(frozen=True)
class Entry:
    """What the form sent for one measure (strings as posted; None when the field was absent)."""

    status: str | None = None
    progress: str | None = None
    note: str = ""
    note_date: str | None = None
    note_public: bool = False


class ReportRejected(DomainError):
    """At least one measure's values are invalid; ``errors`` maps measure ids to their error."""

    def __init__(self, errors: dict[int, DomainError]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first.code, first.message, **first.params)
        self.errors = errors


def _note_date(link: ResponsibleLink, value: str | None, today: date) -> date:
    if value in (None, ""):
        return today
    try:
        day = date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError("invalid_date", "dates look like 2027-03-31", field="note_date") from None
    process = link.process
    return rules.check_note_date(day, period_start=process.period_start, end=process_end(process), today=today)


def _changes(link: ResponsibleLink, measure: Measure, entry: Entry, today: date) -> dict | None:
    """The keyword arguments for ``plan.update_measure``, or None when nothing changes.
    Raises a DomainError for the first bad value."""
    changes: dict = {}
    if entry.status not in (None, "", measure.status):
        try:
            changes["status"] = MeasureStatus(entry.status).value
        except ValueError:
            raise DomainError("invalid_choice", "unknown status", field="status") from None
    if entry.progress is not None:
        try:
            progress = optional_int(entry.progress.strip() if isinstance(entry.progress, str) else entry.progress,
                                    "progress")
        except DomainError:
            raise DomainError("progress_range", "progress is a whole number from 0 to 100", field="progress") from None
        if progress is not None and not 0 <= progress <= 100:
            raise DomainError("progress_range", "progress is a whole number from 0 to 100", field="progress")
        # The form shows the effective percentage; sent back unchanged it keeps the stored value
        # (None stays "the status's default", so a status change moves it along).
        if progress is not None and progress != effective_progress(measure.status, measure.progress):
            changes["progress"] = progress
    try:
        note = clean_text(entry.note or "", max_length=MAX_NOTE_LENGTH, required=False, multiline=True)
    except DomainError as error:
        raise DomainError(error.code, error.message, **{"field": "note", **error.params}) from None
    if not changes and not note:
        return None  # nothing to write (a date without a note is not a report)
    note_date = _note_date(link, entry.note_date, today)
    return {**changes, "note": note, "note_date": note_date, "note_public": bool(entry.note_public)}


def submit(link: ResponsibleLink, entries: dict[int, Entry], today: date) -> int:
    """Apply the form; returns how many measures changed. Raises :class:`ReportRejected` (nothing
    written) when any value is invalid. Entries for measures the link does not cover are ignored."""
    actor = link_actor(link)
    with tx.write():
        target = db.session.get(ResponsibleLink, link.id)
        errors: dict[int, DomainError] = {}
        planned: list[tuple[Measure, dict]] = []
        for measure in measures_of(target.process_id, target.email):
            entry = entries.get(measure.id)
            if entry is None:
                continue
            try:
                changes = _changes(target, measure, entry, today)
            except DomainError as error:
                errors[measure.id] = error
                continue
            if changes is not None:
                planned.append((measure, changes))
        if errors:
            raise ReportRejected(errors)
        for measure, changes in planned:
            try:
                plan.update_measure(actor, measure, **changes)
            except DomainError as error:  # a rule of the measure itself (e.g. its deadline)
                errors[measure.id] = error
        if errors:
            raise ReportRejected(errors)
        if planned:
            target.last_used_at = utcnow()
    return len(planned)
