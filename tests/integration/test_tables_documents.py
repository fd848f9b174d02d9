"""The tables (stations) in the workshop's documents and archive: every table with its field and
its paper and phone cards, each proposal's table (a "Tisch" column), and an archive round trip
that keeps tables, seats and where each card was written (never a facilitator secret)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook

from tests.conftest import make_app
from tests.integration.stations_support import card_at, make_tables, seat
from workshop_app.domain.errors import DomainError
from workshop_app.extensions import db
from workshop_app.models import Participant, Process, Proposal, WorkshopTable
from workshop_app.services import archive, merging
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import reports


@pytest.fixture
def workshop_with_tables(make_workshop):
    workshop = make_workshop()
    (one, _s1), (two, _s2), (three, _s3) = make_tables(workshop, 3)
    seat(workshop, one.id, "politik")
    seat(workshop, two.id, "verwaltung")
    a = card_at(workshop, one.id, "Spielplatz am Fluss")
    b = card_at(workshop, one.id, "Spielplatz an der Weser", paper=True)
    card_at(workshop, one.id, "Mehr Bänke im Park", paper=True)
    card_at(workshop, two.id, "Radweg zur Schule")
    card_at(workshop, None, "Aus dem Plenum")
    merging.merge_proposals(SYSTEM, workshop.id, [b.id], a.id)
    return workshop, (one, two, three)


def test_report_names_every_table_and_each_cards_table(workshop_with_tables):
    workshop, (one, two, three) = workshop_with_tables
    report = reports.workshop_report(workshop)
    assert [(t.name, t.field, t.paper_cards, t.phone_cards) for t in report.tables] == [
        ("Tisch 1", one.field.name, 2, 1), ("Tisch 2", two.field.name, 0, 1), ("Tisch 3", three.field.name, 0, 0)]
    assert {p.title: p.table for p in report.proposals} == {
        "Spielplatz am Fluss": "Tisch 1", "Spielplatz an der Weser": "Tisch 1", "Mehr Bänke im Park": "Tisch 1",
        "Radweg zur Schule": "Tisch 2", "Aus dem Plenum": ""}


def test_spreadsheets_have_a_table_column_and_a_tables_sheet(workshop_with_tables):
    workshop, _tables = workshop_with_tables
    rows = list(csv.reader(io.StringIO(reports.export_workshop(workshop, "csv").data.decode("utf-8-sig")),
                           delimiter=";"))
    column = rows[0].index("Tisch")
    assert {row[1]: row[column] for row in rows[1:]}["Aus dem Plenum"] == "Plenum"
    assert {row[1]: row[column] for row in rows[1:]}["Radweg zur Schule"] == "Tisch 2"
    book = load_workbook(io.BytesIO(reports.export_workshop(workshop, "xlsx").data))
    assert "Tische" in book.sheetnames
    sheet = [[c.value for c in row] for row in book["Tische"].iter_rows()]
    assert sheet[0] == ["Tisch", "Handlungsfeld", "Papierkarten", "Handy-Karten", "Gesamt"]
    assert sheet[1][0] == "Tisch 1" and sheet[1][2:] == [2, 1, 3]
    proposals = [[c.value for c in row] for row in book["Vorschläge"].iter_rows()]
    assert proposals[0][-1] == "Tisch"


def test_docx_shows_the_tables_section_without_codes(workshop_with_tables):
    workshop, (one, _two, _three) = workshop_with_tables
    document = DocxDocument(io.BytesIO(reports.export_workshop(workshop, "docx").data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    assert "Tische" in text and "Papierkarten" in cells and "Tisch 3" in cells
    assert one.field.name in cells and "Plenum" in cells
    assert not any(code in " ".join(cells) for code in ("paper", "participant", "table_id", "None"))


def test_workshops_without_tables_keep_their_columns(make_workshop):
    workshop = make_workshop()
    card_at(workshop, None, "Ohne Tische")
    report = reports.workshop_report(workshop)
    assert report.tables == ()
    header = reports.export_workshop(workshop, "csv").data.decode("utf-8-sig").splitlines()[0]
    assert "Tisch" not in header
    assert "Tische" not in load_workbook(io.BytesIO(reports.export_workshop(workshop, "xlsx").data)).sheetnames


def test_archive_round_trip_keeps_tables_seats_and_cards(workshop_with_tables, tmp_path):
    workshop, (one, two, _three) = workshop_with_tables
    dumped = json.loads(archive.archive_bytes(workshop.process))
    w = dumped["workshops"][0]
    assert [(t["name"], t["position"]) for t in w["tables"]] == [("Tisch 1", 0), ("Tisch 2", 1), ("Tisch 3", 2)]
    assert "facilitator" not in json.dumps(w["tables"])  # secrets never leave the installation
    assert {p["title"]: p["table"] for p in w["proposals"]}["Radweg zur Schule"] == two.id
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", tmp_path / "other-instance")
    with other.test_request_context():
        db.create_all()
        process = archive.import_archive(SYSTEM, json.dumps(dumped))
        copy = process.workshops[0]
        tables = {t.id: t for t in db.session.scalars(db.select(WorkshopTable).filter_by(workshop_id=copy.id))}
        assert sorted((t.name, t.position, t.field.name, t.facilitator_secret_hash) for t in tables.values()) == [
            ("Tisch 1", 0, one.field.name, None), ("Tisch 2", 1, two.field.name, None),
            ("Tisch 3", 2, _three.field.name, None)]
        where = {p.title: tables[p.table_id].name if p.table_id else None
                 for p in db.session.scalars(db.select(Proposal).filter_by(workshop_id=copy.id))}
        assert where == {"Spielplatz am Fluss": "Tisch 1", "Spielplatz an der Weser": "Tisch 1",
                         "Mehr Bänke im Park": "Tisch 1", "Radweg zur Schule": "Tisch 2", "Aus dem Plenum": None}
        seats = sorted(tables[p.table_id].name for p in db.session.scalars(
            db.select(Participant).filter_by(workshop_id=copy.id)) if p.table_id)
        assert seats == ["Tisch 1", "Tisch 2"]
        again = json.loads(archive.archive_bytes(db.session.get(Process, process.id)))
        assert [(t["name"], t["position"]) for t in again["workshops"][0]["tables"]] == [
            ("Tisch 1", 0), ("Tisch 2", 1), ("Tisch 3", 2)]
        db.session.remove()
        db.engine.dispose()


def test_archive_refuses_a_card_of_an_unknown_table(workshop_with_tables):
    workshop, _tables = workshop_with_tables
    dumped = json.loads(archive.archive_bytes(workshop.process))
    dumped["workshops"][0]["proposals"][0]["table"] = 999999
    with pytest.raises(DomainError) as refused:
        archive.import_archive(SYSTEM, json.dumps(dumped))
    assert refused.value.code == "archive_invalid"
    assert refused.value.params["where"].endswith("proposals[0].table"), refused.value.params
