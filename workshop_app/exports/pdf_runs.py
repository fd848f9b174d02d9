"""Drawing one line of a PDF table cell run by run: plain text where it can, HarfBuzz where needed.

fpdf2 runs the bidi algorithm and HarfBuzz over a whole line as soon as text shaping is on,
and shapes it three times per ``cell``. A line with a few Arabic words among German ones
is cut here into directional runs instead: the left-to-right runs are written with the
cheap ``FPDF.text``, only the right-to-left runs go through ``FPDF.cell`` with shaping —
and a run seen before is replayed from the content fpdf2 wrote for it the first time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.bidi import BidiParagraph, auto_detect_base_direction
from fpdf.enums import PDFResourceType, TextDirection

from .pdf_fonts import body_covers

__all__ = ["BIDI_CONTROLS", "RunPrinter", "bidi_runs"]

# LRM, RLM, the embeddings and overrides, and the isolates.
BIDI_CONTROLS = dict.fromkeys(range(0x202A, 0x202F)) | dict.fromkeys(range(0x2066, 0x206A))
BIDI_CONTROLS |= dict.fromkeys((0x200E, 0x200F))
_FONT_REFERENCE = re.compile(rb"/F(\d+) ")


def bidi_runs(text: str) -> list[tuple[str, bool]]:
    """A line with right-to-left text as (run, right-to-left?) pairs, left to right.

    fpdf2 would run the bidi algorithm and HarfBuzz over the whole line (and shape it
    three times); here only the right-to-left runs are shaped, the rest is plain text.
    The runs are ordered as fpdf2 orders them (``TextLine.get_ordered_fragments``): in
    reading order, reversed when the line itself is right-to-left.
    """
    direction = auto_detect_base_direction(text)
    fragments: Sequence[tuple[str, TextDirection]] | None = _letter_runs(text, direction == TextDirection.RTL)
    if fragments is None:
        fragments = BidiParagraph(text=text, base_direction=direction).get_bidi_fragments()
    runs = []
    for run, run_direction in fragments:
        run = run.translate(BIDI_CONTROLS)  # resolved now; HarfBuzz has no use for them
        if run:
            runs.append((run, run_direction == TextDirection.RTL))
    return runs[::-1] if direction == TextDirection.RTL else runs


def _letter_runs(text: str, rtl: bool) -> list[tuple[str, TextDirection]] | None:
    """The bidi runs of a line of letters and spaces only, or None for any other line.

    The full bidi algorithm in pure Python costs about a millisecond a line; for letters
    and spaces it comes down to this: combining marks go with their letter, and spaces
    take the direction of the letters on both sides, else the line's direction.
    """
    kinds: list[str] = []
    for char in text:
        kind = _LETTER_KINDS.get(char)
        if kind is None:
            kind = _LETTER_KINDS[char] = _letter_kind(char)
        if not kind:
            return None
        if kind == "M":  # a combining mark: the direction of what it sits on
            kind = kinds[-1] if kinds else " "
        kinds.append(kind)
    base = "R" if rtl else "L"
    resolved, i = list(kinds), 0
    while i < len(kinds):
        if kinds[i] != " ":
            i += 1
            continue
        end = i
        while end < len(kinds) and kinds[end] == " ":
            end += 1
        before = kinds[i - 1] if i else base
        after = kinds[end] if end < len(kinds) else base
        resolved[i:end] = [before if before == after else base] * (end - i)
        i = end
    runs: list[tuple[str, TextDirection]] = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or resolved[k] != resolved[start]:
            direction = TextDirection.RTL if resolved[start] == "R" else TextDirection.LTR
            runs.append((text[start:k], direction))
            start = k
    return runs


def _letter_kind(char: str) -> str:
    """"L", "R", " " (a space), "M" (a combining mark) or "" (anything else)."""
    return {"L": "L", "R": "R", "AL": "R", "WS": " ", "NSM": "M"}.get(
        unicodedata.bidirectional(char), ""
    )


_LETTER_KINDS: dict[str, str] = {}


class RunPrinter:
    """Draws the runs of table lines on one ``FPDF``; remembers what shaped runs produced.

    Replaying is safe because a run is only replayed in the same font state in which it
    was recorded (font, size, style, colours, whether the font is set on the page) and
    only if drawing it left that state as it was; the copy is moved into place with a
    translation matrix inside ``q … Q``, so it changes nothing that fpdf2 keeps track of.
    """

    def __init__(self, pdf: FPDF, size_mm: float) -> None:
        self._pdf = pdf
        self._size_mm = size_mm
        self._recorded: dict[tuple[object, ...], tuple[bytes, float, float, tuple[int, ...]]] = {}

    def plain(self, items: list[tuple[str, float, float, float]]) -> list[tuple[str, float, float, float]]:
        """Draw the (run, left, line_top, lh) items the body font covers, left to right, in one go.

        What ``FPDF.text`` writes for each (a text object at the baseline ``FPDF.cell`` would use,
        in the text colour), but as one content operation per cell: ``FPDF.text`` costs more per
        call than all the rest of drawing a table. Returns the items it did not draw.
        """
        pdf = self._pdf
        done: list[tuple[str, float, float, float]] = []
        rest: list[tuple[str, float, float, float]] = []
        for item in items:
            (done if body_covers(item[0]) else rest).append(item)
        if not done:
            return rest
        font, text_colour = pdf.current_font, pdf.text_color
        assert font is not None and text_colour is not None  # the table sets both before any text
        if not pdf.current_font_is_set_on_page:
            pdf._out(pdf._set_font_for_page(font, pdf.font_size_pt))  # noqa: SLF001
        k, height = pdf.k, pdf.h
        # The font is named in every text object: a shaped run drawn before (``FPDF.cell`` with a
        # fallback font) leaves *its* font in the text state, which fpdf2 does not track.
        select = f"/F{font.i} {pdf.font_size_pt:.2f} Tf"
        texts = " ".join(
            f"BT {select} {left * k:.2f} {(height - line_top - 0.5 * lh - 0.3 * self._size_mm) * k:.2f} Td "
            f"{font.encode_text(run)} ET" for run, left, line_top, lh in done
        )
        colour = text_colour.serialize().lower() if pdf.fill_color != text_colour else ""
        pdf._out(f"q {colour} {texts} Q" if colour else texts)  # noqa: SLF001
        return rest

    def draw(self, run: str, rtl: bool, run_w: float, left: float, line_top: float, lh: float) -> None:
        """One directional run of a line, ``run_w`` wide from ``left``; the font is already set."""
        pdf = self._pdf
        if rtl != bool(pdf.text_shaping):
            pdf.set_text_shaping(rtl)
        if not rtl and body_covers(run):
            # The baseline where FPDF.cell would put it, so both paths line up.
            pdf.text(left, line_top + 0.5 * lh + 0.3 * self._size_mm, run)
            return
        # HarfBuzz for the right-to-left run, or a fallback font (emoji, symbols).
        key = (run, rtl, run_w, lh, *self._state())
        recorded = self._recorded.get(key)
        if recorded is not None:
            self._replay(recorded, left, line_top)
            return
        contents = pdf.pages[pdf.page].contents
        start = len(contents)  # type: ignore[arg-type]  # a page being drawn holds a bytearray
        # FPDF.cell pads by c_margin itself; start that much further left.
        pdf.set_xy(left - pdf.c_margin, line_top)
        pdf.cell(run_w + 2 * pdf.c_margin, lh, run, align="L")
        if isinstance(contents, bytearray) and self._state() == key[4:]:
            snippet = bytes(contents[start:])
            fonts = tuple(int(i) for i in _FONT_REFERENCE.findall(snippet))
            self._recorded[key] = (snippet, left, line_top, fonts)
        # A fallback font selected inside that text stays in the text state, unknown to fpdf2:
        # make the next text name its font again.
        pdf.current_font_is_set_on_page = False

    def _state(self) -> tuple[object, ...]:
        pdf = self._pdf
        font = pdf.current_font
        return (
            id(font), pdf.font_size_pt, pdf.font_style,
            pdf.current_font_is_set_on_page, repr(pdf.text_color), repr(pdf.fill_color),
        )  # fmt: skip

    def _replay(self, recorded: tuple[bytes, float, float, tuple[int, ...]], left: float, top: float) -> None:
        pdf = self._pdf
        snippet, left0, top0, fonts = recorded
        for font in fonts:  # the page must list the fonts the copy uses
            pdf._resource_catalog.add(PDFResourceType.FONT, font, pdf.page)  # noqa: SLF001
        dx, dy = (left - left0) * pdf.k, (top0 - top) * pdf.k
        pdf._out(b"q 1 0 0 1 %.2f %.2f cm\n%sQ" % (dx, dy, snippet))  # noqa: SLF001
