"""Numbers and yes/no values from untrusted input (forms send text, JSON sends any type).

One coercion per kind, shared by the organizer forms, the JSON API and the services, so that a
value of the wrong type or beyond what the database stores is a clear ``DomainError`` at the
boundary and never a ``TypeError`` or a database overflow further in. Free text and choices are
cleaned by :mod:`workshop_app.domain.text`.
"""
from __future__ import annotations

from typing import Any

from .errors import DomainError

__all__ = ["MAX_ID", "optional_flag", "optional_int", "row_id"]

#: The largest id or count the database stores (PostgreSQL ``integer``).
MAX_ID = 2**31 - 1


def row_id(value: Any, field: str) -> int | None:
    """A row's id from JSON, or None. JSON may carry any type here; only a whole number in the
    column's range names a row (PostgreSQL refuses to compare an integer column with text, a
    boolean or a huge number). Unlike :func:`optional_int`, digit strings are refused too."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        raise DomainError("invalid_choice", "not an id", field=field)
    return value


def optional_int(value: Any, name: str = "") -> int | None:
    """A whole number from JSON (int) or a form (digit string), or None when empty.

    Booleans, fractions, other types and numbers beyond :data:`MAX_ID` are ``invalid_choice``.
    """
    if value in (None, "") and not isinstance(value, bool):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_ID:
            raise DomainError("value_out_of_range", "number beyond the stored range", field=name)
        return value
    text = str(value).strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    raise DomainError("invalid_choice", "a number was expected", field=name)


def optional_flag(value: Any, name: str = "") -> bool | None:
    """``true``/``false`` from JSON, or None when absent; anything else is ``invalid_choice``."""
    if value is None or isinstance(value, bool):
        return value
    raise DomainError("invalid_choice", "true or false was expected", field=name)
