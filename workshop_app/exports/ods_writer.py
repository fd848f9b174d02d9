"""ODS with odfdo: the same sheets as the XLSX export.

Every text cell is written with an explicit ``office:value-type="string"`` and never with a
``table:formula`` attribute, so LibreOffice cannot evaluate user text. Frozen header rows
and autofilters are not part of the ODF table model proper: the header is frozen through
LibreOffice's view settings (settings.xml), the filter buttons through an anonymous
database range per sheet — the same way LibreOffice itself stores them.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from xml.sax.saxutils import quoteattr

from odfdo import Document, Element, Style
from odfdo.utils.coordinates import digit_to_alpha

from . import odf_xml as odf
from .document import Document as ExportDocument
from .formatting import format_number
from .labels import get_labels
from .sanitize import spreadsheet_text
from .tables import Kind, Table as DataTable, Value, sheets

__all__ = ["write"]

_HEADER_STYLE = "zw_header"
_CM_PER_CHAR = 0.21  # a spreadsheet "character" of column width in the default font


def write(doc: ExportDocument, *, language: str = "de") -> bytes:
    labels = get_labels(language)
    tables = sheets(doc, labels)
    ods = Document("spreadsheet")
    ods.body.clear()  # the template brings an empty first sheet
    ods.insert_style(Style("table-cell", name=_HEADER_STYLE, area="text", bold=True), automatic=True)
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


def _sheet_name(name: str) -> str:
    # ODF forbids []*?:/\ in sheet names; an apostrophe may not open or close one.
    cleaned = "".join(c for c in spreadsheet_text(name) if c not in "[]*?:/\\")
    return cleaned.strip("'")[:31] or "Sheet"


def _sheet(name: str, data: DataTable, language: str) -> Element:
    header = odf.row(
        [odf.cell(odf.text_p(spreadsheet_text(c.heading)), style=_HEADER_STYLE, value_attrs=_STRING)
         for c in data.columns]
    )  # fmt: skip
    rows = [
        odf.row([_cell(v, c.kind, language) for v, c in zip(values, data.columns, strict=True)])
        for values in data.rows
    ]
    columns = [odf.column(f"zw_col{c.width}") for c in data.columns]
    # The heading row is an ordinary first row (not table-header-rows): spreadsheets treat
    # it as data for filters and sorting, and the view settings freeze it instead.
    return odf.fragment(odf.table(name, columns, "", [header, *rows]))


_STRING = ' office:value-type="string"'


def _cell(value: Value, kind: Kind, language: str) -> str:
    """One typed cell: text is always a string cell, never a formula."""
    if value is None:
        return odf.cell()
    if isinstance(value, str):
        return odf.cell(odf.text_p(spreadsheet_text(value)), value_attrs=_STRING)
    if isinstance(value, datetime):
        iso = value.replace(microsecond=0).isoformat()
        attrs = f' office:value-type="date" office:date-value="{iso}"'
        return odf.cell(odf.text_p(value.strftime("%Y-%m-%d %H:%M")), value_attrs=attrs)
    if isinstance(value, date):
        attrs = f' office:value-type="date" office:date-value="{value.isoformat()}"'
        return odf.cell(odf.text_p(value.isoformat()), value_attrs=attrs)
    if kind == Kind.PERCENT:
        text = f"{format_number(value * 100, language, decimals=0)} %"
        attrs = f' office:value-type="percentage" office:value="{float(value)!r}"'
        return odf.cell(odf.text_p(text), value_attrs=attrs)
    attrs = f' office:value-type="float" office:value="{value!r}"'
    return odf.cell(odf.text_p(format_number(value, language)), value_attrs=attrs)


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
