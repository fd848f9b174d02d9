"""The embedded fonts of the PDF exports and the text clean-up that goes with them.

fpdf2's core fonts know only Latin-1, so every PDF uses the TrueType fonts shipped in
``fonts/``: Noto Sans for Latin and Cyrillic, Noto Sans Arabic as fallback (HarfBuzz shapes
the joined letter forms and orders right-to-left runs), DejaVu Sans as a last fallback for
symbols and monochrome emoji, DejaVu Sans Mono for codes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

from .sanitize import strip_xml_invalid

__all__ = ["FONT_DIR", "MONO", "SANS", "body_covers", "pdf_text", "setup_fonts"]

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SANS = "zw-sans"
MONO = "zw-mono"

_BODY_FONTS: tuple[tuple[str, str], ...] = (
    ("", "NotoSans-Regular.ttf"),
    ("B", "NotoSans-Bold.ttf"),
)
# Fallbacks in the order fpdf2 tries them; registered only when the text needs them,
# because parsing a TrueType file costs about a tenth of a second each.
_FALLBACK_FONTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("zw-arabic", (("", "NotoSansArabic-Regular.ttf"), ("B", "NotoSansArabic-Bold.ttf"))),
    ("zw-symbols", (("", "DejaVuSans.ttf"),)),
)
_MONO_FONT = ("B", "DejaVuSansMono-Bold.ttf")


def setup_fonts(pdf: FPDF, texts: Iterable[str], *, mono: bool = False) -> None:
    """Register fonts, fallbacks and text shaping on a new ``FPDF``.

    ``texts`` is everything the document will print; it decides which fallback fonts are
    needed. ``mono`` adds the monospace font for codes.
    """
    for style, filename in _BODY_FONTS:
        pdf.add_font(SANS, style, str(FONT_DIR / filename))
    if mono:
        pdf.add_font(MONO, _MONO_FONT[0], str(FONT_DIR / _MONO_FONT[1]))
    missing = {ord(c) for text in texts for c in text} - font_cmap(_BODY_FONTS[0][1])
    fallbacks = []
    for family, files in _FALLBACK_FONTS:
        if missing & font_cmap(files[0][1]):
            for style, filename in files:
                pdf.add_font(family, style, str(FONT_DIR / filename))
            fallbacks.append(family)
            missing -= font_cmap(files[0][1])
    if fallbacks:
        # exact_match=False: bold text may fall back to a regular glyph (DejaVu has no
        # bold loaded) rather than vanish.
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    pdf.set_text_shaping(True)


@cache
def font_cmap(filename: str) -> frozenset[int]:
    with TTFont(FONT_DIR / filename, lazy=True) as font:
        return frozenset(font.getBestCmap())


def body_covers(text: str) -> bool:
    """Whether the body font alone can draw ``text`` (no fallback font needed)."""
    return _BODY_CHARS.issuperset(text) or all(ord(c) in font_cmap(_BODY_FONTS[0][1]) for c in text)


# The characters of most lines, for a fast set test before looking at code points.
_BODY_CHARS = frozenset(
    " 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜß.,:;-–()#/%'\"!?+="
)


@cache
def _covered() -> frozenset[int]:
    """Code points that some embedded text font can draw (read once per process)."""
    files = [_BODY_FONTS[0][1], *(files[0][1] for _family, files in _FALLBACK_FONTS)]
    return frozenset().union(*(font_cmap(f) for f in files))


def pdf_text(text: str) -> str:
    """User text ready for fpdf2.

    XML-invalid characters go (as in every format); tabs and carriage returns become plain
    spacing. A letter or digit that no embedded font has (e.g. Chinese) becomes U+FFFD so
    that the reader sees something is missing; an uncovered symbol (a colour emoji) is
    dropped, as fpdf2 would silently do anyway.
    """
    text = strip_xml_invalid(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    covered = _covered()
    if all(ord(c) in covered or c in "\n " for c in text):
        return text  # the common case, without building a new string
    out = []
    for char in text:
        if ord(char) in covered or char in "\n ":
            out.append(char)
            continue
        category = unicodedata.category(char)
        if category[0] in "LN":
            out.append("\ufffd")
        elif category in ("Mn", "Me", "Cf", "Zs"):
            out.append(char)  # combining marks, joiners, spaces: HarfBuzz deals with them
    return "".join(out)
