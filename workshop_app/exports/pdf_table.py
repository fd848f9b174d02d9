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
from typing import TYPE_CHECKING

from fpdf import FPDF

from .pdf_fonts import SANS, body_covers, pdf_text
from .pdf_runs import BIDI_CONTROLS, RunPrinter, bidi_runs
from .pdf_tags import TH_COLUMN, TH_ROW, Tagger
from .text_runs import SOFT_HYPHEN, syllables

if TYPE_CHECKING:
    from .pdf_tags import _Elem



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
            pdf = self._pdf
            if pdf.font_style != emphasis or pdf.font_size_pt != self._size:
                pdf.set_font(SANS, emphasis, self._size)
            if body_covers(text) and not _RTL.search(text):
                # The body font's advance widths summed, as fpdf2 measures unshaped text.
                font = pdf.current_font
                assert font is not None  # set just above or before
                width = font.get_text_width(text, self._size, None)[1] / pdf.k
            else:
                width = pdf.get_string_width(set_shaping(pdf, text))
            self._widths[key] = width
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
        """(line, its width) pairs; a word wider than the column is hyphenated between syllables
        (split by characters only where a single syllable is wider than the column)."""
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
                    head, rest = self._syllable_split(line, width, emphasis)
                    if not head:
                        head, _w = self._split(line, width, emphasis)
                        rest = line[len(head) :]
                    lines.append((head, self.width(head, emphasis)))
                    line = rest
                    line_w = self.width(line, emphasis)
            lines.append((line, line_w))
        return lines

    def _syllable_split(self, word: str, width: float, emphasis: str) -> tuple[str, str]:
        """("Donaudampf-", "schiff…") at the last syllable break that fits; ("", word) if none."""
        core = word.strip(".,;:()!?\"'„“\u2068\u2069")
        if not core.isalpha():
            return "", word
        start = word.index(core)
        breaks = [i for i, c in enumerate(syllables(core, "de")) if c == SOFT_HYPHEN]
        # positions in ``core`` after removing the soft hyphens inserted before them
        cuts = [start + i - n for n, i in enumerate(breaks)]
        for cut in reversed(cuts):
            head = word[:cut] + "-"
            if self.width(head, emphasis) <= width:
                return head, word[cut:]
        return "", word

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
    tagger: Tagger,
) -> None:
    """Draw at the current position over the page width; the header repeats on new pages.

    Tagged as ``Table`` → ``TR`` → ``TH``/``TD``; the header's repetitions on later pages are
    artifacts (a screen reader reads it once), a bold first column is a row header.
    """
    lines = _Lines(pdf, style)
    table = tagger.new("Table")
    head_tags: list[Sequence[_Elem] | None] = [None]  # the header's cells the first time it is drawn, then none
    inner = [w - 2 * style.pad_x for w in widths]

    def wrap_row(cells: Sequence[str], head: bool) -> list[list[tuple[str, float]]]:
        return [
            lines.wrap(text, inner[j], "B" if head or (style.bold_first_column and j == 0) else "")
            for j, text in enumerate(cells)
        ]

    head_lines = wrap_row(header, True) if header else None
    if head_lines:
        row = tagger.new("TR", table)
        head_tags[0] = [tagger.new("TH", row, attributes=TH_COLUMN) for _ in head_lines]
    head_h = _height(head_lines, style) if head_lines else 0.0
    first_row_h = _height(wrap_row(rows[0], False), style) if rows else 0.0
    if pdf.get_y() + head_h + min(first_row_h, 20) > pdf.page_break_trigger:
        pdf.add_page()
    top_of_body = _start_page(lines, head_lines, widths, numeric, head_tags)
    for cells in rows:
        cell_lines = wrap_row(cells, False)
        row = tagger.new("TR", table)
        tags = [
            tagger.new("TH", row, attributes=TH_ROW) if style.bold_first_column and j == 0
            else tagger.new("TD", row)
            for j in range(len(cell_lines))
        ]  # fmt: skip
        done, total = 0, max(len(c) for c in cell_lines)
        while True:
            free = pdf.page_break_trigger - pdf.get_y() - 2 * style.pad_y
            room = int(free // style.line_height)
            take = min(total - done, room)
            if take < total - done and pdf.get_y() > top_of_body + 0.01:
                pdf.add_page()  # the row does not fit here: start it on a fresh page
                top_of_body = _start_page(lines, head_lines, widths, numeric, head_tags)
                continue
            take = max(take, 1)  # taller than a page: split it, at least a line per page
            part = [c[done : done + take] for c in cell_lines]
            _draw_row(lines, part, widths, numeric, tags, head=False)
            done += take
            if done >= total:
                break
    pdf.set_x(pdf.l_margin)


def _height(cell_lines: list[list[tuple[str, float]]], style: TableStyle) -> float:
    return max(len(c) for c in cell_lines) * style.line_height + 2 * style.pad_y


def _start_page(lines: _Lines, head_lines: list[list[tuple[str, float]]] | None, widths: Sequence[float],
                numeric: Sequence[bool], head_tags: list[Sequence[_Elem] | None]) -> float:
    if head_lines:
        _draw_row(lines, head_lines, widths, numeric, head_tags[0], head=True)
        head_tags[0] = None  # repeated on a later page: an artifact
    return lines.pdf.get_y()


def _draw_row(
    lines: _Lines,
    cell_lines: list[list[tuple[str, float]]],
    widths: Sequence[float],
    numeric: Sequence[bool],
    tags: Sequence[_Elem] | None,
    *,
    head: bool,
) -> None:
    """One row (or the part of it on this page); ``tags``: its cells' elements, None = artifact."""
    pdf, style = lines.pdf, lines.style
    tagger: Tagger = pdf.struct_builder  # type: ignore[assignment]
    top, x, height = pdf.get_y(), pdf.l_margin, _height(cell_lines, style)
    if style.borders:
        _borders(pdf, top, widths, height, style.head_fill if head else None)
    for j, (texts, width) in enumerate(zip(cell_lines, widths, strict=True)):
        emphasis = "B" if head or (style.bold_first_column and j == 0) else ""
        if pdf.font_style != emphasis or pdf.font_size_pt != style.size:
            pdf.set_font(SANS, emphasis, style.size)
        if any(text for text, _w in texts):
            with tagger.content(tags[j]) if tags else tagger.artifact():
                _draw_lines(lines, texts, x, width, top, numeric[j], emphasis)
        x += width
    pdf.set_xy(pdf.l_margin, top + height)


def _borders(pdf: FPDF, top: float, widths: Sequence[float], height: float,
             fill: tuple[int, int, int] | None) -> None:
    """The row's cell borders (and the header's fill) as one path, an artifact.

    Written as PDF operators in one go inside ``q … Q`` (colour and width set there and restored
    after): fpdf2's ``rect`` per cell costs more than all the text of a row.
    """
    k, page_h = pdf.k, pdf.h
    x, rects = pdf.l_margin, []
    for width in widths:
        rects.append(f"{x * k:.2f} {(page_h - top) * k:.2f} {width * k:.2f} {-height * k:.2f} re")
        x += width
    paint = "B" if fill else "S"
    colour = f"{fill[0] / 255:.3f} {fill[1] / 255:.3f} {fill[2] / 255:.3f} rg " if fill else ""
    pdf._out(f"/Artifact BMC q {colour}0.627 G {0.2 * k:.2f} w {' '.join(rects)} {paint} Q EMC")  # noqa: SLF001


def _draw_lines(lines: _Lines, texts: Sequence[tuple[str, float]], x: float, width: float, top: float,
                numeric: bool, emphasis: str) -> None:  # fmt: skip
    """A cell's lines: plain left-to-right lines in one go, the others run by run."""
    style, lh = lines.style, lines.style.line_height
    plain: list[tuple[str, float, float, float, float]] = []
    runs: Sequence[tuple[str, bool, float]]
    for i, (text, text_w) in enumerate(texts):
        if not text:
            continue
        line_top = top + style.pad_y + i * lh
        if _RTL.search(text):
            runs = [(run, rtl, lines.run_width(run, emphasis)) for run, rtl in bidi_runs(text)]
            text_w = sum(run_w for _run, _rtl, run_w in runs)
        else:
            runs = ((text.translate(BIDI_CONTROLS), False, text_w),)
        left = x + width - style.pad_x - text_w if numeric else x + style.pad_x
        for run, rtl, run_w in runs:
            if rtl:
                lines.printer.draw(run, rtl, run_w, left, line_top, lh)
            else:
                plain.append((run, left, line_top, lh, run_w))
            left += run_w
    if plain:
        rest = lines.printer.plain([(run, left, line_top, lh) for run, left, line_top, lh, _w in plain])
        widths = {(run, left, line_top): run_w for run, left, line_top, _lh, run_w in plain}
        for run, left, line_top, lh in rest:  # fallback fonts (symbols, emoji)
            lines.printer.draw(run, False, widths[(run, left, line_top)], left, line_top, lh)
