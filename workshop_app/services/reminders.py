"""Reminders by e-mail: who gets which digest today, and the log that makes a day's run idempotent.

* **Digests**: one per responsible address, covering its open measures due within the reminder
  window or overdue, grouped by process, each group with the address's personal update link of
  that process (issued here when none exists yet; a revoked or expired link means no reminders of
  that process to that address).
* **Summaries**: one per organizer (the process owner and members; admins when a process has
  neither) listing the overdue measures of the processes they look after.
* **The log**: a mail is claimed (``sending``) in its own transaction before it goes out and is
  marked ``sent`` or ``failed`` after; a kind/address/day that is ``sent`` is never sent again, a
  ``failed`` one is tried again by the next run. A claim older than :data:`STALE_CLAIM` (a run that
  died mid-send) may be taken over.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError

from ..domain.deadlines import MeasureStatus
from ..domain.progress import Assessment, is_overdue
from ..domain.responsible import ReminderKind, ReminderState, needs_reminder
from ..extensions import db
from ..models import Goal, Measure, Process, ReminderLog, Role, User
from ..models.base import utcnow
from . import responsible_links
from .plumbing import tx
from .plumbing.audit import Actor

ACTOR = Actor(label="send-reminders", via="cli")
STALE_CLAIM = timedelta(minutes=15)
OPEN = (MeasureStatus.PLANNED.value, MeasureStatus.IN_PROGRESS.value)


@dataclass
class Item:
    measure: Measure
    assessment: Assessment


@dataclass
class Section:
    """One process's measures in a mail (with the recipient's update link in a digest)."""

    process: Process
    items: list[Item] = dc_field(default_factory=list)
    secret: str | None = None


@dataclass
class Mail:
    kind: str  # "digest" | "summary"
    email: str
    sections: list[Section] = dc_field(default_factory=list)


def _open_measures(until: date):
    return list(db.session.scalars(
        db.select(Measure).join(Goal, Goal.id == Measure.goal_id)
        .where(Measure.status.in_(OPEN), Measure.deadline <= until)
        .order_by(Goal.process_id, Measure.deadline, Goal.position, Measure.position, Measure.id)))


def digests(day: date, days: int) -> list[Mail]:
    """Today's digests to responsible addresses (links issued where missing)."""
    grouped: dict[str, dict[int, Section]] = defaultdict(dict)
    for measure in _open_measures(day + timedelta(days=days)):
        if not measure.responsible_email or not needs_reminder(measure.status, measure.deadline, day, days):
            continue
        process = measure.goal.process
        section = grouped[measure.responsible_email].setdefault(process.id, Section(process))
        section.items.append(Item(measure, measure.assess(day)))
    mails = []
    for email in sorted(grouped):
        sections = []
        for section in grouped[email].values():
            section.secret = responsible_links.for_reminder(ACTOR, section.process, email, day)
            if section.secret is not None:
                sections.append(section)
        if sections:
            mails.append(Mail(ReminderKind.DIGEST, email, sections))
    return mails


def _organizers(process: Process) -> list[str]:
    people = [u for u in [process.owner, *process.members] if u is not None and u.active and u.is_organizer]
    if not people:
        people = list(db.session.scalars(db.select(User).filter_by(role=Role.ADMIN.value, active=True)))
    return sorted({u.email for u in people})


def summaries(day: date) -> list[Mail]:
    """Today's summaries of overdue measures to the organizers of their processes."""
    by_process: dict[int, Section] = {}
    for measure in _open_measures(day - timedelta(days=1)):
        if is_overdue(measure.status, measure.deadline, day):
            process = measure.goal.process
            by_process.setdefault(process.id, Section(process)).items.append(Item(measure, measure.assess(day)))
    mails: dict[str, Mail] = {}
    for section in by_process.values():
        for email in _organizers(section.process):
            mails.setdefault(email, Mail(ReminderKind.SUMMARY, email)).sections.append(section)
    return [mails[email] for email in sorted(mails)]


# --- the log ----------------------------------------------------------------------------------

def claim(kind: str, email: str, day: date) -> bool:
    """Take the right to send this mail now; False when it was sent already (or is being sent
    by another run right now)."""
    now = utcnow()
    try:
        with tx.write():
            entry = db.session.scalar(db.select(ReminderLog).filter_by(kind=kind, email=email, day=day)
                                      .with_for_update())
            if entry is None:
                entry = ReminderLog(kind=kind, email=email, day=day, attempts=0)
                db.session.add(entry)
            elif entry.state == ReminderState.SENT or (
                    entry.state == ReminderState.SENDING and now - entry.updated_at < STALE_CLAIM):
                return False
            entry.state, entry.attempts = ReminderState.SENDING.value, entry.attempts + 1
            entry.error, entry.updated_at = "", now
    except IntegrityError:  # another run inserted the same claim a moment earlier
        return False
    return True


def finish(kind: str, email: str, day: date, error: str | None = None) -> None:
    with tx.write():
        entry = db.session.scalar(db.select(ReminderLog).filter_by(kind=kind, email=email, day=day))
        entry.state = (ReminderState.FAILED if error else ReminderState.SENT).value
        entry.error = (error or "")[:300]
        entry.updated_at = utcnow()

