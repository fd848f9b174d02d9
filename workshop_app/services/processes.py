"""Creating processes, from a built-in template or empty; who may see and change them.

Admins see every process. Organizers see the processes they own (they created them) or are
members of; the owner and admins manage the members.
"""
from __future__ import annotations

from datetime import date

from .. import events
from ..domain.errors import DomainError
from ..domain.process_templates import TEMPLATES
from ..domain.text import clean_text
from ..extensions import db
from ..models import FieldOfAction, Process, Role, User, process_members
from .plumbing import audit, tx
from .plumbing.audit import Actor


def create_process(actor: Actor, *, municipality: str, title: str, template: str = "empty",
                   period_start: date | None = None, period_end: date | None = None,
                   council_decision: date | None = None,
                   accessibility_contact: str | None = None) -> Process:
    blueprint = TEMPLATES.get(template) if isinstance(template, str) else None
    if blueprint is None:
        raise DomainError("invalid_choice", "unknown template", field="template")
    if period_start and period_end and period_end < period_start:
        raise DomainError("period_order", "the period ends before it starts")
    with tx.write():
        process = Process(
            municipality=clean_text(municipality, max_length=200),
            title=clean_text(title, max_length=200), template=blueprint.key,
            period_start=period_start, period_end=period_end, council_decision=council_decision,
            implementation_years=blueprint.implementation_years,
            accessibility_contact=_contact(accessibility_contact), owner_id=actor.user_id)
        process.fields = [
            FieldOfAction(name=f.name, description=f.description, colour=f.colour, position=i,
                          optional_module=f.optional_module)
            for i, f in enumerate(blueprint.fields)]
        db.session.add(process)
        audit.record(actor, "process.create", process, after={"title": process.title,
                                                               "template": blueprint.key})
        process_id = process.id
    return db.session.get(Process, process_id)


def _contact(value: str | None) -> str | None:
    """The feedback contact of the accessibility statement (BITV 2.0); empty means none."""
    return clean_text(value, max_length=200, required=False) or None if value else None


def _facts(process: Process) -> dict:
    return {"municipality": process.municipality, "title": process.title,
            "period_start": process.period_start.isoformat() if process.period_start else None,
            "period_end": process.period_end.isoformat() if process.period_end else None,
            "council_decision": process.council_decision.isoformat() if process.council_decision else None,
            "implementation_years": process.implementation_years,
            "accessibility_contact": process.accessibility_contact}


def update_process(actor: Actor, process: Process, *, municipality: str, title: str,
                   period_start: date | None = None, period_end: date | None = None,
                   council_decision: date | None = None,
                   implementation_years: int | None = None,
                   accessibility_contact: str | None = None) -> Process:
    if period_start and period_end and period_end < period_start:
        raise DomainError("period_order", "the period ends before it starts")
    if implementation_years is not None and not 1 <= implementation_years <= 10:
        raise DomainError("implementation_years", "between 1 and 10 years")
    with tx.write():
        target = db.session.get(Process, process.id)
        before = _facts(target)
        target.municipality = clean_text(municipality, max_length=200)
        target.title = clean_text(title, max_length=200)
        target.period_start, target.period_end = period_start, period_end
        target.council_decision = council_decision
        if implementation_years is not None:
            target.implementation_years = implementation_years
        if accessibility_contact is not None:
            target.accessibility_contact = _contact(accessibility_contact)
        audit.record(actor, "process.update", target, process_id=target.id, before=before,
                     after=_facts(target))
    return db.session.get(Process, process.id)


def _visible(user: User | None):
    """The processes ``user`` may see, as a WHERE clause (None: every process, for the system)."""
    if user is None or user.is_admin:
        return db.true()
    if not user.is_organizer:
        return db.false()
    member = db.select(process_members.c.process_id).where(process_members.c.user_id == user.id)
    return (Process.owner_id == user.id) | Process.id.in_(member)


def list_processes(user: User | None = None) -> list[Process]:
    """Every process for admins and the system; an organizer's own and member processes."""
    return list(db.session.scalars(db.select(Process).where(_visible(user))
                                   .order_by(Process.created_at.desc(), Process.id.desc())))


def visible_process_ids(user: User | None) -> list[int] | None:
    """None when ``user`` sees every process; else the ids of the processes they see."""
    if user is None or user.is_admin:
        return None
    return list(db.session.scalars(db.select(Process.id).where(_visible(user))))


def may_manage(user: User | None, process_id: int) -> bool:
    """Whether a signed-in account may see and change the process (admins: every process)."""
    if user is None or not user.is_organizer:
        return False
    if user.is_admin:
        return True
    return db.session.scalar(db.select(Process.id).where(Process.id == process_id, _visible(user))) is not None


def may_manage_members(user: User | None, process: Process) -> bool:
    return user is not None and (user.is_admin or (user.is_organizer and process.owner_id == user.id))


def add_member(actor: Actor, process: Process, email: str) -> User:
    address = (email or "").strip().lower()
    with tx.write():
        target = db.session.get(Process, process.id)
        user = db.session.scalar(db.select(User).filter_by(email=address))
        if user is None:
            raise DomainError("user_not_found", "no such account", field="email")
        if user.role != Role.ORGANIZER.value:
            raise DomainError("member_not_organizer", "only organizers are members", field="email")
        if user not in target.members and user.id != target.owner_id:
            target.members.append(user)
            audit.record(actor, "process.member_add", target, process_id=target.id,
                         after={"member": user.email})
    return user


def remove_member(actor: Actor, process: Process, user_id: int) -> None:
    """The member loses the process at once: their open moderator sockets are dropped."""
    with tx.write() as uow:
        target = db.session.get(Process, process.id)
        user = next((u for u in target.members if u.id == user_id), None)
        if user is None:
            raise DomainError("user_not_found", "not a member")
        target.members.remove(user)
        audit.record(actor, "process.member_remove", target, process_id=target.id,
                     before={"member": user.email})
        uow.publish(events.access_revoked, user_id=user_id)
