"""Stakeholder group entries as organizers write them: a name, optionally with a one-line
explanation that tells participants who belongs there ("Verwaltung | Ämter, Kita-Träger").

The organizer's text area takes one group per line, ``Name | explanation``; the API takes the
same strings or objects ``{"name", "description"}``. Pure: the service cleans and stores them.
"""
from __future__ import annotations

from typing import Final

__all__ = ["DESCRIPTION_MAX", "SEPARATOR", "format_entry", "parse_entry"]

#: Where a line's name ends and its explanation begins (the first one counts).
SEPARATOR: Final = "|"
#: An explanation is one line on a phone: short.
DESCRIPTION_MAX: Final = 160


def parse_entry(entry: object) -> tuple[object, object]:
    """``(name, description)`` of one entry; either may be None. Values that are not text are
    passed on unchanged for the service to refuse with its usual message."""
    if isinstance(entry, dict):
        return entry.get("name"), entry.get("description")
    if isinstance(entry, str) and SEPARATOR in entry:
        name, _, description = entry.partition(SEPARATOR)
        return name.strip(), description.strip() or None
    return entry, None


def format_entry(name: str, description: str | None) -> str:
    """The line the organizer's text area shows for a stored group (parse_entry reads it back)."""
    return f"{name} {SEPARATOR} {description}" if description else name
