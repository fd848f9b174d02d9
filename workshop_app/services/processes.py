"""Creating processes, from a built-in template or empty."""
from __future__ import annotations

from datetime import date

from ..domain.errors import DomainError
from ..domain.process_templates import TEMPLATES
from ..domain.text import clean_text
from ..extensions import db
from ..models import FieldOfAction, Process
from . import audit, tx
from .audit import Actor


def create_process(actor: Actor, *, municipality: str, title: str, template: str = "empty",
                   period_start: date | None = None, period_end: date | None = None,
                   council_decision: date | None = None,
                   accessibility_contact: str | None = None) -> Process:
    blueprint = TEMPLATES.get(template)
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
            accessibility_contact=_contact(accessibility_contact))
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


def list_processes() -> list[Process]:
    return list(db.session.scalars(db.select(Process).order_by(Process.created_at.desc(), Process.id.desc())))
