"""PDF with fpdf2: the printable report or action plan, same content as DOCX and ODT."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from fpdf import FPDF

from .document import Document
from .labels import Labels, get_labels
from .layout import Facts, Heading, Layout, Paragraph, TextTable, layout
from .pdf_fonts import SANS, pdf_text, setup_fonts
from .pdf_table import TableStyle, draw_table, set_shaping

__all__ = ["write"]

_TEXT = (0x1A, 0x1A, 0x1A)
_MUTED = (0x55, 0x55, 0x55)
_SIZES = {0: 17.0, 1: 13.5, 2: 11.5}
_BODY, _NOTE = 10.0, 8.5
_PT = 0.3528  # millimetres per point
_CELLS = TableStyle()
_FACTS = TableStyle(size=_BODY, pad_x=0.0, pad_y=0.5, borders=False, bold_first_column=True)


class _Pdf(FPDF):
    def __init__(self, doc_layout: Layout, labels: Labels) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._title = pdf_text(doc_layout.title)
        self._labels = labels
        setup_fonts(self, _texts(doc_layout))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(self._title)
        self.set_lang(doc_layout.language)
        self.set_creator("Zielwerkstatt")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(SANS, "", 7.5)
        self.set_text_color(*_MUTED)
        page = self._labels["page"].format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(self.epw * 0.75, 5, set_shaping(self, self._title), align="L")
        set_shaping(self, page)
        self.cell(0, 5, page, align="R")


def _texts(doc_layout: Layout) -> Iterator[str]:
    """Every string the PDF will show, so that only the fallback fonts it needs load."""
    yield doc_layout.title
    for block in doc_layout.blocks:
        if isinstance(block, Heading | Paragraph):
            yield block.text
        elif isinstance(block, Facts):
            yield from chain.from_iterable(block.items)
        else:
            yield from chain(block.headings, *block.rows)


def write(doc: Document, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    doc_layout = layout(doc, labels)
    pdf = _Pdf(doc_layout, labels)
    pdf.add_page()
    for block in doc_layout.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Facts):
            _facts(pdf, block)
        else:
            _table(pdf, block)
    return bytes(pdf.output())


def _line(
    pdf: FPDF,
    text: str,
    size: float,
    *,
    style: str = "",
    colour: tuple[int, int, int] = _TEXT,
    gap: float = 1.5,
) -> None:
    pdf.set_font(SANS, style, size)
    pdf.set_text_color(*colour)
    text = set_shaping(pdf, pdf_text(text))
    pdf.multi_cell(0, size * _PT * 1.35, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _heading(pdf: FPDF, block: Heading) -> None:
    size = _SIZES.get(block.level, _SIZES[2])
    # Keep a heading with at least a few lines of what follows it.
    if block.level and pdf.get_y() > pdf.page_break_trigger - 30:
        pdf.add_page()
    pdf.ln(3 if block.level else 0)
    rgb = _rgb(block.colour)
    if rgb:
        # The field of action's colour as a swatch beside the heading, as on the screen.
        side = size * _PT
        pdf.set_fill_color(*rgb)
        pdf.rect(pdf.l_margin, pdf.get_y() + side * 0.2, side, side, style="F")
        pdf.set_x(pdf.l_margin + side * 1.6)
    _line(pdf, block.text, size, style="B", gap=2 if block.level else 4)


def _rgb(colour: str | None) -> tuple[int, int, int] | None:
    """"#rrggbb" as numbers; anything else (no colour, a typo) draws no swatch."""
    digits = (colour or "").removeprefix("#")
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    if block.note:
        _line(pdf, block.text, _NOTE, colour=_MUTED, gap=2.5)
    else:
        _line(pdf, block.text, _BODY, gap=2)


def _facts(pdf: FPDF, block: Facts) -> None:
    if not block.items:
        return
    pdf.set_text_color(*_TEXT)
    widths = (pdf.epw * 0.28, pdf.epw * 0.72)
    draw_table(pdf, None, block.items, widths, (False, False), _FACTS)
    pdf.ln(3)


def _table(pdf: FPDF, block: TextTable) -> None:
    pdf.set_text_color(*_TEXT)
    pdf.set_draw_color(0xA0, 0xA0, 0xA0)
    pdf.set_line_width(0.2)
    widths = _column_widths(pdf, block)
    draw_table(pdf, block.headings, block.rows, widths, block.numeric, _CELLS)
    pdf.ln(2.5)


def _column_widths(pdf: FPDF, block: TextTable) -> tuple[float, ...]:
    """Share the page width by the layout's weights, but never split a heading word.

    Narrow figure columns under long headings ("Zivilgesellschaft", "Ausgewogener Wert")
    would otherwise break words mid-way; the widest columns give up the room.
    """
    total, pad = pdf.epw, 2 * _CELLS.pad_x + 0.6

    def widest(texts: list[str], emphasis: str) -> float:
        pdf.set_font(SANS, emphasis, _CELLS.size)
        words = {w for t in texts for w in pdf_text(t).split()}
        return max((pdf.get_string_width(set_shaping(pdf, w)) for w in words), default=0.0)

    widths = [total * w / sum(block.widths) for w in block.widths]
    need = [min(widest([h], "B") + pad, total / 4) for h in block.headings]
    for j, numeric in enumerate(block.numeric):
        if numeric:  # figures are short; measure a sample of them too
            need[j] = max(need[j], widest([row[j] for row in block.rows[:200]], "") + pad)
    deficit = sum(max(n - w, 0) for n, w in zip(need, widths, strict=True))
    slack = [max(w - n, 0) for n, w in zip(need, widths, strict=True)]
    if deficit and sum(slack) >= deficit:
        widths = [
            max(w, n) - (s / sum(slack)) * deficit
            for w, n, s in zip(widths, need, slack, strict=True)
        ]
    return tuple(widths)
