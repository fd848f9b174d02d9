"""Printable token and group-code sheets."""

from __future__ import annotations

import io

import pytest
import segno
from pypdf import PdfReader

from workshop_app.exports.token_sheet import CARDS_PER_PAGE, TokenEntry, qr_runs, token_sheet_pdf

BASE = "http://192.168.178.20:5000/j/K7MX4Q"


def _entries(count: int) -> list[TokenEntry]:
    groups = ["Politik", "Verwaltung", None, "المجتمع المدني"]
    return [TokenEntry(f"T{i:03d}XQ", f"{BASE}?t=tok{i:04d}", groups[i % 4]) for i in range(count)]


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def sheet() -> list[str]:
    return _pages(token_sheet_pdf("Auftaktworkshop – Einmal-Codes", _entries(23)))


def test_cards_fill_pages_of_ten(sheet: list[str]) -> None:
    assert CARDS_PER_PAGE == 10
    many = _pages(token_sheet_pdf("Viele", [TokenEntry(f"T{i:03d}XQ", f"{BASE}{i}") for i in range(23)]))
    assert len(many) == 3 and "T009XQ" in many[0] and "T010XQ" in many[1] and "T020XQ" in many[2]
    assert len(sheet) == 4  # 23 cards of four groups: every group starts a page of its own
    for number, text in enumerate(sheet, start=1):
        assert "Auftaktworkshop – Einmal-Codes" in text
        assert f"Seite {number} von 4" in text
        assert "Code scannen oder Adresse öffnen und den Code eingeben." in text


def test_every_code_url_and_label_is_printed_once(sheet: list[str]) -> None:
    text = "\n".join(sheet)
    flat = "".join(text.split())  # URLs wrap by character inside a card
    for entry in _entries(23):
        assert text.count(entry.code) == 1, entry.code
        assert entry.url in flat
    assert sheet[0].count("Politik") == 6 and "Verwaltung" not in sheet[0]  # a page per group
    assert sheet[1].count("Verwaltung") == 6
    assert "المدني" in sheet[3]  # an Arabic group name loads the Arabic font


def test_english_sheet_and_empty_sheet() -> None:
    pages = _pages(token_sheet_pdf("Group codes", [], language="en"))
    assert len(pages) == 1
    assert "Scan the code or open the address and enter the code." in pages[0]
    one = _pages(token_sheet_pdf("Gruppen", [TokenEntry("ABCDEF", BASE)], language="en"))
    assert len(one) == 1 and "ABCDEF" in one[0] and "Page 1 of 1" in one[0]


def test_qr_runs_redraw_exactly_the_symbol_segno_made() -> None:
    size, runs = qr_runs(f"{BASE}?t=tok0001")
    expected = segno.make(f"{BASE}?t=tok0001", error="m", micro=False).matrix
    drawn = [[0] * size for _ in range(size)]
    for row, start, length in runs:
        assert length > 0
        for column in range(start, start + length):
            assert drawn[row][column] == 0, "runs overlap"
            drawn[row][column] = 1
    assert size == len(expected)
    assert drawn == [[1 if module else 0 for module in row] for row in expected]
    # Runs merge neighbours: far fewer rectangles than dark modules.
    assert len(runs) < sum(map(sum, drawn)) * 0.7
