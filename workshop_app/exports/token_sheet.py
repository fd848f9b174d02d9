"""Printable A4 sheets of join cards: QR code, code, address, optional label; cut marks.

Used for single-use tokens and for group code sheets. Ten cards (2 × 5) per page.
The QR code is drawn as vector rectangles from segno's module matrix rather than embedded
as an image: it stays sharp at any printer resolution, and a sheet of a hundred tokens
stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import segno
from fpdf import FPDF

from .labels import get_labels
from .pdf_fonts import MONO, SANS, pdf_text, setup_fonts

__all__ = ["CARDS_PER_PAGE", "TokenEntry", "qr_runs", "token_sheet_pdf"]

COLUMNS, ROWS = 2, 5
CARDS_PER_PAGE = COLUMNS * ROWS
_MARGIN = 10.0  # mm; most office printers cannot print closer to the edge
_TOP = 26.0  # room for the title and the instruction
_PAD = 5.0
_QUIET_MODULES = 4  # the quiet zone the QR standard asks for, kept inside the card
_CODE_MAX_PT, _CODE_MIN_PT = 22.0, 9.0


@dataclass(frozen=True, slots=True)
class TokenEntry:
    code: str
    url: str
    label: str | None = None  # e.g. the group name


def token_sheet_pdf(title: str, entries: Sequence[TokenEntry], *, language: str = "de") -> bytes:
    """An A4 PDF with one card per entry, ``CARDS_PER_PAGE`` per page (one page if empty)."""
    labels = get_labels(language)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    texts = [title, *(t for e in entries for t in (e.code, e.url, e.label or ""))]
    setup_fonts(pdf, texts, mono=True)
    pdf.set_auto_page_break(auto=False)  # the grid places everything itself
    pdf.set_title(pdf_text(title))
    pdf.set_lang(labels.code)
    pdf.set_creator("Zielwerkstatt")
    card_w = (pdf.w - 2 * _MARGIN) / COLUMNS
    card_h = (pdf.h - _TOP - _MARGIN) / ROWS
    pages = [entries[i : i + CARDS_PER_PAGE] for i in range(0, len(entries), CARDS_PER_PAGE)]
    for number, page in enumerate(pages or [[]], start=1):
        pdf.add_page()
        page_label = labels["page"].format(page=number, pages=max(len(pages), 1))
        _page_head(pdf, title, labels["token_instruction"], page_label)
        for i, entry in enumerate(page):
            x = _MARGIN + (i % COLUMNS) * card_w
            y = _TOP + (i // COLUMNS) * card_h
            _card(pdf, entry, x, y, card_w, card_h)
        _cut_marks(pdf, card_w, card_h)
    return bytes(pdf.output())


def _page_head(pdf: FPDF, title: str, instruction: str, page_label: str) -> None:
    pdf.set_text_color(0)
    pdf.set_xy(_MARGIN, _MARGIN)
    pdf.set_font(SANS, "B", 13)
    pdf.cell(pdf.epw * 0.8, 7, pdf_text(title), align="L")
    pdf.set_font(SANS, "", 8)
    pdf.cell(0, 7, page_label, align="R")
    pdf.set_xy(_MARGIN, _MARGIN + 8)
    pdf.set_font(SANS, "", 9.5)
    pdf.cell(0, 6, instruction, align="L")


def _card(pdf: FPDF, entry: TokenEntry, x: float, y: float, w: float, h: float) -> None:
    side = h - 2 * _PAD
    _draw_qr(pdf, entry.url, x + _PAD, y + _PAD, side)
    text_x = x + _PAD + side + 3
    text_w = x + w - _PAD - text_x
    pdf.set_text_color(0)
    pdf.set_xy(text_x, y + _PAD + 2)
    if entry.label:
        pdf.set_font(SANS, "B", 9.5)
        pdf.multi_cell(text_w, 4.5, pdf_text(entry.label), align="L", new_x="LEFT", new_y="NEXT",
                       max_line_height=4.5)  # fmt: skip
        pdf.ln(1.5)
        pdf.set_x(text_x)
    code = pdf_text(entry.code)
    size = _CODE_MAX_PT
    pdf.set_font(MONO, "B", size)
    while size > _CODE_MIN_PT and pdf.get_string_width(code) > text_w:
        size -= 0.5
        pdf.set_font(MONO, "B", size)
    pdf.multi_cell(text_w, size * 0.45, code, align="L", new_x="LEFT", new_y="NEXT")
    pdf.ln(2)
    pdf.set_x(text_x)
    pdf.set_font(SANS, "", 7.5)
    pdf.set_text_color(0x33)
    # Break anywhere: a URL has no spaces, and it must never run over the cut line.
    pdf.multi_cell(text_w, 3.4, pdf_text(entry.url), align="L", wrapmode="CHAR",
                   new_x="LEFT", new_y="NEXT")  # fmt: skip


def qr_runs(data: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR symbol for ``data`` as (size in modules, [(row, first column, length)]).

    Horizontal runs of dark modules: one rectangle per run instead of one per module.
    """
    matrix = segno.make(data, error="m", micro=False).matrix
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        start = None
        for c, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                runs.append((r, start, c - start))
                start = None
    return len(matrix), runs


def _draw_qr(pdf: FPDF, data: str, x: float, y: float, side: float) -> None:
    size, runs = qr_runs(data)
    module = side / (size + 2 * _QUIET_MODULES)
    left = x + _QUIET_MODULES * module
    top = y + _QUIET_MODULES * module
    pdf.set_fill_color(0)
    for r, c, length in runs:
        # A hair of overlap closes the gaps some renderers show between adjacent rectangles.
        pdf.rect(left + c * module, top + r * module, length * module, module * 1.02, style="F")


def _cut_marks(pdf: FPDF, card_w: float, card_h: float) -> None:
    """Dashed lines along every card edge: one cut per line serves both neighbours."""
    pdf.set_draw_color(0x99)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    bottom = _TOP + ROWS * card_h
    for c in range(COLUMNS + 1):
        x = _MARGIN + c * card_w
        pdf.line(x, _TOP, x, bottom)
    for r in range(ROWS + 1):
        y = _TOP + r * card_h
        pdf.line(_MARGIN, y, pdf.w - _MARGIN, y)
    pdf.set_dash_pattern()
