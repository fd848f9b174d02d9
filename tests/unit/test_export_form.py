"""The form of the documents (issue 15, items 2, 7–9, 11): every file read back by an independent reader.

PDF: pypdf (structure tree, marked content, PDF/A and PDF/UA identification); DOCX: python-docx
and the XML; ODT/ODS: odfdo and zip + lxml; XLSX: openpyxl.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import docx
import openpyxl
import pytest
from lxml import etree
from odfdo import Document as OdfDocument
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from testkit.samples import sample_plan, sample_report
from workshop_app.exports import write
from workshop_app.exports.charts import Chart, participation_chart, render_png, round_chart, status_chart
from workshop_app.exports.labels import get_labels
from workshop_app.exports.letterhead import Letterhead, clean_logo
from workshop_app.exports.text_runs import bidi_runs, fit_widths, hyphenate

MARKS = "\u2066\u2067\u2068\u2069"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
}


def _png(width: int = 120, height: int = 60) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0072B2").save(out, format="PNG")
    return out.getvalue()


LETTERHEAD = Letterhead("Stadt Musterstadt", "Amt für Familie · Rathausplatz 1", *clean_logo(_png()))


def _with_letterhead(doc):  # noqa: ANN001, ANN202
    return dataclasses.replace(doc, meta=dataclasses.replace(doc.meta, letterhead=LETTERHEAD))


REPORT = _with_letterhead(sample_report())
PLAN = _with_letterhead(sample_plan())


# --------------------------------------------------------------------------- PDF


def _tree(reader: PdfReader) -> list:
    """Every structure element (resolved dictionaries), depth first."""
    out, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()]
    while stack:
        elem = stack.pop()
        out.append(elem)
        kids = elem.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        resolved = (k.get_object() for k in kids if hasattr(k, "get_object"))
        stack.extend(k for k in resolved if isinstance(k, dict) and "/S" in k)
    return out


@pytest.fixture(scope="module")
def report_pdf() -> PdfReader:
    return PdfReader(io.BytesIO(write("pdf", REPORT).data))


def test_pdf_is_tagged_with_language_title_and_structure(report_pdf: PdfReader) -> None:
    root = report_pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "de"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    roles = [str(e["/S"]) for e in _tree(report_pdf)]
    assert roles[0] == "/Document"
    for role in ("/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD", "/Figure"):
        assert role in roles, role
    column_heads = [e for e in _tree(report_pdf) if e["/S"] == "/TH" and e.get("/A", {}).get("/Scope") == "/Column"]
    assert column_heads, "table headers name their scope"
    figures = [e for e in _tree(report_pdf) if e["/S"] == "/Figure"]
    assert all(str(f.get("/Alt", "")).strip() for f in figures)  # the logo (and charts) say what they show


def test_pdf_claims_pdfa_2b_and_pdfua_1_with_output_intent(report_pdf: PdfReader) -> None:
    xmp = report_pdf.xmp_metadata.stream.get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "Stadt Musterstadt" in xmp  # dc:creator: the municipality
    intents = report_pdf.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    assert intents[0].get_object()["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"
    assert "/ID" in report_pdf.trailer


@pytest.mark.parametrize("kind", ["report", "plan", "annual"])
def test_pdf_every_text_is_marked_and_every_mark_is_in_the_parent_tree(kind: str, report_pdf: PdfReader) -> None:
    if kind != "report":
        from testkit.samples_annual import sample_annual

        doc = PLAN if kind == "plan" else _with_letterhead(sample_annual())
        report_pdf = PdfReader(io.BytesIO(write("pdf", doc).data))
    assert any(e["/S"] == "/Figure" for e in _tree(report_pdf))  # charts, logo
    parent_tree = report_pdf.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    owners = {parent_tree[i]: parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
    for page in report_pdf.pages:
        content = ContentStream(page.get_contents(), report_pdf)
        depth, mcids, texts_outside = 0, [], 0
        for operands, operator in content.operations:
            if operator in (b"BDC", b"BMC"):
                depth += 1
                if operator == b"BDC" and "/MCID" in operands[1]:
                    mcids.append(operands[1]["/MCID"])
            elif operator == b"EMC":
                depth -= 1
            elif operator in (b"Tj", b"TJ", b"re", b"Do") and depth == 0:
                texts_outside += 1
        assert depth == 0 and texts_outside == 0
        key = page["/StructParents"]
        assert mcids == list(range(len(mcids)))
        assert len(owners[key]) == len(mcids)


def test_pdf_footer_is_an_artifact_with_page_x_of_y(report_pdf: PdfReader) -> None:
    data = report_pdf.pages[0].get_contents().get_data()
    assert b"/Artifact BMC" in data
    assert "Seite 1 von" in report_pdf.pages[0].extract_text()
    assert "Amt für Familie" in report_pdf.pages[-1].extract_text()  # the process's footer line


# --------------------------------------------------------------------------- DOCX


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return write("docx", REPORT).data


def _xml(data: bytes, part: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(part))


def test_docx_footer_has_page_x_of_y_fields_and_the_footer_line(report_docx: bytes) -> None:
    footers = [n for n in zipfile.ZipFile(io.BytesIO(report_docx)).namelist() if n.startswith("word/footer")]
    assert footers
    for name in footers:
        xml = _xml(report_docx, name)
        instructions = [f.get(f"{{{NS['w']}}}instr").strip() for f in xml.iter(f"{{{NS['w']}}}fldSimple")]
        assert instructions == ["PAGE", "NUMPAGES"]
        text = "".join(xml.itertext())
        assert "Seite" in text and " von " in text and "Amt für Familie" in text


def test_docx_tables_repeat_headers_never_split_rows_and_headings_keep_with_next(report_docx: bytes) -> None:
    body = _xml(report_docx, "word/document.xml")
    tables = body.findall(".//w:tbl", NS)
    assert tables
    for table in tables:
        rows = table.findall("w:tr", NS)
        assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    document = docx.Document(io.BytesIO(report_docx))
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_docx_has_no_isolation_marks_and_marks_rtl_runs(report_docx: bytes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(report_docx)).read("word/document.xml").decode("utf-8")
    assert not any(mark in xml for mark in MARKS)
    rtl_runs = re.findall(r"<w:r><w:rPr>(?:(?!</w:r>).)*<w:rtl/>(?:(?!</w:r>).)*رياض", xml)
    assert rtl_runs, "the Arabic title is a right-to-left run"


def test_docx_columns_fit_their_words_or_hyphenate(report_docx: bytes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(report_docx)).read("word/document.xml").decode("utf-8")
    assert "<w:softHyphen/>" in xml  # the long compound breaks between syllables
    settings = zipfile.ZipFile(io.BytesIO(report_docx)).read("word/settings.xml").decode("utf-8")
    assert "<w:autoHyphenation/>" in settings


def test_docx_properties_font_and_pictures(report_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(report_docx))
    props = document.core_properties
    assert props.title.startswith("Dokumentation der Beteiligung")
    assert props.author == "Stadt Musterstadt"
    assert props.created is not None
    assert abs(props.created.replace(tzinfo=UTC) - datetime.now(UTC)) < timedelta(minutes=5)
    fonts = document.styles["Normal"].element.rPr.find(f"{{{NS['w']}}}rFonts")
    assert fonts.get(f"{{{NS['w']}}}ascii") == "Arial" and fonts.get(f"{{{NS['w']}}}cs") == "Arial"
    header = document.sections[0].first_page_header
    pictures = header._element.findall(".//wp:docPr", NS)  # noqa: SLF001
    assert pictures and pictures[0].get("descr") == "Logo Stadt Musterstadt"
    assert "Stadt Musterstadt" in header.paragraphs[0].text


# --------------------------------------------------------------------------- ODT


@pytest.fixture(scope="module")
def report_odt() -> bytes:
    return write("odt", REPORT).data


def test_odt_footer_fields_header_rows_and_rows_kept_together(report_odt: bytes) -> None:
    styles = _xml(report_odt, "styles.xml")
    footer = styles.find(".//style:master-page/style:footer", NS)
    assert footer is not None
    assert footer.find(".//text:page-number", NS) is not None and footer.find(".//text:page-count", NS) is not None
    assert "Amt für Familie" in "".join(footer.itertext())
    content = _xml(report_odt, "content.xml")
    kept = {s.get(f"{{{NS['style']}}}name") for s in content.iterfind(".//style:style", NS)
            if s.find("style:table-row-properties[@fo:keep-together='always']", NS) is not None}  # fmt: skip
    tables = content.findall(".//table:table", NS)
    assert tables
    for table in tables:
        assert table.find("table:table-header-rows", NS) is not None
        rows = table.findall("table:table-row", NS)
        assert all(r.get(f"{{{NS['table']}}}style-name") in kept for r in rows)
    headings = [s for s in styles.iterfind(".//style:style", NS)
                if s.get(f"{{{NS['style']}}}name", "").startswith("Heading")]  # fmt: skip
    assert all(s.find("style:paragraph-properties[@fo:keep-with-next='always']", NS) is not None for s in headings)


def test_odt_has_no_isolation_marks_writes_rtl_and_meta(report_odt: bytes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(report_odt)).read("content.xml").decode("utf-8")
    assert not any(mark in xml for mark in MARKS)
    assert 'style:writing-mode="rl-tb"' in xml
    meta = _xml(report_odt, "meta.xml")
    assert meta.findtext(".//meta:initial-creator", namespaces=NS) == "Stadt Musterstadt"
    assert meta.findtext(".//dc:title", namespaces=NS).startswith("Dokumentation der Beteiligung")
    created = meta.findtext(".//meta:creation-date", namespaces=NS)
    assert created and created.startswith(str(datetime.now(UTC).year))
    logo = _xml(report_odt, "content.xml").find(".//draw:frame", NS)
    assert logo is not None and logo.findtext("svg:desc", namespaces=NS) == "Logo Stadt Musterstadt"
    assert OdfDocument(io.BytesIO(report_odt)).body is not None  # odfdo opens it


# --------------------------------------------------------------------------- spreadsheets


def test_xlsx_prints_landscape_fitted_with_repeated_header() -> None:
    book = openpyxl.load_workbook(io.BytesIO(write("xlsx", REPORT).data))
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == "$1:$1"
        assert ws["A1"].alignment.wrap_text and ws["A1"].font.bold
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
    assert book.properties.creator == "Stadt Musterstadt"


def test_ods_dates_are_dates_with_a_date_style_and_headers_repeat() -> None:
    data = write("ods", REPORT).data
    content = _xml(data, "content.xml")
    styles = {s.get(f"{{{NS['style']}}}name"): s.get(f"{{{NS['style']}}}data-style-name")
              for s in content.iterfind(".//style:style", NS)}  # fmt: skip
    date_styles = {d.get(f"{{{NS['style']}}}name") for d in content.iterfind(".//number:date-style", NS)}
    dates = [c for c in content.iterfind(".//table:table-cell", NS)
             if c.get(f"{{{NS['office']}}}value-type") == "date"]  # fmt: skip
    assert dates
    assert all(styles.get(c.get(f"{{{NS['table']}}}style-name")) in date_styles for c in dates)
    assert all(t.find("table:table-header-rows", NS) is not None for t in content.iterfind(".//table:table", NS))
    header = content.find(".//style:style[@style:name='zw_header']/style:table-cell-properties", NS)
    assert header.get(f"{{{NS['fo']}}}wrap-option") == "wrap"
    layout = _xml(data, "styles.xml").find(".//style:page-layout-properties", NS)
    assert layout.get(f"{{{NS['style']}}}print-orientation") == "landscape"


# --------------------------------------------------------------------------- charts and helpers


def test_charts_encode_groups_by_colour_and_pattern_with_alt_text() -> None:
    labels = get_labels("de")
    chart = round_chart(REPORT.rounds[0], REPORT.groups, "de")
    assert isinstance(chart, Chart)
    assert [s.pattern for s in chart.series] == [1, 2, 3]
    assert [s.colour for s in chart.series] == ["#E69F00", "#56B4E9", "#009E73"]
    assert chart.alt.startswith("Balkendiagramm") and "Politik" in chart.alt
    assert chart.values[0] == tuple(float(REPORT.rounds[0].results[0].by_group[g.key].points)
                                    for g in REPORT.groups)  # fmt: skip
    image = Image.open(io.BytesIO(render_png(chart)))
    assert image.format == "PNG" and image.width > 900
    assert participation_chart(REPORT.groups, labels, "de").categories == ("Teilnehmende", "Abstimmende")
    status = status_chart(PLAN.fields, labels, "de")
    assert status is not None and "umgesetzt" in status.alt


def test_charts_are_pictures_in_every_document_format() -> None:
    chart = round_chart(REPORT.rounds[0], REPORT.groups, "de")
    from workshop_app.exports import layout as layout_module

    original = layout_module.layout

    def with_chart(doc, labels):  # noqa: ANN001, ANN202
        result = original(doc, labels)
        return dataclasses.replace(result, blocks=(*result.blocks[:2], chart, *result.blocks[2:]))

    from workshop_app.exports import docx_writer, odt_writer, pdf_writer

    for module in (docx_writer, odt_writer, pdf_writer):
        module.layout = with_chart
    try:
        docx_data, odt_data, pdf_data = (write(f, REPORT).data for f in ("docx", "odt", "pdf"))
    finally:
        for module in (docx_writer, odt_writer, pdf_writer):
            module.layout = original
    descriptions = [d.get("descr") for d in _xml(docx_data, "word/document.xml").iter(f"{{{NS['wp']}}}docPr")]
    assert chart.alt in descriptions
    assert chart.alt in [f.findtext("svg:desc", namespaces=NS) for f in
                         _xml(odt_data, "content.xml").iterfind(".//draw:frame", NS)]  # fmt: skip
    figures = [e for e in _tree(PdfReader(io.BytesIO(pdf_data))) if e["/S"] == "/Figure"]
    assert chart.alt in [str(f.get("/Alt")) for f in figures]


def test_bidi_runs_drop_marks_and_flag_rtl_pieces() -> None:
    assert bidi_runs("#2 \u2068رياض أطفال\u2069 (Wert 1,00)") == [
        ("#2 ", False), ("رياض أطفال", True), (" (Wert 1,00)", False)]
    assert bidi_runs("Kita") == [("Kita", False)]
    assert bidi_runs("") == []


def test_hyphenation_breaks_between_syllables_only_where_needed() -> None:
    assert hyphenate("Rang", 30, 8.5, "de") == "Rang"
    assert hyphenate("Zivilgesellschaft", 40, 8.5, "de") == "Zi\xadvil\xadge\xadsell\xadschaft"
    widths = fit_widths(("Rang", "Vorschlag", "Konsens"), [("1", "Kita", "0,5")], (0.5, 9, 0.5),
                        (True, False, True), 300, points=8.5, padding=6)  # fmt: skip
    assert widths[0] > 25 and widths[2] > 35 and abs(sum(widths) - 300) < 0.01  # widened for their words


def test_clean_logo_refuses_or_sanitises() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           b'viewBox="0 0 10 10" onload="alert(1)"><script>alert(1)</script>'
           b'<rect width="10" height="10" fill="url(http://evil.example/x)"/><circle r="3" fill="#f00"/>'
           b'<image xlink:href="http://evil.example/a.png"/><foreignObject><p>x</p></foreignObject></svg>')  # fmt: skip
    cleaned, kind = clean_logo(svg)
    assert kind == "image/svg+xml"
    for bad in (b"script", b"onload", b"evil", b"image", b"foreignObject"):
        assert bad not in cleaned
    assert b"<circle" in cleaned
    entity = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    for data, code in ((entity, "logo_invalid"), (b"GIF89a....", "logo_type"), (b"", "logo_empty"),
                       (b"\x89PNG\r\n\x1a\n" + b"0" * 200_000, "logo_too_large"),
                       (b"\x89PNG\r\n\x1a\nbroken", "logo_invalid"), (_png(4000, 10), "logo_dimensions")):
        with pytest.raises(ValueError) as error:
            clean_logo(data)
        assert error.value.code == code  # type: ignore[attr-defined]
    png, kind = clean_logo(_png())
    assert kind == "image/png" and Image.open(io.BytesIO(png)).size == (120, 60)


def test_pdf_text_after_an_arabic_line_keeps_its_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shaped Arabic run (fallback font) must not leave its font for the next plain line."""
    from workshop_app.exports import pdf_writer
    from workshop_app.exports.layout import Facts, Heading, Layout, Paragraph, TextTable

    blocks = (Heading("Kernergebnisse", 1),
              Facts((("Vorne", ("#1 Kita-Plätze (Wert 1,16)\n#2 \u2068رياض أطفال أكثر\u2069 (Wert 1,00)\n"
                                 "#3 Spielplatz am Bach (Wert 0,83)")),)),
              TextTable(("Nr.", "Vorschlag"), (("1", "رياض أطفال"), ("2", "Sichere Schulwege")), (1, 5),
                        (True, False)),
              Paragraph("Lesehilfe: Punkte sind Klebepunkte."))  # fmt: skip
    monkeypatch.setattr(pdf_writer, "layout", lambda doc, labels: Layout("Test", "de", blocks))
    text = PdfReader(io.BytesIO(write("pdf", REPORT).data)).pages[0].extract_text()
    for expected in ("#3 Spielplatz am Bach (Wert 0,83)", "Sichere Schulwege", "Lesehilfe: Punkte sind Klebepunkte."):
        assert expected in text
