"""Council documents from the database (issue 15, content): stable proposal numbers, one
participation definition, the plan in plan order with the chosen basis round, the annual report
by API and page — every file opened with its own reader, no raw code in any of them."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from docx import Document as DocxDocument
from odfdo import Document as OdfDocument
from pypdf import PdfReader
from sqlalchemy.exc import IntegrityError

from testkit.worlds import seed
from tests.conftest import login, make_app
from workshop_app.extensions import db
from workshop_app.models import Goal, Measure, Process, Proposal
from workshop_app.services import apikeys, archive, moderation, plan, room, workshops
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM, Actor

YEAR = 2026
TODAY = date(2026, 12, 5)  # the day the documents are written on, in these tests
RAW = re.compile(r"in_progress|yes_no_abstain|group_codes|\[planned|process\.create|goal\.create"
                 r"|measure\.update|\bdots\b|round_state|measure_status")


@pytest.fixture
def data(ctx, monkeypatch):
    from workshop_app.services.read_models import annual_report, reports

    for module in (annual_report, reports):
        monkeypatch.setattr(module, "today", lambda: TODAY)
    return seed()


@pytest.fixture
def organizer(client, make_user, data):
    make_user()
    with client.session_transaction() as session:
        session["lang"] = "de"
    login(client)
    return client


@pytest.fixture
def api(client, make_user, data):
    """Calls the organizer API with an API key (as scripts and the council system do)."""
    _record, secret = apikeys.create_api_key(SYSTEM, make_user(email="api@example.org"), name="t")

    def call(method, url, **kwargs):
        from flask import g

        for name in ("_login_user", "api_key"):
            g.pop(name, None)
        return client.open(url, method=method, headers={"Authorization": f"Bearer {secret}"}, **kwargs)
    return call


def _docx(data: bytes) -> str:
    document = DocxDocument(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _odt(data: bytes) -> str:
    return OdfDocument(io.BytesIO(data)).body.text_recursive


def _pdf(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


READ = {"docx": _docx, "odt": _odt, "pdf": _pdf}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    return response


def _numbers(workshop_id: int) -> dict[str, int]:
    return dict(db.session.execute(db.select(Proposal.title, Proposal.number)
                                   .filter_by(workshop_id=workshop_id)).all())


# --- stable proposal numbers -------------------------------------------------------------------

def test_proposals_are_numbered_per_workshop_in_submission_order(data):
    numbers = [n for (n,) in db.session.execute(db.select(Proposal.number).filter_by(
        workshop_id=data.workshop_id).order_by(Proposal.id))]
    assert numbers == list(range(1, len(numbers) + 1))
    process = db.session.get(Process, data.process_id)
    other, _secret = workshops.create_workshop(SYSTEM, process, title="Zweiter Workshop")
    added = moderation.add(SYSTEM, other.id, title="Erster Vorschlag hier")
    assert added.number == 1  # every workshop counts from #1
    again = moderation.add(SYSTEM, data.workshop_id, title="Nachzügler")
    assert again.number == len(numbers) + 1


def test_a_number_is_never_given_twice(data):
    first = db.session.scalar(db.select(Proposal).filter_by(workshop_id=data.workshop_id, number=1))
    with pytest.raises(IntegrityError), tx.write():
        db.session.add(Proposal(workshop_id=data.workshop_id, number=first.number, title="Doppelt",
                                state="published"))
    db.session.rollback()


def test_archive_round_trip_keeps_numbers_and_basis_round(data, tmp_path):
    goal = db.session.scalar(db.select(Goal).filter_by(process_id=data.process_id).order_by(Goal.id))
    plan.update_goal(SYSTEM, goal, basis_round=data.round_id)
    with tx.write():  # a gap, as cited in a council paper: #42 must stay #42, not become #10
        last = db.session.scalar(db.select(Proposal).filter_by(workshop_id=data.workshop_id)
                                 .order_by(Proposal.number.desc()))
        last.number = 42
    before = _numbers(data.workshop_id)
    assert 42 in before.values()
    raw = archive.archive_bytes(db.session.get(Process, data.process_id))
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", tmp_path / "other-instance")
    with other.test_request_context():
        db.create_all()
        # Ids there differ from here (another proposal first), numbers must not.
        copy = archive.import_archive(SYSTEM, raw)
        workshop = copy.workshops[0]
        after = _numbers(workshop.id)
        imported_goal = min(copy.goals, key=lambda g: g.position)
        basis = imported_goal.basis_round
        assert basis is not None and basis.workshop_id == workshop.id and basis.title
        db.session.remove()
        db.engine.dispose()
    assert after == before


# --- the workshop's participation record ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_workshop_document_is_a_participation_record(organizer, data, fmt):
    text = READ[fmt](_get(organizer, f"/organize/workshops/{data.code}/export/{fmt}").data)
    for expected in ("Dokumentation der Beteiligung", "Anlass und Ziel",
                     "5 Punkte je Person, höchstens 3 je Vorschlag", "Lesehilfe", "Kernergebnisse",
                     "davon Smartphone", "Eingereicht"):
        assert expected in text, expected
    assert not RAW.search(text), RAW.search(text)
    assert all(int(rate) <= 100 for rate in re.findall(r"(\d+) %", text))


def test_agenda_and_moderation_come_from_the_record_of_the_room(organizer, data, make_user):
    moderator = make_user(email="moderation@example.org")
    moderator.name = "Anna Moderatorin"
    db.session.commit()
    actor = Actor(label=moderator.email, user=moderator)
    process = db.session.get(Process, data.process_id)
    room.change_phase(actor, data.workshop_id, "collect",
                      field_id=process.fields[1].id)
    room.change_phase(actor, data.workshop_id, "vote")
    text = _docx(_get(organizer, f"/organize/workshops/{data.code}/export/docx").data)
    assert "Ablauf" in text and "Vorschläge sammeln" in text and "Abstimmen" in text
    assert "Familie und Arbeitswelt, Betreuung" in text.split("Ablauf", 1)[1]
    assert "Moderation: Anna Moderatorin" in text and "moderation@example.org" not in text
    assert "Sprachen: Deutsch, Englisch, Ukrainisch, Arabisch" in text


def test_participants_include_paper_and_voters_never_exceed_them(organizer, data):
    text = _docx(_get(organizer, f"/organize/workshops/{data.code}/export/docx").data)
    document = DocxDocument(io.BytesIO(_get(organizer, f"/organize/workshops/{data.code}/export/docx").data))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Gruppe")
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Zivilgesellschaft"][:4] == ["5", "3", "2", "5"]  # 3 phones + 2 paper ballots
    assert rows["Zivilgesellschaft"][4] == "100 %"
    assert "Handlungsfeld" in text


def test_csv_of_a_workshop_that_only_collected_ideas_lists_its_proposals(organizer, data):
    process = db.session.get(Process, data.process_id)
    ideas, _secret = workshops.create_workshop(SYSTEM, process, title="Ideensammlung")
    with tx.write():  # numbered on insert, in the order added
        db.session.add_all([Proposal(workshop_id=ideas.id, title=title, state="published")
                            for title in ("Bänke am Fluss", "Längere Öffnungszeiten")])
    text = _get(organizer, f"/organize/workshops/{ideas.join_code}/export/csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[:2] for r in rows[1:]] == [["1", "Bänke am Fluss"], ["2", "Längere Öffnungszeiten"]]


# --- the action plan -------------------------------------------------------------------------------

def test_plan_is_printed_in_plan_order_with_the_chosen_basis_round(organizer, data):
    process = db.session.get(Process, data.process_id)
    first_field = process.fields[0]
    late = plan.adopt_goal(SYSTEM, process, title="Steuerungsgruppe einrichten", field_id=first_field.id)
    goal = db.session.scalar(db.select(Goal).filter_by(process_id=data.process_id).order_by(Goal.id))
    plan.update_goal(SYSTEM, goal, basis_round=data.round_id)
    text = _docx(_get(organizer, f"/organize/processes/{data.process_id}/export/docx").data)
    assert text.index("Ziel 1: Steuerungsgruppe einrichten") < text.index("Ziel 2: ")
    assert late.title in text and "Zielvereinbarung" in text and "Entwurf Zielvereinbarung" not in text
    basis = next(line for line in text.splitlines() if line.startswith("Grundlage: Runde"))
    assert "5 Punkte je Person, höchstens 3 je Vorschlag" in basis and "Klebepunkte von" in basis
    assert "#1" in basis and "Pkt." not in basis
    assert not RAW.search(text)


def test_basis_round_by_api_and_the_draft_title(api, data):
    goal = db.session.scalar(db.select(Goal).filter_by(process_id=data.process_id).order_by(Goal.id))
    response = api("PATCH", f"/api/v1/goals/{goal.id}", json={"basis_round": data.round_id})
    assert response.status_code == 200, response.text
    assert response.json["basis_round"] == data.round_id and response.json["proposal_numbers"] == [1, 2]
    response = api("PATCH", f"/api/v1/goals/{goal.id}", json={"basis_round": 987654})
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid_choice"
    assert api("PATCH", f"/api/v1/processes/{data.process_id}", json={"council_decision": None}).status_code == 200
    text = _pdf(api("GET", f"/api/v1/processes/{data.process_id}/export/pdf?lang=de").data)
    assert "Entwurf Zielvereinbarung" in text


# --- the annual report ---------------------------------------------------------------------------

def _report_history(data):
    """The first measure: in progress since 01.06.2026, a note in July, due 31.10.2026 (overdue on
    the machine's "today" in December 2026; the tests' year is the current one)."""
    measure = db.session.scalar(db.select(Measure).join(Goal).filter(Goal.process_id == data.process_id)
                                .order_by(Measure.id))
    plan.update_measure(SYSTEM, measure, status="in_progress", note="Auftrag erteilt",
                        note_date=date(YEAR, 6, 1), deadline=date(YEAR, 10, 31))
    plan.add_note(SYSTEM, db.session.get(Measure, measure.id), text="Bedarf erhoben", note_date=date(YEAR, 7, 3))
    return measure


@pytest.mark.parametrize("fmt", ["pdf", "docx", "odt"])
def test_annual_report_by_api(organizer, data, fmt):
    _report_history(data)
    response = _get(organizer, f"/api/v1/processes/{data.process_id}/report/{fmt}?year={YEAR}")
    assert str(YEAR) in response.headers["Content-Disposition"]
    text = READ[fmt](response.data)
    for expected in (f"Sachstandsbericht {YEAR}", f"01.01.{YEAR} –", "Stand der Maßnahmen",
                     "Veränderungen seit dem letzten Bericht", "geplant → in Umsetzung", "Auftrag erteilt",
                     "Bedarf erhoben", "Überfällige Maßnahmen", "Herkunft der Ziele", "Auftaktworkshop"):
        assert expected in text, expected
    assert not RAW.search(text)


def test_annual_report_flags_overdue_and_reads_the_past(organizer, data):
    _report_history(data)  # deadline 31.03.2027, in progress since 01.02.2027
    text = _docx(_get(organizer, f"/api/v1/processes/{data.process_id}/report/docx?year={YEAR}").data)
    overdue = text[text.index("Überfällige Maßnahmen"):text.index("Veränderungen seit")]
    assert "Keine Maßnahme ist überfällig" not in overdue
    earlier = _docx(_get(organizer, f"/api/v1/processes/{data.process_id}/report/docx?year={YEAR - 1}").data)
    assert "Im Berichtszeitraum hat sich kein Status geändert." in earlier
    assert "0 in Umsetzung" in earlier  # at the end of last year the measure was still planned
    assert "1 in Umsetzung" in text


def test_annual_report_refuses_bad_years_and_formats(organizer, data):
    response = organizer.get(f"/api/v1/processes/{data.process_id}/report/pdf?year=1999")
    assert response.status_code == 422 and response.json["error"]["code"] == "invalid_year"
    assert organizer.get(f"/api/v1/processes/{data.process_id}/report/xlsx").status_code == 404
    spec = _get(organizer, "/api/v1/openapi.json").json
    assert "/api/v1/processes/{id}/report/{format}" in spec["paths"]


def test_annual_report_page_prints_without_controls_and_links_the_documents(organizer, data):
    _report_history(data)
    page = _get(organizer, f"/organize/processes/{data.process_id}/report?year={YEAR}")
    assert 'media="print"' in page.text and "css/print.css" in page.text
    for fmt in ("pdf", "docx", "odt"):
        assert f"/organize/processes/{data.process_id}/report/{fmt}?year={YEAR}" in page.text
    assert not RAW.search(re.sub(r"<[^>]*>", " ", page.text.split("<main", 1)[1]))
    download = _get(organizer, f"/organize/processes/{data.process_id}/report/pdf?year={YEAR}")
    assert download.mimetype == "application/pdf"
    audit = _get(organizer, "/organize/audit")
    body = re.sub(r"<[^>]*>", " ", audit.text.split("<main", 1)[1])  # what a reader sees
    assert "process.create" not in body and "goal.create" not in body


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_spreadsheets_speak_words_too(organizer, data, fmt):
    import zipfile

    from openpyxl import load_workbook

    _report_history(data)
    for url in (f"/organize/workshops/{data.code}/export/{fmt}",
                f"/organize/processes/{data.process_id}/export/{fmt}"):
        raw = _get(organizer, url).data
        if fmt == "xlsx":
            book = load_workbook(io.BytesIO(raw))
            text = "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                             if c.value is not None)
        elif fmt == "ods":
            text = re.sub(r"<[^>]*>", " ", zipfile.ZipFile(io.BytesIO(raw)).read("content.xml").decode())
        else:
            text = raw.decode("utf-8-sig")
        assert not RAW.search(text), (url, RAW.search(text))
        if url.endswith(f"/processes/{data.process_id}/export/{fmt}"):
            assert "geplant → in Umsetzung" in text
