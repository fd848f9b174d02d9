"""Fields of action of a process: add, edit, reorder, remove."""
from __future__ import annotations

import re

from ..domain.errors import DomainError
from ..domain.text import clean_text
from ..domain.values import optional_int
from ..extensions import db
from ..models import FieldOfAction, Process
from .plumbing import audit, tx
from .plumbing.audit import Actor

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#0072B2"


def clean_colour(value: str | None) -> str:
    if value is not None and not isinstance(value, str):
        raise DomainError("invalid_colour", "colour must look like #1a2b3c", field="colour")
    value = (value or DEFAULT_COLOUR).strip()
    if not _COLOUR.match(value):
        raise DomainError("invalid_colour", "colour must look like #1a2b3c", field="colour")
    return value.upper()


def _facts(field: FieldOfAction) -> dict:
    return {"name": field.name, "description": field.description, "colour": field.colour,
            "position": field.position}


def _check_unique(process_id: int, name: str, own_id: int | None = None) -> None:
    clash = db.session.scalar(db.select(FieldOfAction.id).filter_by(process_id=process_id, name=name))
    if clash is not None and clash != own_id:
        raise DomainError("field_name_taken", "a field of action with this name exists", name=name)


def _cleaned(name: str, description: str | None, colour: str | None) -> tuple[str, str, str]:
    """The field's name, description and colour as stored, or the error naming the bad one."""
    return (clean_text(name, max_length=120),
            clean_text(description or "", max_length=2000, required=False, multiline=True),
            clean_colour(colour))


def add_field(actor: Actor, process: Process, *, name: str, description: str = "",
              colour: str | None = None) -> FieldOfAction:
    name, description, colour = _cleaned(name, description, colour)
    with tx.write():
        _check_unique(process.id, name)
        last = db.session.scalar(db.select(db.func.max(FieldOfAction.position))
                                 .filter_by(process_id=process.id))
        field = FieldOfAction(process_id=process.id, name=name, description=description,
                              colour=colour, position=(last or 0) + 1 if last is not None else 0)
        db.session.add(field)
        audit.record(actor, "field.create", field, process_id=process.id, after=_facts(field))
        field_id = field.id
    return db.session.get(FieldOfAction, field_id)


def update_field(actor: Actor, field: FieldOfAction, *, name: str, description: str = "",
                 colour: str | None = None) -> FieldOfAction:
    name, description, colour = _cleaned(name, description, colour)
    with tx.write():
        target = db.session.get(FieldOfAction, field.id)
        _check_unique(target.process_id, name, target.id)
        before = _facts(target)
        target.name, target.description, target.colour = name, description, colour
        audit.record(actor, "field.update", target, process_id=target.process_id,
                     before=before, after=_facts(target))
    return db.session.get(FieldOfAction, field.id)


def move_field(actor: Actor, field: FieldOfAction, direction: str) -> None:
    """Swap with the neighbour above ("up") or below ("down"); positions are renumbered 0..n."""
    if direction not in ("up", "down"):
        raise DomainError("invalid_choice", "up or down", field="direction")
    with tx.write():
        target = db.session.get(FieldOfAction, field.id)
        ordered = list(db.session.scalars(db.select(FieldOfAction).filter_by(
            process_id=target.process_id).order_by(FieldOfAction.position, FieldOfAction.id)))
        index = ordered.index(target)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(ordered):
            ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered):
            item.position = position
        audit.record(actor, "field.move", target, process_id=target.process_id,
                     before={"position": index}, after={"position": ordered.index(target)})


def delete_field(actor: Actor, field: FieldOfAction) -> None:
    """Proposals, rounds and goals of the field stay; they lose the field (SET NULL)."""
    with tx.write():
        target = db.session.get(FieldOfAction, field.id)
        audit.record(actor, "field.delete", target, process_id=target.process_id, before=_facts(target))
        db.session.delete(target)


def field_of_process(process_id: int, value: object) -> int | None:
    """A field of action of the process given by id (form text or JSON int), or None when none
    was chosen; any other value is ``invalid_choice`` (field "field")."""
    if value in (None, ""):
        return None
    field_id = optional_int(value, "field")
    if db.session.scalar(db.select(FieldOfAction.id).filter_by(id=field_id, process_id=process_id)) is None:
        raise DomainError("invalid_choice", "Unknown field of action.", field="field")
    return field_id
