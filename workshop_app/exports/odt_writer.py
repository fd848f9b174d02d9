"""ODT with odfdo: the report or action plan for the council, editable in LibreOffice."""

from __future__ import annotations

import io

from odfdo import Document, Element, Header, Paragraph, Span, Style

from . import odf_xml as odf
from .document import Document as ExportDocument
from .labels import get_labels
from .layout import Facts, Heading, Paragraph as TextParagraph, TextTable, layout
from .sanitize import strip_xml_invalid

__all__ = ["write"]

_TEXT_WIDTH_CM = 17.0
_SWATCH = "\u25a0 "  # a coloured square before a field's heading, as on the screen
_BORDER = "0.5pt solid #a0a0a0"
_STYLES = (
    Style("paragraph", name="zw_title", parent_style="Heading", area="text",
          font_size="18pt", font_weight="bold"),
    Style("paragraph", name="zw_note", area="text", font_size="8.5pt", color="#555555"),
    Style("paragraph", name="zw_cell", area="text", font_size="8.5pt"),
    Style("paragraph", name="zw_cell_head", area="text", font_size="8.5pt", font_weight="bold"),
    Style("text", name="zw_bold", area="text", font_weight="bold"),
    Style("table", name="zw_table", width=f"{_TEXT_WIDTH_CM}cm", align="margins"),
    Style("table-cell", name="zw_td", area="table-cell", border=_BORDER, padding="0.08cm"),
    Style("table-cell", name="zw_th", area="table-cell", border=_BORDER, padding="0.08cm",
          background_color="#e8ecf0"),
)  # fmt: skip


def write(doc: ExportDocument, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    doc_layout = layout(doc, labels)
    odt = Document("text")
    odt.body.clear()
    for style in _STYLES:
        odt.insert_style(style.clone, automatic=not style.name.startswith("zw_title"))
    numeric = Style("paragraph", name="zw_cell_num", area="text", font_size="8.5pt")
    numeric.set_properties(area="paragraph", text_align="end")
    odt.insert_style(numeric, automatic=True)
    _unnumbered_headings(odt)
    odt.meta.set_title(_text(doc_layout.title))
    odt.meta.set_language("de-DE" if labels.code == "de" else "en-GB")
    swatches: set[str] = set()
    for n, block in enumerate(doc_layout.blocks):
        if isinstance(block, Heading):
            odt.body.append(_heading(odt, block, swatches))
        elif isinstance(block, TextParagraph):
            odt.body.append(Paragraph(_text(block.text), style="zw_note" if block.note else None))
        elif isinstance(block, Facts):
            _facts(odt, block)
        else:
            _table(odt, block, n)
    buffer = io.BytesIO()
    odt.save(buffer)
    return buffer.getvalue()


def _unnumbered_headings(odt: Document) -> None:
    """The odfdo template numbers headings ("2.1."); the report's headings carry no numbers."""
    for level in odt.get_part("styles.xml").get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for attribute in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(attribute)


def _text(text: str) -> str:
    # lxml refuses XML-invalid characters with a ValueError; strip them first.
    return strip_xml_invalid(text)


def _heading(odt: Document, block: Heading, swatches: set[str]) -> Paragraph:
    if block.level == 0:
        return Paragraph(_text(block.text), style="zw_title")
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
    heading.append(Span(_text(block.text)))
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
        paragraph.append(Span(_text(value)))  # a "\n" becomes a text:line-break
        odt.body.append(paragraph)
    odt.body.append(Paragraph())


def _table(odt: Document, block: TextTable, n: int) -> None:
    columns = []
    for j, weight in enumerate(block.widths):
        name = f"zw_t{n}c{j}"
        width = _TEXT_WIDTH_CM * weight / sum(block.widths)
        odt.insert_style(Style("table-column", name=name, width=f"{width:.2f}cm"), automatic=True)
        columns.append(odf.column(name))
    header = _row(block.headings, "zw_th", ("zw_cell_head",) * len(block.headings))
    body_styles = tuple("zw_cell_num" if numeric else "zw_cell" for numeric in block.numeric)
    rows = [_row(cells, "zw_td", body_styles) for cells in block.rows]
    # The header row repeats on every page the table runs over.
    odt.body.append(odf.fragment(odf.table(f"zw_table_{n}", columns, header, rows, "zw_table")))
    odt.body.append(Paragraph())


def _row(texts: tuple[str, ...], cell_style: str, paragraph_styles: tuple[str, ...]) -> str:
    return odf.row(
        [odf.cell(odf.text_p(_text(text), style), style=cell_style, value_attrs=_STRING)
         for text, style in zip(texts, paragraph_styles, strict=True)]
    )  # fmt: skip


_STRING = ' office:value-type="string"'
