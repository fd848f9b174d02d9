"""The export registry, the JSON format, the labels and the package's own rules."""

from __future__ import annotations

import ast
import json
import math
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from testkit.samples import sample_plan, sample_report
from workshop_app import exports
from workshop_app.exports import FORMATS, Export, UnknownFormat, UnknownLanguage, write
from workshop_app.exports.document import (
    GroupTally,
    ResultRow,
    Round,
    VotingMethod,
    WorkshopReport,
)
from workshop_app.exports.labels import LANGUAGES, get_labels
from workshop_app.exports.tables import sheets

PACKAGE = Path(exports.__file__).parent
REPORT = sample_report(hostile=True)

_SIGNATURES = {
    "csv": b"\xef\xbb\xbf",
    "xlsx": b"PK",
    "ods": b"PK",
    "docx": b"PK",
    "odt": b"PK",
    "pdf": b"%PDF-",
    "json": b"{",
}


def test_every_format_is_registered_with_a_real_writer() -> None:
    assert FORMATS == ("csv", "xlsx", "ods", "docx", "odt", "pdf", "json")
    plan = sample_plan()
    for fmt in FORMATS:
        export = write(fmt, plan)
        assert isinstance(export, Export)
        assert export.extension == fmt
        assert export.data.startswith(_SIGNATURES[fmt]), fmt
        assert "/" in export.mimetype
    assert write("ODS", plan).mimetype == "application/vnd.oasis.opendocument.spreadsheet"


def test_bad_format_language_option_or_document_is_refused() -> None:
    with pytest.raises(UnknownFormat) as excinfo:
        write("html", REPORT)
    assert isinstance(excinfo.value, ValueError) and "csv" in str(excinfo.value)
    with pytest.raises(UnknownLanguage):
        write("csv", REPORT, language="fr")
    with pytest.raises(TypeError):
        write("xlsx", REPORT, delimiter=";")  # CSV only
    with pytest.raises(TypeError):
        write("json", {"not": "a document"})  # type: ignore[arg-type]


def test_labels_are_complete_in_both_languages() -> None:
    assert set(LANGUAGES) == {"de", "en"}
    assert set(LANGUAGES["de"]) == set(LANGUAGES["en"])
    assert all(value.strip() for words in LANGUAGES.values() for value in words.values())
    assert get_labels("de-AT").code == "de" and get_labels("en_GB").code == "en"
    labels = get_labels("en")
    assert labels.term("method", VotingMethod.YES_NO_ABSTAIN) == "Yes/No/Abstain"
    assert labels.term("join_mode", "something_new") == "something_new"


def test_sheet_names_fit_spreadsheet_rules() -> None:
    for language in LANGUAGES:
        for doc in (REPORT, sample_plan()):
            for table in sheets(doc, get_labels(language)):
                assert 0 < len(table.name) <= 31
                assert not set(table.name) & set("[]*?:/\\")


def test_json_is_deterministic_pretty_utf8_with_iso_dates() -> None:
    data = write("json", REPORT).data
    assert data == write("json", REPORT).data
    text = data.decode("utf-8")
    assert "رياض أطفال أكثر" in text and "\\u" not in text  # not ASCII-escaped
    assert text.startswith('{\n  "kind": "workshop_report",\n  "format_version": 1,')
    payload = json.loads(text)
    assert payload["meta"]["date"] == "2026-03-14"
    assert payload["meta"]["exported_at"] == "2026-03-14T18:00:00Z"
    assert payload["proposals"][7]["title"] == "Spielplatz am Bach"  # controls stripped
    assert payload["proposals"][8]["title"] == "=1+1"  # kept as written
    first = payload["rounds"][0]["results"][0]
    assert first["paper_points"] == 2 and first["by_group"]["zivil"]["paper_points"] == 2
    assert payload["rounds"][0]["method"] == "dots"


def test_json_plan_and_instants_in_utc() -> None:
    plan = sample_plan()
    payload = json.loads(write("json", plan, language="en").data)
    assert payload["kind"] == "action_plan"
    measure = payload["fields"][0]["goals"][0]["measures"][0]
    assert measure["status"] == "in_progress" and measure["deadline"] == "2027-03-31"
    assert measure["notes"][0] == {"date": "2026-09-01", "text": "Bedarfserhebung abgeschlossen ✅",
                                   "status_before": None, "status_after": None}
    berlin = timezone(timedelta(hours=1))
    moment = datetime(2026, 3, 14, 19, 0, tzinfo=berlin)
    opened = Round(9, "q", VotingMethod.DOTS, opened_at=moment, closed_at=datetime(2026, 3, 14, 18, 30))
    report = WorkshopReport(REPORT.meta, REPORT.groups, rounds=(opened,))
    rounds = json.loads(write("json", report).data)["rounds"]
    assert rounds[0]["opened_at"] == "2026-03-14T18:00:00Z"
    assert rounds[0]["closed_at"] == "2026-03-14T18:30:00Z"  # naive means UTC


def test_non_finite_numbers_never_break_an_export() -> None:
    broken = ResultRow(1, "x", 3, 1, 1, {"politik": GroupTally(3, 1)}, math.nan, math.inf)
    rounds = (Round(1, "q", VotingMethod.DOTS, results=(broken,)),)
    report = WorkshopReport(REPORT.meta, REPORT.groups, rounds=rounds)
    assert json.loads(write("json", report).data)["rounds"][0]["results"][0]["balanced_score"] is None
    for fmt in ("csv", "xlsx", "ods"):
        assert write(fmt, report).data


def test_exports_stay_pure_and_small() -> None:
    for module in PACKAGE.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
        }
        assert not imported & {"flask", "flask_sqlalchemy", "sqlalchemy", "flask_babel"}, module.name
        assert len(module.read_text(encoding="utf-8").splitlines()) < 300, module.name


def test_fonts_ship_with_their_licences() -> None:
    fonts = PACKAGE / "fonts"
    ttf = sorted(p.name for p in fonts.glob("*.ttf"))
    assert ttf == [
        "DejaVuSans.ttf",
        "DejaVuSansMono-Bold.ttf",
        "NotoSans-Bold.ttf",
        "NotoSans-Regular.ttf",
        "NotoSansArabic-Bold.ttf",
        "NotoSansArabic-Regular.ttf",
    ]
    assert sum(p.stat().st_size for p in fonts.glob("*.ttf")) < 3_000_000
    assert "SIL Open Font License" in (fonts / "OFL-1.1.txt").read_text(encoding="utf-8")
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
