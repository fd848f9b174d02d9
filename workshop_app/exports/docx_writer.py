"""DOCX with python-docx: the report or action plan for the council, editable in Word."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from .document import Document
from .labels import get_labels
from .layout import Facts, Heading, Paragraph, TextTable, layout
from .sanitize import strip_xml_invalid

__all__ = ["write"]

_MUTED = RGBColor(0x55, 0x55, 0x55)
_HEAD_FILL = "E8ECF0"
_SWATCH = "\u25a0 "  # a coloured square before a field's heading, as on the screen
_CELL_HALF_POINTS = 17  # 8.5 pt
_TABLE_TWIPS = 9864  # 17.4 cm: the text width of A4 with 1.8 cm margins


def write(doc: Document, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    doc_layout = layout(doc, labels)
    docx = new_docx()
    _setup(docx, doc_layout.title, labels.code)
    for block in doc_layout.blocks:
        if isinstance(block, Heading):
            _heading(docx, block)
        elif isinstance(block, Paragraph):
            _paragraph(docx, block)
        elif isinstance(block, Facts):
            _facts(docx, block)
        else:
            _table(docx, block)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _text(text: str) -> str:
    # lxml refuses XML-invalid characters with a ValueError; strip them first.
    return strip_xml_invalid(text)


def _setup(docx: Docx, title: str, language: str) -> None:
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's Letter
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.6)
    normal = docx.styles["Normal"]
    normal.font.size = Pt(10)
    # Tell Word the language of the text (hyphenation, spell check).
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE" if language == "de" else "en-GB")
    rpr.append(lang)
    docx.core_properties.title = _text(title)
    docx.core_properties.language = language
    docx.core_properties.author = "Zielwerkstatt"


def _heading(docx: Docx, block: Heading) -> None:
    paragraph = docx.add_heading(level=min(block.level, 9))
    colour = _rgb(block.colour)
    if colour is not None:
        swatch = paragraph.add_run(_SWATCH)
        swatch.font.color.rgb = colour
    paragraph.add_run(_text(block.text))
    paragraph.paragraph_format.keep_with_next = True


def _rgb(colour: str | None) -> RGBColor | None:
    try:
        return RGBColor.from_string((colour or "").removeprefix("#").upper())
    except ValueError:  # no colour or not "#rrggbb": no swatch
        return None


def _paragraph(docx: Docx, block: Paragraph) -> None:
    run = docx.add_paragraph().add_run(_text(block.text))
    if block.note:
        run.font.size = Pt(8.5)
        run.font.color.rgb = _MUTED


def _facts(docx: Docx, block: Facts) -> None:
    for label, value in block.items:
        paragraph = docx.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(1)
        paragraph.add_run(_text(label) + ": ").bold = True
        paragraph.add_run(_text(value))  # python-docx turns "\n" into line breaks
    docx.add_paragraph()


def _table(docx: Docx, block: TextTable) -> None:
    """Append a grid table whose first row repeats on every page it runs over.

    The table's XML is built as one string and parsed once: python-docx's cell objects
    cost about a millisecond per cell, too slow for the thousand-row result tables of a
    big workshop. All text passes ``escape``; nothing in user text can become markup.
    """
    widths = [round(_TABLE_TWIPS * w / sum(block.widths)) for w in block.widths]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = [_row(block.headings, widths, block.numeric, header=True)]
    rows += [_row(cells, widths, block.numeric, header=False) for cells in block.rows]
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        '<w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0"'
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


def _row(texts: Sequence[str], widths: list[int], numeric: Sequence[bool], *, header: bool) -> str:
    cells = []
    for text, width, right in zip(texts, widths, numeric, strict=True):
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{_HEAD_FILL}"/>' if header else ""
        align = '<w:pPr><w:jc w:val="right"/></w:pPr>' if right else ""
        bold = "<w:b/>" if header else ""
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
            f"<w:p>{align}<w:r><w:rPr>{bold}<w:sz w:val=\"{_CELL_HALF_POINTS}\"/></w:rPr>"
            f"{_runs(_text(text))}</w:r></w:p></w:tc>"
        )
    head = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if header else ""
    return f"<w:tr>{head}{''.join(cells)}</w:tr>"


def _runs(text: str) -> str:
    """Run content: text, with line breaks and tabs as Word elements."""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        pieces = (f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in line.split("\t"))
        parts.append("<w:tab/>".join(pieces))
    return "".join(parts)
