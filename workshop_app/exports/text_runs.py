"""Helpers the DOCX and ODT writers share: right-to-left runs and column widths.

*Runs.* The layout isolates user text with U+2068 … U+2069 (FSI … PDI) so that an Arabic title
inside a German line stays in place. Word processors have their own way to say this — a
run's right-to-left property (DOCX ``w:rtl``, ODT a text style with ``style:writing-mode``) —
and the invisible marks would only confuse search, copy and screen readers. ``bidi_runs``
cuts a text at the marks and tells which pieces are right-to-left; the marks go.

*Column widths.* ``fit_widths`` shares a table's width by the layout's weights but widens a
column until its longest heading word (and its figures) fit, so that no word is broken in
the middle; the widest columns give up the room (their text wraps between words).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

__all__ = ["BIDI_MARKS", "SOFT_HYPHEN", "bidi_runs", "fit_widths", "hyphenate", "is_rtl", "strip_marks"]

SOFT_HYPHEN = "\u00ad"

_FSI, _PDI = "\u2068", "\u2069"
# LRE…RLO, LRI…PDI, LRM, RLM: none of them is written into a file.
BIDI_MARKS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F])
_FONT = Path(__file__).resolve().parent / "fonts" / "NotoSans-Bold.ttf"


def strip_marks(text: str) -> str:
    return text.translate(BIDI_MARKS)


def is_rtl(text: str) -> bool:
    """Whether the first strong character is right-to-left (the rule of FSI / "auto")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def bidi_runs(text: str) -> list[tuple[str, bool]]:
    """(piece, right-to-left?) in logical order; marks removed, empty pieces dropped.

    Inside an isolate the direction is that of its first strong character; outside, a piece
    is right-to-left only if it has right-to-left letters and no left-to-right ones.
    """
    if _FSI not in text and not any(ord(c) in BIDI_MARKS for c in text):
        return [(text, is_rtl(text) and not _has_ltr(text))] if text else []
    runs: list[tuple[str, bool]] = []
    piece: list[str] = []
    depth, isolated = 0, False

    def flush() -> None:
        chunk = "".join(piece)
        if chunk:
            rtl = is_rtl(chunk) if isolated else is_rtl(chunk) and not _has_ltr(chunk)
            runs.append((chunk, rtl))
        piece.clear()

    for char in text:
        if char == _FSI:
            if depth == 0:
                flush()
                isolated = True
            depth += 1
        elif char == _PDI and depth:
            depth -= 1
            if depth == 0:
                flush()
                isolated = False
        elif ord(char) not in BIDI_MARKS:
            piece.append(char)
    flush()
    return runs


def _has_ltr(text: str) -> bool:
    return any(unicodedata.bidirectional(c) == "L" for c in text)


@cache
def word_width(word: str, points: float) -> float:
    """Width of ``word`` in points at ``points`` size, bold (headings are bold; a safe upper bound)."""
    return _bold_font().getlength(word) * points / 100


@cache
def _bold_font() -> FreeTypeFont:
    from PIL import ImageFont

    # The basic layout engine: measuring needs no shaping, and raqm refuses some control text.
    return ImageFont.truetype(str(_FONT), 100, layout_engine=ImageFont.Layout.BASIC)


@cache
def _dictionary(language: str) -> Any:  # a pyphen.Pyphen (pyphen has no type information)
    import pyphen

    return pyphen.Pyphen(lang="de_DE" if language == "de" else "en_GB")


@cache
def syllables(word: str, language: str) -> str:
    syllables: str = _dictionary(language).inserted(word, hyphen=SOFT_HYPHEN)
    return syllables


def hyphenate(text: str, width: float, points: float, language: str) -> str:
    """``text`` with soft hyphens in the words that may not fit a column ``width`` points wide.

    Only words longer than the column could possibly hold get syllable breaks (the cheap test
    first: most cells have none), so that a word processor breaks them with a hyphen between
    syllables, never in the middle of one.
    """
    limit = int(width / (points * 0.8))  # characters that surely fit, even wide bold ones
    if len(text) <= limit:
        return text
    words = text.split(" ")
    if all(len(w) <= limit for w in words):
        return text

    def fits(word: str) -> bool:
        return len(word) <= limit or word_width(word, points) <= width

    return " ".join(w if fits(w) or not strip_marks(w).strip(".,;:()!?\"'„“").isalpha()
                    else syllables(w, language) for w in words)  # fmt: skip


def fit_widths(
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    numeric: Sequence[bool],
    total: float,
    *,
    points: float,
    padding: float,
    language: str = "de",
) -> list[float]:
    """Column widths (in the unit of ``total``, which is in points) that break no word."""
    widths = [total * w / sum(weights) for w in weights]

    def widest(texts: Sequence[str]) -> float:
        words = {w for t in texts for w in strip_marks(t).split()}
        return max((word_width(w, points) for w in words), default=0.0)

    sample = rows[:200]
    need = [
        max(min(widest([h]) + padding, total / 4),
            widest([row[j] for row in sample]) + padding if numeric[j]
            else min(widest([row[j] for row in sample]) + padding, total / 5))
        for j, h in enumerate(headings)
    ]  # fmt: skip
    if sum(need) > total:  # whole words cannot all fit: headings break between syllables
        need = [
            max(min(_widest_syllable(h, points, language) + padding, total / 4),
                widest([row[j] for row in sample]) + padding if numeric[j] else 0.0)
            for j, h in enumerate(headings)
        ]  # fmt: skip
    deficit = sum(max(n - w, 0) for n, w in zip(need, widths, strict=True))
    slack = [max(w - n, 0) for n, w in zip(need, widths, strict=True)]
    if deficit and sum(slack) >= deficit:
        widths = [max(w, n) - (s / sum(slack)) * deficit for w, n, s in zip(widths, need, slack, strict=True)]
    return widths


def _widest_syllable(heading: str, points: float, language: str) -> float:
    pieces = [p for w in strip_marks(heading).split() for p in syllables(w, language).split(SOFT_HYPHEN)]
    return max((word_width(p + "-", points) for p in pieces), default=0.0)
