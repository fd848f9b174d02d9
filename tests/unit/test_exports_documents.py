"""DOCX, ODT and PDF exports, read back with python-docx, odfdo and pypdf."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from fpdf.bidi import BidiParagraph, auto_detect_base_direction
from fpdf.enums import TextDirection
from hypothesis import given, settings
from hypothesis import strategies as st
from odfdo import Document as OdfDocument
from pypdf import PdfReader

from testkit.samples import FORMULA_CORPUS, LONG_WORD, sample_plan, sample_report
from workshop_app.exports import write
from workshop_app.exports.document import Group, Proposal, WorkshopMeta, WorkshopReport
from workshop_app.exports.pdf_fonts import pdf_text
from workshop_app.exports.pdf_runs import _letter_runs

REPORT = sample_report(hostile=True)
PLAN = sample_plan(hostile=True)
ARABIC_WORDS = ("رياض", "أطفال", "أكثر")
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def _docx_text(data: bytes) -> tuple[str, list[list[list[str]]]]:
    document = docx.Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return paragraphs, tables


def _odt_text(data: bytes) -> tuple[str, list[list[list[str]]]]:
    body = OdfDocument(io.BytesIO(data)).body
    # Soft hyphens (U+00AD) mark where a long word may break between syllables; not text.
    tables = [[[str(v).replace("\xad", "") for v in row] for row in t.get_values()] for t in body.get_tables()]
    return body.text_recursive, tables


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.translate(ISOLATES).split()), len(reader.pages)


@pytest.fixture(scope="module")
def report_docx() -> tuple[str, list[list[list[str]]]]:
    return _docx_text(write("docx", REPORT).data)


@pytest.fixture(scope="module")
def report_odt() -> tuple[str, list[list[list[str]]]]:
    return _odt_text(write("odt", REPORT).data)


@pytest.fixture(scope="module")
def report_pdf_bytes() -> bytes:
    return write("pdf", REPORT).data


@pytest.fixture(scope="module")
def report_pdf(report_pdf_bytes: bytes) -> tuple[str, int]:
    return _pdf_text(report_pdf_bytes)


@pytest.fixture(scope="module")
def plan_pdf() -> tuple[str, int]:
    return _pdf_text(write("pdf", PLAN).data)


@pytest.mark.parametrize("reader", ["report_docx", "report_odt"])
def test_report_document_has_meta_ranked_results_and_paper_marks(reader: str, request) -> None:
    text, tables = request.getfixturevalue(reader)
    for expected in ("Dokumentation der Beteiligung", "Musterstadt an der Öhre", "Rathaus, Großer Saal",
                     "Datum: 14.03.2026", "Abstimmungsrunden", "Papierstimmen sind"):  # fmt: skip
        assert expected in text
    results = next(t for t in tables if t[0][:2] == ["Rang", "Vorschlag"])
    assert results[0] == ["Rang", "Vorschlag", "Handlungsfeld", "Klebepunkte", "davon Papier", "Politik",
                          "Verwaltung", "Zivilgesellschaft", "Wert", "Konsens"]  # fmt: skip
    assert results[1][0] == "1" and "Kita-Plätze für Familien" in results[1][1]
    assert results[1][4] == "2" and "davon Papier 2" in results[1][7]
    cells = "\n".join(c for table in tables for row in table for c in row)
    for expected in ("رياض أطفال أكثر", "Більше місць у дитсадках", LONG_WORD, "Spielplatz am Bach"):
        assert expected in cells
    for formula in FORMULA_CORPUS[:4]:  # kept as written: documents do not evaluate text
        assert formula in cells and "'" + formula not in cells
    assert not any(char in text + cells for char in "\x00\x07\x1f\x0b\ufffe")


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_plan_document_has_fields_goals_and_measure_tables(fmt: str) -> None:
    text, tables = (_docx_text if fmt == "docx" else _odt_text)(write(fmt, PLAN).data)
    for expected in ("Zielvereinbarung: ", "Familie und Arbeitswelt, Betreuung",
                     "Ziel 1: Kita-Plätze für Familien", "Ratsbeschluss: 20.05.2026",
                     "Abstimmungsregeln", "Noch keine Maßnahmen.", "Noch keine Ziele."):  # fmt: skip
        assert expected in text
    measures = tables[0]
    assert measures[0] == ["Maßnahme", "Verantwortlich", "Frist", "Status"]
    assert measures[1][0].startswith("Bedarfsplanung Kindertagesbetreuung")
    assert "Partner: Kita-Träger" in measures[1][0]
    # No invisible isolation marks: right-to-left runs use the format's own bidi properties.
    assert not any(mark in text + str(tables) for mark in "\u2066\u2067\u2068\u2069")
    assert measures[1][1:] == ["Jugendamt", "31.03.2027", "in Umsetzung"]
    assert measures[2][0] == "ترجمة معلومات الرعاية إلى العربية"
    assert measures[3][1] == "Fachbereich Bildung"  # the NUL is gone


def test_docx_marks_field_colour_and_repeats_table_headers() -> None:
    data = write("docx", PLAN).data
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert 'w:color w:val="E69F00"' in xml  # the swatch of "Familie und Arbeitswelt"
    assert xml.count("<w:tblHeader") == xml.count("<w:tbl>")
    assert docx.Document(io.BytesIO(data)).core_properties.title.startswith("Zielvereinbarung")


def test_pdf_report_text_is_extractable_in_all_scripts(report_pdf: tuple[str, int]) -> None:
    text, pages = report_pdf
    assert pages >= 2
    for expected in ("Dokumentation der Beteiligung: Auftaktworkshop", "Kita-Plätze für Familien",
                     "Більше місць у дитсадках", "Spielplatz am Bach", "Seite 1 von"):  # fmt: skip
        assert expected in text
    for word in ARABIC_WORDS:  # visual order may differ; every word must be there
        assert word in text
    assert "davon Papier 2" in text and "Papierstimmen sind in den Punkten enthalten" in text
    assert "=HYPERLINK" in text and "'=1+1" not in text
    assert LONG_WORD[:12] in text  # wrapped by characters, not lost


def test_pdf_plan_has_goals_measures_and_arabic(plan_pdf: tuple[str, int]) -> None:
    text, _pages = plan_pdf
    for expected in ("Zielvereinbarung: ", "Ziel 1: Kita-Plätze für Familien",
                     "Bedarfsplanung Kindertagesbetreuung", "Jugendamt", "31.03.2027",
                     "in Umsetzung", "Maßnahme Verantwortlich Frist Status"):  # fmt: skip
        assert expected in text
    for word in ("ترجمة", "معلومات", "الرعاية"):
        assert word in text


def _font_names(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def test_pdf_embeds_fallback_fonts_only_when_the_text_needs_them(report_pdf_bytes: bytes) -> None:
    german = WorkshopReport(
        WorkshopMeta("Musterstadt", "Familiengerechte Kommune", "Abschlussworkshop"),
        (Group("politik", "Politik", 3, 3),),
        proposals=(Proposal(1, "Mehr Grün im Quartier"),),
    )
    assert _font_names(write("pdf", german).data) == {"NotoSans", "NotoSansBold"}
    with_arabic = _font_names(report_pdf_bytes)
    assert any(name.startswith("NotoSansArabic") for name in with_arabic)


def test_pdf_speaks_english_when_asked() -> None:
    text, _ = _pdf_text(write("pdf", sample_plan(), language="en").data)
    for expected in ("Goal agreement", "Goal 1: Kita-Plätze für Familien", "Deadline",
                     "in progress", "Page 1 of"):  # fmt: skip
        assert expected in text


def test_pdf_text_replaces_unprintable_letters_and_keeps_known_symbols() -> None:
    assert pdf_text("中文") == "\ufffd\ufffd"  # no embedded font has Chinese
    assert pdf_text("ok 😀") == "ok 😀"  # DejaVu Sans draws this one
    assert pdf_text("Schulweg 🚸") == "Schulweg "  # a colour-only emoji is dropped
    assert pdf_text("a\x00b\tc\r\nd") == "ab c\nd"


def test_pdf_splits_a_row_taller_than_a_page_without_losing_text() -> None:
    body = " ".join(f"Satz{i}" for i in range(1500)) + " ENDE"
    report = WorkshopReport(
        WorkshopMeta("Musterstadt", "Prozess", "Workshop"),
        (Group("politik", "Politik"),),
        proposals=(Proposal(1, "Sehr lange Begründung", body), Proposal(2, "Danach")),
    )
    text, pages = _pdf_text(write("pdf", report).data)
    assert pages >= 3
    assert "Satz0 " in text and "Satz1499 ENDE" in text and "Danach" in text


def test_pdf_repeated_arabic_runs_print_on_every_page() -> None:
    """A right-to-left run seen before is copied, not shaped again — on later pages too."""
    rows = tuple(Proposal(i, f"Kita {i} رياض أطفال Spielplatz", "رياض أطفال " * 8) for i in range(1, 160))
    report = WorkshopReport(WorkshopMeta("Musterstadt", "Prozess", "Workshop"), (Group("politik", "Politik"),),
                            proposals=rows)  # fmt: skip
    data = write("pdf", report).data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        text = page.extract_text()
        assert "رياض" in text and "أطفال" in text
        fonts = {str(f["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}
        assert any(name.startswith("NotoSansArabic") for name in fonts)
    assert "Kita 159 " in _pdf_text(data)[0]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \u0631\u064a\u064e\u05e9\u0434 1(.\u2068\u2069", min_size=1, max_size=16))
def test_pdf_fast_bidi_runs_agree_with_fpdf2(text: str) -> None:
    direction = auto_detect_base_direction(text)
    fast = _letter_runs(text, direction == TextDirection.RTL)
    if fast is not None:  # letters and spaces only; anything else takes fpdf2's own path
        assert tuple(fast) == BidiParagraph(text=text, base_direction=direction).get_bidi_fragments()
