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
                   council_decision: date | None = None) -> Process:
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
            implementation_years=blueprint.implementation_years)
        process.fields = [
            FieldOfAction(name=f.name, description=f.description, colour=f.colour, position=i,
                          optional_module=f.optional_module)
            for i, f in enumerate(blueprint.fields)]
        db.session.add(process)
        audit.record(actor, "process.create", process, after={"title": process.title,
                                                               "template": blueprint.key})
        process_id = process.id
    return db.session.get(Process, process_id)
