"""Headings and fixed wording of the exports, in German and English.

The exports are pure code without an app context, so Flask-Babel's catalogues are not
available here; these two small dictionaries are the whole vocabulary. A unit test keeps
them complete (same keys in both languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from . import wording_de, wording_en

if TYPE_CHECKING:
    from .document_plan import ProgressNote

__all__ = ["LANGUAGES", "Labels", "UnknownLanguage", "get_labels", "note_text"]

_DE = wording_de.WORDS
_EN = wording_en.WORDS

LANGUAGES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"de": MappingProxyType(_DE), "en": MappingProxyType(_EN)}
)


class UnknownLanguage(ValueError):
    """The exports speak German and English only."""


class Labels:
    """The wording of one language: ``labels["points"]``, ``labels.term("method", "dots")``."""

    __slots__ = ("_words", "code")

    def __init__(self, code: str, words: Mapping[str, str]) -> None:
        self.code = code
        self._words = words

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def term(self, kind: str, value: object) -> str:
        """The label of an enumeration value; an unknown value is shown as it is."""
        raw = str(getattr(value, "value", value))
        return self._words.get(f"{kind}.{raw}", raw)


def get_labels(language: str = "de") -> Labels:
    """Labels for "de" or "en"; regional variants such as "de-AT" or "en_GB" are accepted."""
    code = language.replace("_", "-").split("-", 1)[0].lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(f"unsupported export language {language!r}; use 'de' or 'en'")
    return Labels(code, LANGUAGES[code])


def note_text(note: ProgressNote, labels: Labels) -> str:
    """A progress note as a reader sees it: "geplant → in Umsetzung: text" for a status change.

    (``ProgressNote`` is imported for the type checker only: labels stay below the document model.)
    """
    if note.status_after is None:
        return note.text
    before = (labels.term("measure_status", note.status_before) if note.status_before
              else labels["status_new"])
    change = f"{before} → {labels.term('measure_status', note.status_after)}"
    return f"{change}: {note.text}" if note.text else change
