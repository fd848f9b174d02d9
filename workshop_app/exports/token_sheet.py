"""Printable A4 sheets of join cards: QR code, code, address, optional label; cut marks.

Used for single-use tokens and for group code sheets. Ten cards (2 × 5) per page; every group
starts on a page of its own (the cards of one group go to that group's tables). The page head
names the workshop, its date and venue, and says what to do in each of the workshop's
languages; the address on a card never breaks inside the code it carries.
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
_LINE = 4.3  # mm per instruction line in the page head
_PAD = 5.0
_QUIET_MODULES = 4  # the quiet zone the QR standard asks for, kept inside the card
_CODE_MAX_PT, _CODE_MIN_PT = 22.0, 9.0


@dataclass(frozen=True, slots=True)
class TokenEntry:
    code: str
    url: str
    label: str | None = None  # e.g. the group name


def token_sheet_pdf(
    title: str,
    entries: Sequence[TokenEntry],
    *,
    language: str = "de",
    subtitle: str = "",
    instructions: Sequence[str] = (),
) -> bytes:
    """An A4 PDF with one card per entry, ``CARDS_PER_PAGE`` per page, a new page per group.

    ``subtitle``: date and venue; ``instructions``: what to do, one line per language (default:
    the export language's sentence).
    """
    labels = get_labels(language)
    lines = list(dict.fromkeys(instructions)) or [labels["token_instruction"]]
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    texts = [title, subtitle, *lines, *(t for e in entries for t in (e.code, e.url, e.label or ""))]
    setup_fonts(pdf, texts, mono=True)
    pdf.set_auto_page_break(auto=False)  # the grid places everything itself
    pdf.set_title(pdf_text(title))
    pdf.set_lang(labels.code)
    pdf.set_creator("Zielwerkstatt")
    pdf.set_font(SANS, "", 9)
    wrapped = [(part, _is_rtl(line)) for line in lines for part in _wrap(pdf, pdf_text(line), pdf.w - 2 * _MARGIN)]
    top = _MARGIN + 8 + (5 if subtitle else 0) + _LINE * len(wrapped) + 3
    card_w = (pdf.w - 2 * _MARGIN) / COLUMNS
    card_h = (pdf.h - top - _MARGIN) / ROWS
    pages = _pages_by_group(entries)
    for number, page in enumerate(pages or [[]], start=1):
        pdf.add_page()
        page_label = labels["page"].format(page=number, pages=max(len(pages), 1))
        _page_head(pdf, title, subtitle, wrapped, page_label)
        for i, entry in enumerate(page):
            x = _MARGIN + (i % COLUMNS) * card_w
            y = top + (i // COLUMNS) * card_h
            _card(pdf, entry, x, y, card_w, card_h)
        _cut_marks(pdf, top, card_w, card_h)
    return bytes(pdf.output())


def _pages_by_group(entries: Sequence[TokenEntry]) -> list[list[TokenEntry]]:
    """Pages of at most ``CARDS_PER_PAGE`` cards; a group (label) never shares a page with another."""
    groups: dict[str | None, list[TokenEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.label, []).append(entry)
    return [cards[i : i + CARDS_PER_PAGE] for cards in groups.values()
            for i in range(0, len(cards), CARDS_PER_PAGE)]  # fmt: skip


def _page_head(pdf: FPDF, title: str, subtitle: str, lines: Sequence[tuple[str, bool]], page_label: str) -> None:
    """Title and page, date and venue, then the instructions (wrapped; Arabic right-aligned)."""
    pdf.set_text_color(0)
    pdf.set_xy(_MARGIN, _MARGIN)
    pdf.set_font(SANS, "B", 13)
    pdf.cell(pdf.epw * 0.8, 7, pdf_text(title), align="L")
    pdf.set_font(SANS, "", 8)
    pdf.cell(0, 7, page_label, align="R")
    y = _MARGIN + 8
    if subtitle:
        pdf.set_xy(_MARGIN, y)
        pdf.set_font(SANS, "", 10)
        pdf.cell(0, 5, pdf_text(subtitle), align="L")
        y += 5
    pdf.set_font(SANS, "", 9)
    for line, rtl in lines:
        pdf.set_xy(_MARGIN, y)
        pdf.cell(pdf.w - 2 * _MARGIN, _LINE, line, align="R" if rtl else "L")
        y += _LINE


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Lines of whole words that fit ``width`` in the current font (right-to-left lines as well:
    fpdf2 reorders each line when it draws it)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pdf.get_string_width(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return [*lines, line] if line else lines


def _is_rtl(text: str) -> bool:
    return any("\u0590" <= c <= "\u08ff" for c in text)


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
    pdf.set_text_color(0x33)
    for line, size in _url_lines(pdf, pdf_text(entry.url), pdf_text(entry.code), text_w):
        pdf.set_font(SANS, "", size)
        pdf.cell(text_w, size * 0.45, line, align="L", new_x="LEFT", new_y="NEXT")


def _url_lines(pdf: FPDF, url: str, code: str, width: float) -> list[tuple[str, float]]:
    """The address in lines that fit ``width``; the code it ends with is never split.

    One line if it fits (shrinking the type down to 6 pt); else breaks after a "/" (or "?", "=")
    before the code (or after a "." or "-" of the host), so that the code stays whole on the last line.
    """
    for size in (7.5, 7.0, 6.5, 6.0):
        pdf.set_font(SANS, "", size)
        if pdf.get_string_width(url) <= width:
            return [(url, size)]
    size = 6.5
    pdf.set_font(SANS, "", size)
    keep = url.rfind(code) if code and code in url else len(url)  # where the code starts
    lines, rest = [], url
    while pdf.get_string_width(rest) > width:
        fits = max(1, next((i for i in range(1, len(rest) + 1) if pdf.get_string_width(rest[:i]) > width),
                           len(rest) + 1) - 1)  # fmt: skip
        breaks = [i + 1 for i, c in enumerate(rest[:fits]) if c in "/?=&.-" and i + 1 <= keep]
        cut = breaks[-1] if breaks else (min(fits, keep) if keep > 0 else fits)
        lines.append((rest[:cut], size))
        keep -= cut
        rest = rest[cut:]
    lines.append((rest, size))
    return lines


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


def _cut_marks(pdf: FPDF, top: float, card_w: float, card_h: float) -> None:
    """Dashed lines along every card edge: one cut per line serves both neighbours."""
    pdf.set_draw_color(0x99)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    bottom = top + ROWS * card_h
    for c in range(COLUMNS + 1):
        x = _MARGIN + c * card_w
        pdf.line(x, top, x, bottom)
    for r in range(ROWS + 1):
        y = top + r * card_h
        pdf.line(_MARGIN, y, pdf.w - _MARGIN, y)
    pdf.set_dash_pattern()
