"""Tables for the PDF exports, wrapped and drawn line by line.

fpdf2's ``table()`` runs ``multi_cell`` twice per cell and, with text shaping on, shapes
each line again for every character it adds: a results table of a thousand proposals
takes well over a minute. Here words are measured once (cached), lines are wrapped in
Python, and a line that the body font covers completely is drawn with the cheap
``FPDF.text``; only lines that need HarfBuzz (Arabic script) or a fallback font (emoji,
symbols) go through ``FPDF.cell``, which handles both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

from .pdf_fonts import SANS, pdf_text
from .pdf_runs import BIDI_CONTROLS, RunPrinter, bidi_runs

__all__ = ["TableStyle", "draw_table", "set_shaping"]

_PT = 0.3528  # millimetres per point
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True, slots=True)
class TableStyle:
    size: float = 8.5  # points
    pad_x: float = 1.2  # mm
    pad_y: float = 0.8
    borders: bool = True
    head_fill: tuple[int, int, int] = (0xE8, 0xEC, 0xF0)
    bold_first_column: bool = False

    @property
    def line_height(self) -> float:
        return self.size * _PT * 1.3


def set_shaping(pdf: FPDF, text: str) -> str:
    """Switch HarfBuzz on only where it matters; return the text to draw.

    Shaping (and the bidi algorithm that comes with it) is only needed for right-to-left
    scripts; elsewhere it costs time, and the bidi isolates the layout adds are useless
    without it, so they are dropped.
    """
    shaping = bool(_RTL.search(text))
    if shaping != bool(pdf.text_shaping):
        pdf.set_text_shaping(shaping)
    return text if shaping else text.translate(BIDI_CONTROLS)


class _Lines:
    """Word widths, measured once per (style, word): tables repeat their words a lot."""

    def __init__(self, pdf: FPDF, style: TableStyle) -> None:
        self.pdf, self.style = pdf, style
        self.printer = RunPrinter(pdf, style.size * _PT)
        self._pdf = pdf
        self._size = style.size
        self._widths: dict[tuple[str, str], float] = {}

    def width(self, text: str, emphasis: str) -> float:
        key = (emphasis, text)
        if key not in self._widths:
            self._pdf.set_font(SANS, emphasis, self._size)
            self._widths[key] = self._pdf.get_string_width(set_shaping(self._pdf, text))
        return self._widths[key]

    def run_width(self, run: str, emphasis: str) -> float:
        """The width of part of a line, from its words' cached widths.

        Words are shaped one by one anyway (the spaces between them come from the body
        font, the letters from the fallback font), so the sum is what fpdf2 would measure.
        """
        words = run.split(" ")
        space = self.width(" ", emphasis) if len(words) > 1 else 0.0
        return sum(self.width(word, emphasis) for word in words) + space * (len(words) - 1)

    def wrap(self, text: str, width: float, emphasis: str) -> list[tuple[str, float]]:
        """(line, its width) pairs; a word wider than the column is split by characters."""
        space = self.width(" ", emphasis)
        lines: list[tuple[str, float]] = []
        for paragraph in pdf_text(text).split("\n"):
            line, line_w = "", 0.0
            for word in paragraph.split():
                word_w = self.width(word, emphasis)
                if line and line_w + space + word_w <= width:
                    line, line_w = f"{line} {word}", line_w + space + word_w
                    continue
                if line:
                    lines.append((line, line_w))
                line, line_w = word, word_w
                while line_w > width and len(line) > 1:
                    head, head_w = self._split(line, width, emphasis)
                    lines.append((head, head_w))
                    line = line[len(head) :]
                    line_w = self.width(line, emphasis)
            lines.append((line, line_w))
        return lines

    def _split(self, word: str, width: float, emphasis: str) -> tuple[str, float]:
        used = 0.0
        for i, char in enumerate(word):
            char_w = self.width(char, emphasis)
            if used + char_w > width and i:
                return word[:i], used
            used += char_w
        return word, used


def draw_table(
    pdf: FPDF,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    numeric: Sequence[bool],
    style: TableStyle,
) -> None:
    """Draw at the current position over the page width; the header repeats on new pages."""
    lines = _Lines(pdf, style)
    inner = [w - 2 * style.pad_x for w in widths]

    def wrap_row(cells: Sequence[str], head: bool) -> list[list[tuple[str, float]]]:
        return [
            lines.wrap(text, inner[j], "B" if head or (style.bold_first_column and j == 0) else "")
            for j, text in enumerate(cells)
        ]

    head_lines = wrap_row(header, True) if header else None
    head_h = _height(head_lines, style) if head_lines else 0.0
    first_row_h = _height(wrap_row(rows[0], False), style) if rows else 0.0
    if pdf.get_y() + head_h + min(first_row_h, 20) > pdf.page_break_trigger:
        pdf.add_page()
    top_of_body = _start_page(lines, head_lines, widths, numeric)
    for cells in rows:
        cell_lines = wrap_row(cells, False)
        done, total = 0, max(len(c) for c in cell_lines)
        while True:
            free = pdf.page_break_trigger - pdf.get_y() - 2 * style.pad_y
            room = int(free // style.line_height)
            take = min(total - done, room)
            if take < total - done and pdf.get_y() > top_of_body + 0.01:
                pdf.add_page()  # the row does not fit here: start it on a fresh page
                top_of_body = _start_page(lines, head_lines, widths, numeric)
                continue
            take = max(take, 1)  # taller than a page: split it, at least a line per page
            part = [c[done : done + take] for c in cell_lines]
            _draw_row(lines, part, widths, numeric, head=False)
            done += take
            if done >= total:
                break
    pdf.set_x(pdf.l_margin)


def _height(cell_lines: list[list[tuple[str, float]]], style: TableStyle) -> float:
    return max(len(c) for c in cell_lines) * style.line_height + 2 * style.pad_y


def _start_page(lines: _Lines, head_lines, widths, numeric) -> float:  # noqa: ANN001
    if head_lines:
        _draw_row(lines, head_lines, widths, numeric, head=True)
    return lines.pdf.get_y()


def _draw_row(
    lines: _Lines,
    cell_lines: list[list[tuple[str, float]]],
    widths: Sequence[float],
    numeric: Sequence[bool],
    *,
    head: bool,
) -> None:
    pdf, style = lines.pdf, lines.style
    top, x, height = pdf.get_y(), pdf.l_margin, _height(cell_lines, style)
    lh, size_mm = style.line_height, style.size * _PT
    for j, (texts, width) in enumerate(zip(cell_lines, widths, strict=True)):
        if style.borders and head:
            pdf.set_fill_color(*style.head_fill)
            pdf.rect(x, top, width, height, style="DF")
        elif style.borders:
            pdf.rect(x, top, width, height, style="D")
        emphasis = "B" if head or (style.bold_first_column and j == 0) else ""
        if pdf.font_style != emphasis or pdf.font_size_pt != style.size:
            pdf.set_font(SANS, emphasis, style.size)
        for i, (text, text_w) in enumerate(texts):
            if not text:
                continue
            line_top = top + style.pad_y + i * lh
            if _RTL.search(text):
                runs = [(run, rtl, lines.run_width(run, emphasis)) for run, rtl in bidi_runs(text)]
                text_w = sum(run_w for _run, _rtl, run_w in runs)
            else:
                runs = ((text.translate(BIDI_CONTROLS), False, text_w),)
            left = x + width - style.pad_x - text_w if numeric[j] else x + style.pad_x
            for run, rtl, run_w in runs:
                lines.printer.draw(run, rtl, run_w, left, line_top, lh)
                left += run_w
        x += width
    pdf.set_xy(pdf.l_margin, top + height)
