"""CSV, XLSX and ODS exports, read back with their own libraries."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from odfdo import Document as OdfDocument

from testkit.samples import FORMULA_CORPUS, LONG_WORD, sample_plan, sample_report
from workshop_app.exports import write
from workshop_app.exports.sanitize import FORMULA_TRIGGERS

REPORT = sample_report(hostile=True)
PLAN = sample_plan(hostile=True)
NEUTRALIZED = {"'" + text for text in FORMULA_CORPUS}


def _csv_rows(data: bytes, delimiter: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM missing: Excel would garble umlauts"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline=""), delimiter=delimiter))


@pytest.fixture(scope="module")
def report_xlsx() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(write("xlsx", REPORT).data))


@pytest.fixture(scope="module")
def plan_xlsx() -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(write("xlsx", PLAN).data))


@pytest.fixture(scope="module")
def report_ods() -> bytes:
    return write("ods", REPORT).data


def _ods_values(data: bytes) -> dict[str, list[list[object]]]:
    body = OdfDocument(io.BytesIO(data)).body
    return {table.name: table.get_values() for table in body.get_tables()}


# --------------------------------------------------------------------------- CSV


def test_csv_report_has_all_result_rows_with_group_and_paper_columns() -> None:
    rows = _csv_rows(write("csv", REPORT).data, ";")
    header, body = rows[0], rows[1:]
    assert "davon Papier" in header
    assert {"Politik: Punkte", "Verwaltung: Abstimmende", "Zivilgesellschaft: davon Papier"} <= set(header)
    assert len(body) == sum(len(r.results) for r in REPORT.rounds)
    first = dict(zip(header, body[0], strict=True))
    assert first["Vorschlag"] == "Kita-Plätze für Familien"
    assert first["davon Papier"] == "2" and first["Zivilgesellschaft: davon Papier"] == "2"
    assert first["Ausgewogener Wert"] == "2,3269"  # decimal comma with ";"


def test_csv_keeps_unicode_and_strips_control_characters() -> None:
    data = write("csv", REPORT).data
    text = data.decode("utf-8-sig")
    for expected in ("رياض أطفال أكثر", "Більше місць у дитсадках", "🚸", LONG_WORD, "Spielplatz am Bach"):
        assert expected in text
    assert not any(char in text for char in "\x00\x07\x1f\x0b\ufffe")


def test_csv_neutralizes_formula_injection_in_every_cell() -> None:
    for doc in (REPORT, PLAN):
        rows = _csv_rows(write("csv", doc).data, ";")
        cells = [cell for row in rows for cell in row]
        assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]
        assert set(cells) >= NEUTRALIZED


def test_csv_plan_lists_every_measure_and_goals_without_measures() -> None:
    rows = _csv_rows(write("csv", PLAN).data, ";")
    header, body = rows[0], rows[1:]
    records = [dict(zip(header, row, strict=True)) for row in body]
    measures = sum(len(g.measures) or 1 for f in PLAN.fields for g in f.goals)
    assert len(records) == measures
    kita = next(r for r in records if r["Maßnahme"] == "Bedarfsplanung Kindertagesbetreuung")
    assert kita["Handlungsfeld"] == "Familie und Arbeitswelt, Betreuung"
    assert kita["Ziel"] == "Kita-Plätze für Familien"
    assert kita["Frist"] == "2027-03-31" and kita["Status"] == "in Umsetzung"
    assert kita["Partner"] == "Kita-Träger, Elternbeirat"
    assert "01.09.2026: Bedarfserhebung abgeschlossen" in kita["Fortschritt"]
    wege = next(r for r in records if r["Ziel"] == "Sichere Schulwege 🚸")
    assert wege["Maßnahme"] == ""


def test_csv_delimiter_and_decimals_follow_language_and_option() -> None:
    english = _csv_rows(write("csv", REPORT, language="en").data, ",")
    assert english[0][:3] == ["Round no.", "Round", "Rank"]
    assert "of which paper" in english[0]
    assert english[1][english[0].index("Balanced score")] == "2.3269"
    german_comma = _csv_rows(write("csv", REPORT, delimiter=",").data, ",")
    assert german_comma[1][german_comma[0].index("Ausgewogener Wert")] == "2.3269"
    with pytest.raises(ValueError, match="delimiter"):
        write("csv", REPORT, delimiter="|")


# --------------------------------------------------------------------------- XLSX


def test_xlsx_report_sheets_header_freeze_filter_widths(report_xlsx: openpyxl.Workbook) -> None:
    assert report_xlsx.sheetnames == ["Vorschläge", "Runden", "Ergebnisse", "Beteiligung"]
    for ws in report_xlsx.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert all(cell.font.b for cell in ws[1])
        assert ws.column_dimensions["B"].width > 10


def test_xlsx_text_is_never_a_formula_and_numbers_stay_numeric(report_xlsx, plan_xlsx) -> None:
    texts = set()
    for ws in (*report_xlsx.worksheets, *plan_xlsx.worksheets):
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_TRIGGERS), cell.value
                    texts.add(cell.value)
    assert texts >= NEUTRALIZED
    results = report_xlsx["Ergebnisse"]
    header = [c.value for c in results[1]]
    first = dict(zip(header, results[2], strict=True))
    assert first["Punkte"].value == 84 and first["Punkte"].data_type == "n"
    assert first["davon Papier"].value == 2
    assert first["Zivilgesellschaft: davon Papier"].value == 2
    assert first["Konsens"].value == pytest.approx(5 / 9)


def test_xlsx_keeps_unicode_strips_controls_and_has_dates(report_xlsx, plan_xlsx) -> None:
    proposals = report_xlsx["Vorschläge"]
    titles = [c.value for c in proposals["B"][1:]]
    assert {"رياض أطفال أكثر", "Більше місць у дитсадках", LONG_WORD, "Spielplatz am Bach"} <= set(titles)
    assert proposals["G2"].is_date and proposals["G2"].value.hour == 18  # 17:05 UTC in Berlin
    measures = plan_xlsx["Maßnahmen"]
    header = [c.value for c in measures[1]]
    assert header[:5] == ["Handlungsfeld", "Ziel Nr.", "Ziel", "Maßnahme Nr.", "Maßnahme"]
    deadline = measures.cell(2, header.index("Frist") + 1)
    assert deadline.is_date and deadline.value.year == 2027
    assert plan_xlsx.sheetnames == ["Ziele", "Maßnahmen"]


# --------------------------------------------------------------------------- ODS


def test_ods_has_the_same_sheets_with_typed_cells(report_ods: bytes) -> None:
    sheets = _ods_values(report_ods)
    assert list(sheets) == ["Vorschläge", "Runden", "Ergebnisse", "Beteiligung"]
    header, first = sheets["Ergebnisse"][0], sheets["Ergebnisse"][1]
    row = dict(zip(header, first, strict=False))
    assert row["Vorschlag"] == "Kita-Plätze für Familien"
    assert row["Punkte"] == 84 and row["davon Papier"] == 2
    assert isinstance(row["Konsens"], Decimal)
    titles = {r[1] for r in sheets["Vorschläge"][1:]}
    assert {"رياض أطفال أكثر", "Більше місць у дитсадках", "Spielplatz am Bach"} <= titles


def test_ods_never_writes_formulas_and_neutralizes_text(report_ods: bytes) -> None:
    content = zipfile.ZipFile(io.BytesIO(report_ods)).read("content.xml").decode("utf-8")
    assert "table:formula" not in content
    assert "\x00" not in content and "\x07" not in content
    values = [v for rows in _ods_values(report_ods).values() for row in rows for v in row]
    texts = {v for v in values if isinstance(v, str)}
    assert not [t for t in texts if t.startswith(FORMULA_TRIGGERS)]
    # ODF has no carriage returns in text: the apostrophe stays, the CR becomes a line break.
    assert {text.replace("\r", "\n") for text in NEUTRALIZED} <= texts


def test_ods_header_is_bold_frozen_and_filtered(report_ods: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(report_ods))
    settings = archive.read("settings.xml").decode("utf-8")
    assert settings.count('config:name="VerticalSplitPosition" config:type="int">1<') == 4
    content = archive.read("content.xml").decode("utf-8")
    assert content.count('table:display-filter-buttons="true"') == 4
    header_style = re.search(r'style:name="zw_header">(.*?)</style:style>', content)
    assert header_style and 'fo:font-weight="bold"' in header_style.group(1)
    assert "&apos;Ergebnisse&apos;.A1:&apos;Ergebnisse&apos;.W" in content or "'Ergebnisse'.A1" in content
