"""Finding what a URL names, else a 404: a workshop by its code, a row of that workshop by its id.

Every blueprint and the API find workshops here, so that an unknown code is answered the same
way everywhere: it spends one of the address's failed guesses (:mod:`guesses`; a 429 once the
budget is spent), and a workshop outside the states a page serves looks exactly like an unknown
one. A row that exists but belongs to another workshop is a 404 as well: its id reveals nothing.
For a row found by id alone, use ``db.get_or_404``.
"""
from __future__ import annotations

from collections.abc import Container
from typing import TypeVar

from flask import abort

from . import guesses
from .domain.joincodes import normalise
from .extensions import db
from .models import Workshop

Row = TypeVar("Row")


def workshop_by_code(code: str) -> Workshop | None:
    """The workshop of a join code as typed or printed (any case, with or without dashes)."""
    return db.session.scalar(db.select(Workshop).filter_by(join_code=normalise(code)))


def workshop_or_404(code: str, *, states: Container[str] | None = None) -> Workshop:
    """The workshop a URL's code names. An unknown code — and one whose workshop is in none of
    ``states``, which must look the same — spends a guess (429 once spent), else answers 404."""
    workshop = workshop_by_code(code)
    if workshop is None or (states is not None and workshop.state not in states):
        guesses.refuse_unknown()
        abort(404)
    return workshop


def row_of_workshop_or_404(model: type[Row], row_id: int, workshop: Workshop) -> Row:
    """A round, proposal, table … by id, only if it belongs to ``workshop``."""
    row = db.session.get(model, row_id)
    if row is None or row.workshop_id != workshop.id:  # type: ignore[attr-defined]
        abort(404)
    return row
