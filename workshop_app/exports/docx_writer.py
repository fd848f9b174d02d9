"""DOCX with python-docx: the report, plan or annual report for the council, editable in Word.

What a clerk needs from the file: A4, a sans-serif body like the PDF's, the municipality's
letterhead (name and logo on the first page, its footer line on every page), "Seite x von y"
as live fields, tables whose header row repeats and whose rows never split across pages,
headings kept with what follows, columns wide enough that no word breaks mid-way (and
automatic hyphenation on), right-to-left runs marked as such (no invisible isolation marks),
charts as pictures with alternative text, and document properties (title, author = the
municipality, created now).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from . import docx_styles
from .charts import Chart, render_png, size_mm
from .document import Document
from .labels import get_labels
from .layout import Facts, Heading, Paragraph, TextTable, layout
from .letterhead import Letterhead
from .sanitize import strip_xml_invalid
from .text_runs import SOFT_HYPHEN, bidi_runs, fit_widths, hyphenate

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as DocxParagraph

__all__ = ["write"]

_language: ContextVar[str] = ContextVar("docx_language", default="de")  # of the document being written

_MUTED = RGBColor(0x55, 0x55, 0x55)
_HEAD_FILL = "E8ECF0"
_SWATCH = "\u25a0 "  # a coloured square before a field's heading, as on the screen
_CELL_POINTS = 8.5
_TABLE_TWIPS = 9864  # 17.4 cm: the text width of A4 with 1.8 cm margins
_CELL_MARGIN_TWIPS = 57  # 0.1 cm left and right (Word's default 0.19 cm wastes a narrow column)
_PAD_POINTS = 2 * _CELL_MARGIN_TWIPS / 20 + 2  # the cell margins and a little air


def write(doc: Document, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    _language.set(labels.code)
    doc_layout = layout(doc, labels)
    letterhead = getattr(doc.meta, "letterhead", None) or Letterhead(municipality=doc.meta.municipality)
    docx = new_docx()
    docx_styles.setup(docx, doc_layout.title, labels.code, letterhead)
    docx_styles.page_furniture(docx, labels["page"], letterhead)
    for block in doc_layout.blocks:
        if isinstance(block, Heading):
            _heading(docx, block)
        elif isinstance(block, Paragraph):
            _paragraph(docx, block)
        elif isinstance(block, Facts):
            _facts(docx, block)
        elif isinstance(block, Chart):
            _chart(docx, block)
        else:
            _table(docx, block, labels.code)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _text(text: str) -> str:
    # lxml refuses XML-invalid characters with a ValueError; strip them first.
    return strip_xml_invalid(text)


_LINE_POINTS = _TABLE_TWIPS / 20  # the text width: a word wider than this would break mid-word


def _add_runs(paragraph: DocxParagraph, text: str, *, bold: bool = False, size: float | None = None,
              colour: RGBColor | None = None) -> None:  # fmt: skip
    """Text as runs; a right-to-left piece gets Word's own w:rtl run property.

    A word wider than a whole line (a long German compound in a heading) gets syllable breaks
    (``w:softHyphen``), so that Word breaks it with a hyphen, not in the middle of a syllable.
    """
    for piece, rtl in bidi_runs(_text(text)):
        piece = hyphenate(piece, _LINE_POINTS * 0.6, size or 14, _language.get())
        if SOFT_HYPHEN in piece:
            run = paragraph.add_run()
            for i, chunk in enumerate(piece.split(SOFT_HYPHEN)):
                if i:
                    run._r.append(OxmlElement("w:softHyphen"))  # noqa: SLF001 — no python-docx API
                run.add_text(chunk)
        else:
            run = paragraph.add_run(piece)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if colour is not None:
            run.font.color.rgb = colour
        if rtl:
            run.font.rtl = True


def _heading(docx: Docx, block: Heading) -> None:
    paragraph = docx.add_heading(level=min(block.level, 9))
    colour = _rgb(block.colour)
    if colour is not None:
        swatch = paragraph.add_run(_SWATCH)
        swatch.font.color.rgb = colour
    _add_runs(paragraph, block.text)
    paragraph.paragraph_format.keep_with_next = True


def _rgb(colour: str | None) -> RGBColor | None:
    try:
        return RGBColor.from_string((colour or "").removeprefix("#").upper())
    except ValueError:  # no colour or not "#rrggbb": no swatch
        return None


def _paragraph(docx: Docx, block: Paragraph) -> None:
    paragraph = docx.add_paragraph()
    if block.note:
        _add_runs(paragraph, block.text, size=8.5, colour=_MUTED)
    else:
        _add_runs(paragraph, block.text)


def _facts(docx: Docx, block: Facts) -> None:
    for label, value in block.items:
        paragraph = docx.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(1)
        paragraph.paragraph_format.keep_together = True
        paragraph.add_run(_text(label) + ": ").bold = True
        _add_runs(paragraph, value)  # python-docx turns "\n" into line breaks
    docx.add_paragraph()


def _chart(docx: Docx, block: Chart) -> None:
    width, _height = size_mm(block)
    paragraph = docx.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True  # with the table that carries its values
    picture = paragraph.add_run().add_picture(io.BytesIO(render_png(block)), width=Mm(min(width, 170)))
    docx_styles.describe(picture, block.alt)


def _table(docx: Docx, block: TextTable, language: str) -> None:
    """Append a grid table whose first row repeats on every page it runs over.

    Rows never split across pages (``w:cantSplit``); the table's XML is built as one string
    and parsed once: python-docx's cell objects cost about a millisecond per cell, too slow
    for the thousand-row result tables of a big workshop. All text passes ``escape``;
    nothing in user text can become markup.
    """
    points = fit_widths(block.headings, block.rows, block.widths, block.numeric, _TABLE_TWIPS / 20,
                        points=_CELL_POINTS, padding=_PAD_POINTS, language=language)  # fmt: skip
    widths = [round(p * 20) for p in points]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # Long words get syllable breaks (soft hyphens) where the column may be too narrow.
    room = [p - _PAD_POINTS for p in points]

    def fit(cells: Sequence[str], numeric: Sequence[bool]) -> list[str]:
        return [text if number else hyphenate(text, width, _CELL_POINTS, language)
                for text, width, number in zip(cells, room, numeric, strict=True)]  # fmt: skip

    rows = [_row(fit(block.headings, [False] * len(room)), widths, block.numeric, header=True)]
    rows += [_row(fit(cells, block.numeric), widths, block.numeric, header=False) for cells in block.rows]
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{_CELL_MARGIN_TWIPS}" w:type="dxa"/>'
        f'<w:right w:w="{_CELL_MARGIN_TWIPS}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0"'
        ' w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
    body = docx.element.body
    section = body.find(qn("w:sectPr"))
    if section is not None:
        section.addprevious(table)  # the section properties must stay last
    else:
        body.append(table)
    docx.add_paragraph()


_SIZE = f'<w:sz w:val="{round(_CELL_POINTS * 2)}"/><w:szCs w:val="{round(_CELL_POINTS * 2)}"/>'


def _row(texts: Sequence[str], widths: list[int], numeric: Sequence[bool], *, header: bool) -> str:
    cells = []
    for text, width, right in zip(texts, widths, numeric, strict=True):
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{_HEAD_FILL}"/>' if header else ""
        # keepNext on every header paragraph: the header stays with the first body row.
        ppr = ('<w:keepNext/>' if header else "") + ('<w:jc w:val="right"/>' if right else "")
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
            f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{_runs(_text(text), header)}</w:p></w:tc>"
        )
    row_props = "<w:cantSplit/>" + ('<w:tblHeader w:val="true"/>' if header else "")
    return f"<w:tr><w:trPr>{row_props}</w:trPr>{''.join(cells)}</w:tr>"


def _runs(text: str, bold: bool) -> str:
    """Runs: one per direction; line breaks and tabs as Word elements."""
    out = []
    for piece, rtl in bidi_runs(text):
        props = ("<w:b/><w:bCs/>" if bold else "") + _SIZE + ("<w:rtl/>" if rtl else "")
        parts = []
        for i, line in enumerate(piece.split("\n")):
            if i:
                parts.append("<w:br/>")
            chunks = (
                f'<w:t xml:space="preserve">{escape(p)}</w:t>'.replace(SOFT_HYPHEN, '</w:t><w:softHyphen/><w:t>')
                for p in line.split("\t")
            )
            parts.append("<w:tab/>".join(chunks))
        out.append(f"<w:r><w:rPr>{props}</w:rPr>{''.join(parts)}</w:r>")
    return "".join(out) or f"<w:r><w:rPr>{_SIZE}</w:rPr></w:r>"

