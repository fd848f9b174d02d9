"""ODS with odfdo: the same sheets as the XLSX export.

Every text cell is written with an explicit ``office:value-type="string"`` and never with a
``table:formula`` attribute, so LibreOffice cannot evaluate user text. Frozen header rows
and autofilters are not part of the ODF table model proper: the header is frozen through
LibreOffice's view settings (settings.xml), the filter buttons through an anonymous
database range per sheet — the same way LibreOffice itself stores them.

Dates and instants are date cells with a date style (DD.MM.YYYY, with the time for instants;
ISO order in English), so that LibreOffice shows them and sorts them as dates; scores and
percentages have number styles. The header row wraps its text and is the sheet's header row
(``table:table-header-rows``): printed on every page. Pages print A4 landscape, fitted to the
page width.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import cast
from xml.sax.saxutils import quoteattr

from odfdo import Document, Element, Style
from odfdo.utils.coordinates import digit_to_alpha

from . import odf_xml as odf
from .document import Document as ExportDocument
from .formatting import format_number
from .labels import get_labels
from .sanitize import spreadsheet_text
from .tables import Kind, Value, sheets
from .tables import Table as DataTable
from .text_runs import hyphenate

__all__ = ["write"]

_HEADER_STYLE = "zw_header"
_CM_PER_CHAR = 0.21  # a spreadsheet "character" of column width in the default font


def write(doc: ExportDocument, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    tables = sheets(doc, labels)
    ods = Document("spreadsheet")
    ods.body.clear()  # the template brings an empty first sheet
    _cell_styles(ods, labels.code)
    letterhead = getattr(doc.meta, "letterhead", None)
    _print_setup(ods, labels["page"], letterhead.municipality if letterhead else doc.meta.municipality,
                 letterhead.footer if letterhead else "")
    widths: set[int] = set()
    names: list[str] = []
    for data in tables:
        name = _sheet_name(data.name)
        names.append(name)
        ods.body.append(_sheet(name, data, labels.code))
        widths.update(column.width for column in data.columns)
    for width in sorted(widths):
        ods.insert_style(
            Style("table-column", name=f"zw_col{width}", width=f"{width * _CM_PER_CHAR:.2f}cm"),
            automatic=True,
        )
    ods.body.append(_autofilters(names, tables))
    _freeze_header_rows(ods, names)
    buffer = io.BytesIO()
    ods.save(buffer)
    return buffer.getvalue()


# Data styles (number:*) and the cell styles that use them; all automatic styles of content.xml.
_DATE_PARTS = {
    "de": '<number:day number:style="long"/><number:text>.</number:text><number:month number:style="long"/>'
          '<number:text>.</number:text><number:year number:style="long"/>',
    "en": '<number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/>'
          '<number:text>-</number:text><number:day number:style="long"/>',
}
_TIME_PARTS = ('<number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text>'
               '<number:minutes number:style="long"/>')
_NS = ('xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
_KIND_STYLES = {Kind.DATE: "zw_date", Kind.DATETIME: "zw_datetime", Kind.SCORE: "zw_score",
                Kind.PERCENT: "zw_percent"}  # fmt: skip


def _cell_styles(ods: Document, language: str) -> None:
    date = _DATE_PARTS[language]
    decimal = ' number:decimal-places="2" number:min-decimal-places="2"'
    data_styles = (
        f'<number:date-style style:name="zw_date_fmt">{date}</number:date-style>',
        f'<number:date-style style:name="zw_datetime_fmt">{date}{_TIME_PARTS}</number:date-style>',
        (f'<number:number-style style:name="zw_score_fmt"><number:number{decimal} number:min-integer-digits="1"/>'
         "</number:number-style>"),
        ('<number:percentage-style style:name="zw_percent_fmt"><number:number number:decimal-places="0" '
         'number:min-decimal-places="0" number:min-integer-digits="1"/><number:text> %</number:text>'
         "</number:percentage-style>"),
    )
    for xml in data_styles:
        ods.insert_style(_element(xml), automatic=True)
    for name in _KIND_STYLES.values():
        ods.insert_style(_element(
            f'<style:style style:name="{name}" style:family="table-cell" style:data-style-name="{name}_fmt">'
            '<style:table-cell-properties style:vertical-align="top"/></style:style>'), automatic=True)  # fmt: skip
    ods.insert_style(_element(
        f'<style:style style:family="table-cell" style:name="{_HEADER_STYLE}">'
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>'
        '<style:text-properties fo:font-weight="bold"/></style:style>'), automatic=True)  # fmt: skip
    ods.insert_style(_element(
        '<style:style style:name="zw_text" style:family="table-cell">'
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>'),
        automatic=True)  # fmt: skip


def _element(xml: str) -> Style:
    tag_end = xml.index(" ")
    # odfdo's class registry makes every style and number-style tag a Style.
    return cast(Style, Element.from_tag(f"{xml[:tag_end]} {_NS}{xml[tag_end:]}"))


def _print_setup(ods: Document, page_pattern: str, municipality: str, footer_line: str) -> None:
    """A4 landscape, scaled to the page width; the municipality above, footer line and page below."""
    styles = ods.styles
    for props in styles.get_elements("//style:page-layout-properties"):
        props.set_attribute("fo:page-width", "29.7cm")
        props.set_attribute("fo:page-height", "21cm")
        props.set_attribute("style:print-orientation", "landscape")
        props.set_attribute("style:scale-to-X", "1")
        props.set_attribute("style:scale-to-Y", "0")
    before, _, rest = page_pattern.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    fields = (f"{odf.inline(before)}<text:page-number>1</text:page-number>{odf.inline(middle)}"
              f"<text:page-count>1</text:page-count>{odf.inline(after)}")  # fmt: skip
    footer = f"{odf.inline(spreadsheet_text(footer_line))} · {fields}" if footer_line else fields
    for master in styles.get_elements("//style:master-page"):
        for old in (*master.get_elements("style:header"), *master.get_elements("style:footer")):
            master.delete(old)
        master.append(Element.from_tag(
            f"<style:header><text:p>{odf.inline(spreadsheet_text(municipality))}</text:p></style:header>"))
        master.append(Element.from_tag(f"<style:footer><text:p>{footer}</text:p></style:footer>"))


def _heading(text: str, width_chars: int, language: str) -> str:
    """A column heading; a word wider than its column breaks between syllables when it wraps."""
    points = width_chars * _CM_PER_CHAR * 72 / 2.54 - 4
    return hyphenate(spreadsheet_text(text), points, 10, language)


def _sheet_name(name: str) -> str:
    # ODF forbids []*?:/\ in sheet names; an apostrophe may not open or close one.
    cleaned = "".join(c for c in spreadsheet_text(name) if c not in "[]*?:/\\")
    return cleaned.strip("'")[:31] or "Sheet"


def _sheet(name: str, data: DataTable, language: str) -> Element:
    header = odf.row(
        [odf.cell(odf.text_p(_heading(c.heading, c.width, language)), style=_HEADER_STYLE, value_attrs=_STRING)
         for c in data.columns]
    )  # fmt: skip
    rows = [
        odf.row([_cell(v, c.kind, language) for v, c in zip(values, data.columns, strict=True)])
        for values in data.rows
    ]
    columns = [odf.column(f"zw_col{c.width}") for c in data.columns]
    # The heading row is the sheet's header row: printed on every page; filters and sorting
    # still see it as the first row of the range (the database range starts at A1).
    return odf.fragment(odf.table(name, columns, header, rows))


_STRING = ' office:value-type="string"'


def _cell(value: Value, kind: Kind, language: str) -> str:
    """One typed cell: text is always a string cell, never a formula."""
    if value is None:
        return odf.cell()
    if isinstance(value, str):
        return odf.cell(odf.text_p(spreadsheet_text(value)), style="zw_text", value_attrs=_STRING)
    if isinstance(value, datetime):
        iso = value.replace(microsecond=0, tzinfo=None).isoformat()
        attrs = f' office:value-type="date" office:date-value="{iso}"'
        shown = value.strftime("%d.%m.%Y %H:%M" if language == "de" else "%Y-%m-%d %H:%M")
        return odf.cell(odf.text_p(shown), style="zw_datetime", value_attrs=attrs)
    if isinstance(value, date):
        attrs = f' office:value-type="date" office:date-value="{value.isoformat()}"'
        shown = value.strftime("%d.%m.%Y") if language == "de" else value.isoformat()
        return odf.cell(odf.text_p(shown), style="zw_date", value_attrs=attrs)
    if kind == Kind.PERCENT:
        text = f"{format_number(value * 100, language, decimals=0)} %"
        attrs = f' office:value-type="percentage" office:value="{float(value)!r}"'
        return odf.cell(odf.text_p(text), style="zw_percent", value_attrs=attrs)
    attrs = f' office:value-type="float" office:value="{value!r}"'
    style = "zw_score" if kind == Kind.SCORE else None
    return odf.cell(odf.text_p(format_number(value, language)), style=style, value_attrs=attrs)


def _range(name: str, data: DataTable) -> str:
    quoted = "'" + name.replace("'", "''") + "'"
    last_col = digit_to_alpha(max(len(data.columns), 1) - 1)
    return f"{quoted}.A1:{quoted}.{last_col}{len(data.rows) + 1}"


def _autofilters(names: list[str], tables: list[DataTable]) -> Element:
    ranges = "".join(
        f"<table:database-range table:name={quoteattr(f'__Anonymous_Sheet_DB__{i}')}"
        f" table:target-range-address={quoteattr(_range(name, data))}"
        ' table:display-filter-buttons="true"/>'
        for i, (name, data) in enumerate(zip(names, tables, strict=True))
    )
    return Element.from_tag(f"<table:database-ranges>{ranges}</table:database-ranges>")


def _config(name: str, kind: str, value: str | int) -> str:
    return (
        f'<config:config-item config:name="{name}" config:type="{kind}">{value}'
        "</config:config-item>"
    )


def _freeze_header_rows(ods: Document, names: list[str]) -> None:
    """Tell LibreOffice to freeze row 1 of every sheet (vertical split after one row)."""
    tables = ods.settings.get_element("//config:config-item-map-named[@config:name='Tables']")
    active = ods.settings.get_element("//config:config-item[@config:name='ActiveTable']")
    if tables is None:  # pragma: no cover - the odfdo template always has the view map
        return
    tables.clear()
    tables.set_attribute("config:name", "Tables")
    for name in names:
        items = "".join(
            (
                _config("HorizontalSplitMode", "short", 0),
                _config("VerticalSplitMode", "short", 2),
                _config("HorizontalSplitPosition", "int", 0),
                _config("VerticalSplitPosition", "int", 1),
                _config("ActiveSplitRange", "short", 2),
                _config("PositionTop", "int", 0),
                _config("PositionBottom", "int", 1),
            )
        )
        tables.append(
            Element.from_tag(
                f"<config:config-item-map-entry config:name={quoteattr(name)}>{items}"
                "</config:config-item-map-entry>"
            )
        )
    if active is not None and names:
        active.text = names[0]
