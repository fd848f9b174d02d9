"""ODT with odfdo: the report, plan or annual report for the council, editable in LibreOffice.

As the DOCX: A4, sans-serif body, letterhead (name and logo above the title, the footer line on
every page), "Seite x von y" as page-number/page-count fields in the footer, table header rows
repeated (``table:table-header-rows``), rows kept together (``fo:keep-together``), headings kept
with what follows, columns wide enough for their words plus automatic hyphenation, charts as
pictures with a title and description, right-to-left cells written right-to-left
(``style:writing-mode``) instead of invisible isolation marks, and document properties.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from contextvars import ContextVar

from odfdo import Document, Header, Paragraph, Span, Style

from . import odf_xml as odf
from . import odt_styles
from .charts import Chart, render_png, size_mm
from .document import Document as ExportDocument
from .labels import get_labels
from .layout import Facts, Heading, TextTable, layout
from .layout import Paragraph as TextParagraph
from .letterhead import PNG, SVG, Letterhead
from .sanitize import strip_xml_invalid
from .text_runs import bidi_runs, fit_widths, hyphenate, is_rtl, strip_marks

_CELL_POINTS = odt_styles.CELL_POINTS

__all__ = ["write"]

_language: ContextVar[str] = ContextVar("odt_language", default="de")  # of the document being written

_TEXT_WIDTH_CM = 17.0
_POINTS_PER_CM = 72 / 2.54
_PAD_POINTS = 2 * 0.08 * _POINTS_PER_CM + 2
_SWATCH = "\u25a0 "  # a coloured square before a field's heading, as on the screen
_BORDER = "0.5pt solid #a0a0a0"
_STYLES = (
    Style("paragraph", name="zw_title", parent_style="Heading", area="text",
          font_size="18pt", font_weight="bold"),
    Style("paragraph", name="zw_note", area="text", font_size="8.5pt", color="#555555"),
    Style("paragraph", name="zw_letterhead", area="text", font_size="11pt", font_weight="bold"),
    Style("text", name="zw_bold", area="text", font_weight="bold"),
    Style("table", name="zw_table", width=f"{_TEXT_WIDTH_CM}cm", align="margins"),
    Style("table-cell", name="zw_td", area="table-cell", border=_BORDER, padding="0.08cm"),
    Style("table-cell", name="zw_th", area="table-cell", border=_BORDER, padding="0.08cm",
          background_color="#e8ecf0"),
)  # fmt: skip


def write(doc: ExportDocument, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    _language.set(labels.code)
    doc_layout = layout(doc, labels)
    letterhead = getattr(doc.meta, "letterhead", None) or Letterhead(municipality=doc.meta.municipality)
    odt = Document("text")
    odt.body.clear()
    for style in _STYLES:
        odt.insert_style(style.clone, automatic=not style.name.startswith("zw_title"))
    odt_styles.setup(odt, labels, doc_layout.title, letterhead)
    _letterhead(odt, letterhead)
    swatches: set[str] = set()
    for n, block in enumerate(doc_layout.blocks):
        if isinstance(block, Heading):
            odt.body.append(_heading(odt, block, swatches))
        elif isinstance(block, TextParagraph):
            odt.body.append(_paragraph(block.text, "zw_note" if block.note else None))
        elif isinstance(block, Facts):
            _facts(odt, block)
        elif isinstance(block, Chart):
            _chart(odt, block, n)
        else:
            _table(odt, block, n, labels.code)
    buffer = io.BytesIO()
    odt.save(buffer)
    return buffer.getvalue()


def _letterhead(odt: Document, letterhead: Letterhead) -> None:
    """Name and logo of the municipality above the title of the first page."""
    if letterhead.has_logo and letterhead.logo:  # has_logo implies logo; the test narrows its type
        extension = "png" if letterhead.logo_type == PNG else "svg"
        uri = _picture(odt, letterhead.logo, extension, letterhead.logo_type)
        alt = f"Logo {letterhead.municipality}".strip()
        size = _logo_size(letterhead)
        frame = _frame("zw_logo", uri, size, alt, alt)
        odt.body.append(odf.fragment(f'<text:p text:style-name="zw_letterhead">{frame}</text:p>', odf.DRAWING))
    if letterhead.municipality:
        odt.body.append(Paragraph(_text(letterhead.municipality), style="zw_letterhead"))


def _logo_size(letterhead: Letterhead) -> tuple[float, float]:
    """(width, height) in cm, fitted into 4.5 × 1.6 cm by the PNG's aspect (SVG: the box)."""
    if letterhead.logo_type == SVG or letterhead.logo is None:
        return 4.5, 1.6
    from PIL import Image

    with Image.open(io.BytesIO(letterhead.logo)) as image:
        w, h = image.size
    scale = min(4.5 / w, 1.6 / h)
    return w * scale, h * scale


def _picture(odt: Document, data: bytes, extension: str, media_type: str) -> str:
    path = f"Pictures/{hashlib.sha256(data).hexdigest()[:24]}.{extension}"
    odt.container.set_part(path, data)  # type: ignore[union-attr]  # every Document has a container
    odt.manifest.add_full_path(path, media_type)
    return path


def _frame(name: str, uri: str, size: tuple[float, float], title: str, desc: str) -> str:
    return (
        f'<draw:frame draw:name={odf.attr(name)} text:anchor-type="as-char" svg:width="{size[0]:.2f}cm"'
        f' svg:height="{size[1]:.2f}cm"><draw:image xlink:href={odf.attr(uri)} xlink:type="simple"'
        ' xlink:show="embed" xlink:actuate="onLoad"/>'
        f"<svg:title>{odf.escape(_text(title))}</svg:title><svg:desc>{odf.escape(_text(desc))}</svg:desc>"
        "</draw:frame>"
    )


def _text(text: str) -> str:
    # lxml refuses XML-invalid characters with a ValueError; strip them first.
    return strip_xml_invalid(text)


def _long_words(text: str) -> str:
    """Syllable breaks in a word wider than a line (a long compound in a heading)."""
    return hyphenate(text, _TEXT_WIDTH_CM * _POINTS_PER_CM * 0.6, 14, _language.get())


def _paragraph(text: str, style: str | None) -> Paragraph:
    """A paragraph whose right-to-left pieces are spans; an Arabic paragraph is written rl-tb."""
    runs = bidi_runs(_long_words(_text(text)))
    if runs and all(rtl for _piece, rtl in runs) and style is None:
        style = "zw_rtl"
    paragraph = Paragraph(style=style)
    for piece, _rtl in runs:
        paragraph.append(Span(piece))  # a "\n" becomes a text:line-break
    return paragraph


def _heading(odt: Document, block: Heading, swatches: set[str]) -> Paragraph:
    if block.level == 0:
        return _paragraph(block.text, "zw_title")
    heading = Header(block.level)
    heading.style = f"Heading_20_{block.level}"  # odfdo's Header() ignores its style argument
    colour = _hex(block.colour)
    if colour:
        name = f"zw_swatch_{colour}"
        if name not in swatches:
            swatches.add(name)
            swatch = Style("text", name=name, area="text", color=f"#{colour}")
            odt.insert_style(swatch, automatic=True)
        heading.append(Span(_SWATCH, style=name))
    for piece, _rtl in bidi_runs(_long_words(_text(block.text))):
        heading.append(Span(piece))
    return heading


def _hex(colour: str | None) -> str | None:
    digits = (colour or "").removeprefix("#").lower()
    if len(digits) == 6 and all(c in "0123456789abcdef" for c in digits):
        return digits
    return None  # no colour or not "#rrggbb": no swatch


def _facts(odt: Document, block: Facts) -> None:
    for label, value in block.items:
        paragraph = Paragraph()
        paragraph.append(Span(_text(label) + ": ", style="zw_bold"))
        for piece, _rtl in bidi_runs(_text(value)):
            paragraph.append(Span(piece))  # a "\n" becomes a text:line-break
        odt.body.append(paragraph)
    odt.body.append(Paragraph())


def _chart(odt: Document, block: Chart, n: int) -> None:
    width, height = size_mm(block)
    uri = _picture(odt, render_png(block), "png", "image/png")
    frame = _frame(f"zw_chart_{n}", uri, (width / 10, height / 10), block.title, block.alt)
    odt.body.append(odf.fragment(f"<text:p>{frame}</text:p>", odf.DRAWING))


def _table(odt: Document, block: TextTable, n: int, language: str) -> None:
    total = _TEXT_WIDTH_CM * _POINTS_PER_CM
    points = fit_widths(block.headings, block.rows, block.widths, block.numeric, total,
                        points=_CELL_POINTS, padding=_PAD_POINTS, language=language)  # fmt: skip
    columns = []
    for j, width in enumerate(points):
        name = f"zw_t{n}c{j}"
        odt.insert_style(Style("table-column", name=name, width=f"{width / _POINTS_PER_CM:.2f}cm"),
                         automatic=True)  # fmt: skip
        columns.append(odf.column(name))
    room = [p - _PAD_POINTS for p in points]
    heads = [hyphenate(strip_marks(h), w, _CELL_POINTS, language) for h, w in zip(block.headings, room, strict=True)]
    header = _row(heads, "zw_th", ("zw_cell_head",) * len(heads))
    body_styles = tuple("zw_cell_num" if numeric else "zw_cell" for numeric in block.numeric)
    rows = []
    for cells in block.rows:
        texts = [strip_marks(t) if num else hyphenate(strip_marks(t), w, _CELL_POINTS, language)
                 for t, w, num in zip(cells, room, block.numeric, strict=True)]  # fmt: skip
        styles = tuple("zw_cell_rtl" if not num and is_rtl(t) else s
                       for t, s, num in zip(texts, body_styles, block.numeric, strict=True))  # fmt: skip
        rows.append(_row(texts, "zw_td", styles))
    # The header row repeats on every page the table runs over.
    odt.body.append(odf.fragment(odf.table(f"zw_table_{n}", columns, header, rows, "zw_table")))
    odt.body.append(Paragraph())


def _row(texts: Sequence[str], cell_style: str, paragraph_styles: tuple[str, ...]) -> str:
    return odf.row(
        [odf.cell(odf.text_p(_text(text), style), style=cell_style, value_attrs=_STRING)
         for text, style in zip(texts, paragraph_styles, strict=True)],
        style="zw_row",
    )  # fmt: skip


_STRING = ' office:value-type="string"'
