"""Exports from the database, opened with their own libraries: content, scripts, no formulas."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile

import pytest
from docx import Document as DocxDocument
from odfdo import Document as OdfDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from testkit.worlds import FORMULA_CORPUS, seed
from tests.conftest import login
from workshop_app.exports.sanitize import FORMULA_TRIGGERS
from workshop_app.extensions import db
from workshop_app.models import VotingRound
from workshop_app.services.read_models import results

UMLAUT = "Mehr Kita-Plätze für Familien – größer, schöner"
ARABIC = "رياض أطفال أكثر"
UKRAINIAN = "Більше місць у дитсадках"


@pytest.fixture
def data(ctx):
    return seed()


@pytest.fixture
def organizer(client, make_user, data):
    make_user()
    login(client)
    return client


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    return response


def _assert_no_formula_text(texts):
    for text in texts:
        assert not str(text).startswith(FORMULA_TRIGGERS), f"formula-like cell: {text!r}"


def test_csv_both_delimiters(organizer, data):
    for delimiter in (",", ";"):
        response = _get(organizer, f"/organize/workshops/{data.code}/export/csv?delimiter={delimiter}")
        assert response.mimetype == "text/csv"
        text = response.data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        cells = [c for row in rows for c in row]
        assert UMLAUT in cells and ARABIC in cells and UKRAINIAN in cells
        _assert_no_formula_text(cells)
        assert "'" + FORMULA_CORPUS[0] in cells
        assert len({len(r) for r in rows}) == 1  # every row has every column


def test_xlsx_sheets_and_no_formulas(organizer, data):
    response = _get(organizer, f"/organize/workshops/{data.code}/export/xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert len(book.sheetnames) >= 3
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    values.append(cell.value)
    assert UMLAUT in values and ARABIC in values and UKRAINIAN in values
    _assert_no_formula_text(values)
    assert "Politik" in " ".join(values) and "Zivilgesellschaft" in " ".join(values)


def test_ods_plan_and_results(organizer, data):
    for url in (f"/organize/workshops/{data.code}/export/ods", f"/organize/processes/{data.process_id}/export/ods"):
        response = _get(organizer, url)
        document = OdfDocument(io.BytesIO(response.data))
        texts = []
        for table in document.body.get_tables():
            for row in table.traverse():
                for cell in row.traverse():
                    assert not cell.formula, f"formula in {table.name}: {cell.formula}"
                    if isinstance(cell.value, str):
                        texts.append(cell.value)
        assert UMLAUT in texts or "Bedarfsplanung Kindertagesbetreuung" in texts
        _assert_no_formula_text(texts)
    assert ARABIC in " ".join(texts) and "Jugendamt" in texts


def test_docx_draft_goal_agreement(organizer, data):
    response = _get(organizer, f"/organize/processes/{data.process_id}/export/docx")
    document = DocxDocument(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for expected in (UMLAUT, "Familie und Arbeitswelt, Betreuung", "Bedarfsplanung Kindertagesbetreuung",
                     "Jugendamt", "2027", "Auftaktworkshop Größe", "Musterstadt an der Öhre"):
        assert expected in text, expected
    assert FORMULA_CORPUS[0] in text  # text documents keep the wording as written
    workshop_doc = DocxDocument(io.BytesIO(_get(organizer, f"/organize/workshops/{data.code}/export/docx").data))
    results = "\n".join(cell.text for t in workshop_doc.tables for r in t.rows for cell in r.cells)
    assert ARABIC in results and UKRAINIAN in results


def test_odt(organizer, data):
    response = _get(organizer, f"/organize/processes/{data.process_id}/export/odt")
    text = OdfDocument(io.BytesIO(response.data)).get_formatted_text()
    assert "Bedarfsplanung Kindertagesbetreuung" in text and "Jugendamt" in text and ARABIC in text


def test_pdf_scripts(organizer, data):
    response = _get(organizer, f"/organize/workshops/{data.code}/export/pdf")
    reader = PdfReader(io.BytesIO(response.data))
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))
    assert "Kita-Plätze" in text and UKRAINIAN in text
    letters = [ch for ch in ARABIC if ch != " "]
    assert all(ch in text for ch in letters)  # shaped glyphs map back to Arabic letters
    plan = PdfReader(io.BytesIO(_get(organizer, f"/organize/processes/{data.process_id}/export/pdf").data))
    assert "Jugendamt" in "\n".join(page.extract_text() for page in plan.pages)


def test_json_report_and_archive(organizer, data):
    report = json.loads(_get(organizer, f"/organize/workshops/{data.code}/export/json").data)
    assert report["kind"] == "workshop_report"
    with organizer.application.app_context():  # the exported results are the votes' tally
        reference = results.compute_from_ballots(db.session.get(VotingRound, data.round_id)).as_dict()
    (round_,) = [r for r in report["rounds"] if r["id"] == data.round_id]
    assert reference["total_voters"] == 3 * 3 + 2 and reference["results"][0]["points"] > 0
    assert [(r["proposal_id"], r["points"], r["voters"], r["rank"]) for r in round_["results"]] == [
        (r["proposal_id"], r["points"], r["voters"], r["rank"]) for r in reference["results"]]
    assert {p["title"] for p in report["proposals"]} >= {UMLAUT, ARABIC, UKRAINIAN}
    archive = json.loads(_get(organizer, f"/organize/processes/{data.process_id}/export/json").data)
    assert archive["format"] == "zielwerkstatt-archive" and archive["complete"] is True
    assert "display_name" not in json.dumps(archive) and "Person 0-0" not in json.dumps(archive)


def test_filenames_and_unknown_format(organizer, data):
    response = _get(organizer, f"/organize/workshops/{data.code}/export/xlsx")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="Auftaktworkshop-Groesse-' in disposition
    assert "filename*=UTF-8''Auftaktworkshop-Gr%C3%B6%C3%9Fe-" in disposition
    assert disposition.split('filename="')[1].split('"')[0].isascii()
    assert zipfile.is_zipfile(io.BytesIO(response.data))
    assert organizer.get(f"/organize/workshops/{data.code}/export/exe").status_code == 404
    assert organizer.get(f"/organize/processes/{data.process_id}/export/html").status_code == 404
    assert organizer.get("/organize/processes/999999/export/csv").status_code == 404
    bad = organizer.get(f"/organize/workshops/{data.code}/export/csv?delimiter=|")
    assert bad.status_code == 422


def test_exports_need_an_organizer(client, data):
    assert client.get(f"/organize/workshops/{data.code}/export/csv").status_code == 302
    assert client.get(f"/api/v1/workshops/{data.code}/export/csv").status_code == 401
