"""PDF with fpdf2: the printable report, plan or annual report — tagged (PDF/UA-1) and PDF/A-2b.

Same content as DOCX and ODT (``layout``). Every drawn text belongs to a structure element
(``H1``–``H3``, ``P``, ``Table``/``TR``/``TH``/``TD``, ``Figure`` with alternative text for
charts and the logo), decoration and the running footer are artifacts (``pdf_tags``). The
document language, title (shown as the window title) and author (the municipality) are set;
the file claims PDF/A-2b and PDF/UA-1 in its XMP metadata.

Why fpdf2 and not WeasyPrint: measured on the benchmark document (1,000 proposals, 500
voters; 181 pages) WeasyPrint took 35 s against a budget of 3 s (see docs/documents/README.md).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING, cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from .charts import Chart, render_png, size_mm
from .document import Document
from .labels import Labels, get_labels
from .layout import Facts, Heading, Layout, Paragraph, TextTable, layout
from .letterhead import PNG, Letterhead
from .pdf_fonts import SANS, pdf_text, setup_fonts
from .pdf_table import TableStyle, draw_table, set_shaping
from .pdf_tags import COMPLIANCE, Tagger, setup_archive
from .text_runs import fit_widths, hyphenate

if TYPE_CHECKING:
    from fpdf.image_datastructures import RasterImageInfo, VectorImageInfo

__all__ = ["write"]

_TEXT = (0x1A, 0x1A, 0x1A)
_MUTED = (0x55, 0x55, 0x55)
_SIZES = {0: 17.0, 1: 13.5, 2: 11.5}
_ROLES = {0: "H1", 1: "H2", 2: "H3"}
_BODY, _NOTE = 10.0, 8.5
_PT = 0.3528  # millimetres per point
_CELLS = TableStyle()
_FACTS = TableStyle(size=_BODY, pad_x=0.0, pad_y=0.5, borders=False, bold_first_column=True)
_LOGO_H, _LOGO_W = 16.0, 45.0  # mm, the largest box the logo is fitted into


class _Pdf(FPDF):
    def __init__(self, doc_layout: Layout, labels: Labels, letterhead: Letterhead) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4", enforce_compliance=COMPLIANCE)
        self._title = pdf_text(doc_layout.title)
        self._labels = labels
        self._footer_line = pdf_text(letterhead.footer)
        self.language = doc_layout.language
        self.tagger = Tagger(self)
        setup_fonts(self, chain(_texts(doc_layout), (letterhead.municipality, letterhead.footer)))
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(auto=True, margin=20 if self._footer_line else 18)
        setup_archive(self, title=self._title, author=pdf_text(letterhead.municipality) or "Zielwerkstatt",
                      language=doc_layout.language)  # fmt: skip

    def footer(self) -> None:
        with self.tagger.artifact():  # page furniture: read once, not on every page
            self.set_font(SANS, "", 7.5)
            self.set_text_color(*_MUTED)
            if self._footer_line:
                self.set_y(-16)
                self.cell(0, 4, set_shaping(self, self._footer_line), align="L")
            self.set_y(-12)
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
        elif isinstance(block, TextTable):
            yield from chain(block.headings, *block.rows)


def write(doc: Document, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    doc_layout = layout(doc, labels)
    letterhead = getattr(doc.meta, "letterhead", None) or Letterhead(municipality=doc.meta.municipality)
    pdf = _Pdf(doc_layout, labels, letterhead)
    pdf.add_page()
    _letterhead(pdf, letterhead)
    for block in doc_layout.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Facts):
            _facts(pdf, block)
        elif isinstance(block, Chart):
            _chart(pdf, block)
        else:
            _table(pdf, block)
    return bytes(pdf.output())


def _letterhead(pdf: _Pdf, letterhead: Letterhead) -> None:
    """The municipality's name (and logo, right) above the title of the first page."""
    top = pdf.get_y()
    bottom = top
    if letterhead.has_logo and letterhead.logo:  # has_logo implies logo; the test narrows its type
        name = pdf_text(letterhead.municipality)
        alt = f"Logo {name}".strip() if name else "Logo"
        with pdf.tagger.element("Figure", alt=alt), pdf.tagger.content():
            x = pdf.w - pdf.r_margin - _LOGO_W
            info = pdf.image(io.BytesIO(letterhead.logo), x=x, y=top, w=0, h=_LOGO_H,
                             keep_aspect_ratio=True) if letterhead.logo_type == PNG else _svg_logo(
                pdf, letterhead.logo, x, top)  # fmt: skip
        bottom = top + (info.rendered_height if info is not None else _LOGO_H)
    if letterhead.municipality:
        pdf.set_y(top)
        with pdf.tagger.element("P"):
            _line(pdf, letterhead.municipality, 11.0, style="B", gap=0, width=pdf.epw - _LOGO_W - 4)
    pdf.set_y(max(pdf.get_y(), bottom) + 4)


def _svg_logo(pdf: FPDF, svg: bytes, x: float, y: float) -> RasterImageInfo | VectorImageInfo:
    return pdf.image(io.BytesIO(svg), x=x, y=y, w=_LOGO_W, h=_LOGO_H, keep_aspect_ratio=True)


def _line(
    pdf: _Pdf,
    text: str,
    size: float,
    *,
    style: str = "",
    colour: tuple[int, int, int] = _TEXT,
    gap: float = 1.5,
    width: float = 0,
) -> None:
    """A wrapped paragraph in the open structure element, marked content line by line.

    Lines are laid out first (``dry_run``) and drawn one by one, so that a page break never
    falls inside a marked-content sequence.
    """
    pdf.set_font(SANS, style, size)
    pdf.set_text_color(*colour)
    # A word wider than the line breaks between syllables (fpdf2 honours soft hyphens).
    text = set_shaping(pdf, hyphenate(pdf_text(text), (width or pdf.epw) / _PT * 0.6, size, pdf.language))
    height = size * _PT * 1.35
    lines = cast(list[str],  # what output=LINES returns
                 pdf.multi_cell(width, height, text, align="L", dry_run=True, output=MethodReturnValue.LINES))
    for line in lines:
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        with pdf.tagger.content():
            pdf.cell(width, height, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _heading(pdf: _Pdf, block: Heading) -> None:
    size = _SIZES.get(block.level, _SIZES[2])
    # Keep a heading with at least a few lines of what follows it.
    if block.level and pdf.get_y() > pdf.page_break_trigger - 30:
        pdf.add_page()
    pdf.ln(3 if block.level else 0)
    rgb = _rgb(block.colour)
    if rgb:
        # The field of action's colour as a swatch beside the heading, as on the screen.
        side = size * _PT
        with pdf.tagger.artifact():
            pdf.set_fill_color(*rgb)
            pdf.rect(pdf.l_margin, pdf.get_y() + side * 0.2, side, side, style="F")
        pdf.set_x(pdf.l_margin + side * 1.6)
    with pdf.tagger.element(_ROLES.get(block.level, "H3")):
        _line(pdf, block.text, size, style="B", gap=2 if block.level else 4)


def _rgb(colour: str | None) -> tuple[int, int, int] | None:
    """"#rrggbb" as numbers; anything else (no colour, a typo) draws no swatch."""
    digits = (colour or "").removeprefix("#")
    if len(digits) != 6 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _paragraph(pdf: _Pdf, block: Paragraph) -> None:
    with pdf.tagger.element("P"):
        if block.note:
            _line(pdf, block.text, _NOTE, colour=_MUTED, gap=2.5)
        else:
            _line(pdf, block.text, _BODY, gap=2)


def _facts(pdf: _Pdf, block: Facts) -> None:
    if not block.items:
        return
    pdf.set_text_color(*_TEXT)
    widths = (pdf.epw * 0.28, pdf.epw * 0.72)
    draw_table(pdf, None, block.items, widths, (False, False), _FACTS, pdf.tagger)
    pdf.ln(3)


def _chart(pdf: _Pdf, block: Chart) -> None:
    """The chart as a picture with its alternative text; the table beside it has the values."""
    width, height = size_mm(block)
    width, height = min(width, pdf.epw), height * min(width, pdf.epw) / width
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    with pdf.tagger.element("Figure", alt=block.alt), pdf.tagger.content():
        pdf.image(io.BytesIO(render_png(block)), x=pdf.l_margin, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 2)


def _table(pdf: _Pdf, block: TextTable) -> None:
    pdf.set_text_color(*_TEXT)
    pdf.set_draw_color(0xA0, 0xA0, 0xA0)
    pdf.set_line_width(0.2)
    widths = _column_widths(pdf, block, pdf.language)
    draw_table(pdf, block.headings, block.rows, widths, block.numeric, _CELLS, pdf.tagger)
    pdf.ln(2.5)


def _column_widths(pdf: FPDF, block: TextTable, language: str) -> tuple[float, ...]:
    """Share the page width by the layout's weights, but never split a word of a heading.

    The same rule as DOCX and ODT (``text_runs.fit_widths``): narrow figure columns under long
    headings are widened, the widest columns give up the room; where whole words cannot all
    fit, headings break between syllables (with a hyphen), never inside one.
    """
    pad_pt = (2 * _CELLS.pad_x + 0.6) / _PT
    points = fit_widths(block.headings, block.rows, block.widths, block.numeric, pdf.epw / _PT,
                        points=_CELLS.size, padding=pad_pt, language=language)  # fmt: skip
    return tuple(p * _PT for p in points)
