"""Personal update links of responsible bodies: issue, renew, revoke, show again, find.

One link per process and normalised e-mail address (``Measure.responsible_email``); it covers all
measures of that process with this address. Organizers issue, renew, revoke and look at links
(every one of these is audited); ``flask send-reminders`` issues a missing link itself (audited
as the system) and puts the link into the digest by unsealing it — see ``models/responsible.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date

from email_validator import EmailNotValidError, validate_email

from ..domain import responsible as rules
from ..domain.errors import DomainError
from ..domain.joincodes import generate_secret
from ..domain.responsible import LinkState
from ..extensions import db
from ..models import Goal, Measure, Process, ReminderLog, ResponsibleLink
from ..models.base import utcnow
from ..secrets_store import SealBroken
from .plumbing import audit, tx
from .plumbing.audit import Actor

MAX_SECRET_LENGTH = 200  # anything longer is not one of ours (32 characters are issued)


def normalise_email(value: object) -> str | None:
    """The stored form of a responsible address (validated, lower case), or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise DomainError("invalid_email", "not an address", field="responsible_email")
    try:
        address = validate_email(value.strip(), check_deliverability=False,
                                 globally_deliverable=False).normalized.lower()
    except EmailNotValidError as error:
        raise DomainError("invalid_email", str(error), field="responsible_email") from None
    if len(address) > 254:
        raise DomainError("invalid_email", "address too long", field="responsible_email")
    return address


def link_actor(link: ResponsibleLink) -> Actor:
    """Who an update through a link is recorded as: the link, not any account."""
    return Actor(label=f"via link of {link.email}", via="responsible_link")


# --- state ------------------------------------------------------------------------------------

def process_end(process: Process) -> date | None:
    return rules.period_end(process.period_end, process.implementation_deadline)


def expires_on(link: ResponsibleLink) -> date:
    return rules.link_expires_on(process_end(link.process), link.issued_at.date())


def state(link: ResponsibleLink, today: date) -> LinkState:
    return rules.link_state(revoked=link.revoked_at is not None, expires_on=expires_on(link), today=today)


def measures_of(process_id: int, email: str) -> list[Measure]:
    """The measures of a process with this responsible address, in plan order."""
    return list(db.session.scalars(
        db.select(Measure).join(Goal, Goal.id == Measure.goal_id)
        .where(Goal.process_id == process_id, Measure.responsible_email == email)
        .order_by(Goal.position, Goal.id, Measure.position, Measure.id)))


@dataclass
class Address:
    """One responsible address of a process, for the organizer's overview."""

    email: str
    measures: list[Measure] = dc_field(default_factory=list)
    link: ResponsibleLink | None = None
    state: LinkState | None = None  # None: no link issued yet
    expires_on: date | None = None
    last_reminder: ReminderLog | None = None  # the latest digest to this address (any process)


def addresses(process: Process, today: date) -> list[Address]:
    """Every address named by a measure of the process or holding a link, sorted."""
    found: dict[str, Address] = {}
    for goal in process.goals:
        for measure in goal.measures:
            if measure.responsible_email:
                found.setdefault(measure.responsible_email, Address(measure.responsible_email)).measures.append(measure)
    for link in db.session.scalars(db.select(ResponsibleLink).filter_by(process_id=process.id)):
        entry = found.setdefault(link.email, Address(link.email))
        entry.link, entry.state, entry.expires_on = link, state(link, today), expires_on(link)
    if found:
        for log in db.session.scalars(db.select(ReminderLog).filter(
                ReminderLog.kind == rules.ReminderKind.DIGEST, ReminderLog.email.in_(found)).order_by(ReminderLog.day)):
            found[log.email].last_reminder = log
    return [found[email] for email in sorted(found)]


def link_for(process: Process, email: str) -> ResponsibleLink | None:
    return db.session.scalar(db.select(ResponsibleLink).filter_by(process_id=process.id, email=email))


def find(secret: str) -> ResponsibleLink | None:
    """The link a presented secret names (active or not), or None."""
    if not isinstance(secret, str) or not 0 < len(secret) <= MAX_SECRET_LENGTH:
        return None
    return db.session.scalar(db.select(ResponsibleLink).filter_by(secret_hash=ResponsibleLink.digest(secret)))


def secret_of(link: ResponsibleLink) -> str | None:
    """The link's secret again, or None when it was sealed under an earlier secret key."""
    try:
        return link.secret
    except SealBroken:
        return None


# --- organizer actions ------------------------------------------------------------------------

def _facts(link: ResponsibleLink) -> dict:
    return {"email": link.email, "revoked": link.revoked_at is not None}


def issue(actor: Actor, process: Process, email: str) -> tuple[ResponsibleLink, str]:
    """A link for this address, new or renewed (a new secret: the previous link stops working,
    a revoked one works again under the new secret). Returns the link and its secret."""
    email = normalise_email(email)
    if email is None:
        raise DomainError("invalid_email", "an address is required", field="email")
    secret = generate_secret()
    with tx.write():
        link = link_for(process, email)
        action = "responsible_link.renew" if link else "responsible_link.create"
        before = _facts(link) if link else None
        if link is None:
            link = ResponsibleLink(process_id=process.id, email=email)
            db.session.add(link)
        link.secret = secret
        link.issued_at, link.revoked_at, link.last_used_at = utcnow(), None, None
        audit.record(actor, action, link, process_id=process.id, before=before, after=_facts(link))
        link_id = link.id
    return db.session.get(ResponsibleLink, link_id), secret


def revoke(actor: Actor, link: ResponsibleLink) -> ResponsibleLink:
    with tx.write():
        target = db.session.get(ResponsibleLink, link.id)
        if target.revoked_at is None:
            before = _facts(target)
            target.revoked_at = utcnow()
            audit.record(actor, "responsible_link.revoke", target, process_id=target.process_id,
                         before=before, after=_facts(target))
    return db.session.get(ResponsibleLink, link.id)


def reveal(actor: Actor, link: ResponsibleLink) -> str | None:
    """The link's secret for an organizer to pass on by hand (recorded), or None after a key
    change (then renew it)."""
    secret = secret_of(link)
    if secret is not None:
        with tx.write():
            audit.record(actor, "responsible_link.reveal", db.session.get(ResponsibleLink, link.id),
                         process_id=link.process_id, after={"email": link.email})
    return secret


def for_reminder(actor: Actor, process: Process, email: str, today: date) -> str | None:
    """The secret to put into a reminder: the active link's, a new link's when none exists yet
    (or when its seal no longer opens after a key change), None when the organizer revoked the
    link or it has expired — then no reminder about this process goes to this address."""
    link = link_for(process, email)
    if link is not None and state(link, today) is not LinkState.ACTIVE:
        return None
    end = process_end(process)
    if link is None and end is not None and end < today:
        return None  # the period is over: no new link
    secret = secret_of(link) if link is not None else None
    if secret is None:
        _link, secret = issue(actor, process, email)
    return secret
