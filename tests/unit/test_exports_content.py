"""What the council documents say (issue 15, content): participation report, method rules, key
findings, plan numbering and title, basis line, annual report — read back from the files."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import docx
import pytest
from odfdo import Document as OdfDocument
from pypdf import PdfReader

from testkit.samples import sample_plan, sample_report
from testkit.samples_annual import sample_annual
from workshop_app.exports import UnknownFormat, write
from workshop_app.exports.document import (
    BasisRound,
    Goal,
    Group,
    GroupTally,
    LinkedProposal,
    Measure,
    MeasureStatus,
    PlanField,
    ProgressNote,
    Proposal,
    ProposalState,
    ResultRow,
    Round,
    VotingMethod,
    WorkshopMeta,
    WorkshopReport,
)
from workshop_app.exports.findings import key_findings
from workshop_app.exports.labels import LANGUAGES, get_labels
from workshop_app.exports.layout import layout
from workshop_app.exports.layout_parts import Facts, Heading, Paragraph, TextTable, round_rule
from workshop_app.exports.tables import main_table, sheets

DE = get_labels("de")
#: Codes that must never reach a reader (status values, method keys, audit actions, brackets).
RAW_CODES = re.compile(r"in_progress|yes_no_abstain|group_codes|\bdots\b|\[planned|process\.create"
                       r"|\bround_state\b|measure_status|proposal_state")


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _odt_text(data: bytes) -> str:
    return OdfDocument(io.BytesIO(data)).body.text_recursive


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


READERS = {"docx": _docx_text, "odt": _odt_text, "pdf": _pdf_text}


def _texts(doc) -> list[str]:
    out = []
    for block in layout(doc, DE).blocks:
        if isinstance(block, Heading | Paragraph):
            out.append(block.text)
        elif isinstance(block, Facts):
            out += [f"{label}: {value}" for label, value in block.items]
        elif isinstance(block, TextTable):
            out += [*block.headings, *(cell for row in block.rows for cell in row)]
    return out


# --------------------------------------------------------------------------- workshop report


def test_rule_in_words_for_every_method() -> None:
    dots = Round(1, "q", VotingMethod.DOTS, budget=5, max_per_proposal=3)
    assert round_rule(dots, DE) == "5 Punkte je Person, höchstens 3 je Vorschlag"
    assert round_rule(Round(1, "q", VotingMethod.DOTS), DE) == "5 Punkte je Person, höchstens 5 je Vorschlag"
    assert "beliebig vielen" in round_rule(Round(1, "q", VotingMethod.APPROVAL), DE)
    assert "höchstens 4 Vorschlägen" in round_rule(Round(1, "q", VotingMethod.APPROVAL, budget=4), DE)
    assert "1 (wenig wichtig) bis 5" in round_rule(Round(1, "q", VotingMethod.RATING), DE)
    assert "Ja, Nein oder Enthaltung" in round_rule(Round(1, "q", VotingMethod.YES_NO_ABSTAIN), DE)
    for method in VotingMethod:  # every method has its rule in both languages
        assert f"rule.{method.value}" in LANGUAGES["de"] and f"rule.{method.value}" in LANGUAGES["en"]


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_report_reads_as_a_participation_record(fmt: str) -> None:
    text = READERS[fmt](write(fmt, sample_report()).data)
    for expected in ("Dokumentation der Beteiligung", "Anlass und Ziel", "Beteiligung", "davon Smartphone",
                     "Eingereicht", "zusammengeführt", "5 Punkte je Person, höchstens 2 je Vorschlag",
                     "Lesehilfe", "Kernergebnisse", "Handlungsfeld", "Gesamt"):
        assert expected in text, expected
    assert not RAW_CODES.search(text), RAW_CODES.search(text)
    for rate in re.findall(r"(\d+) %", text):
        assert int(rate) <= 100


def test_participation_is_one_definition_and_never_over_100_percent() -> None:
    report = sample_report()
    table = next(b for b in layout(report, DE).blocks
                 if isinstance(b, TextTable) and b.headings[:2] == ("Gruppe", "Teilnehmende"))
    assert table.headings == ("Gruppe", "Teilnehmende", "davon Smartphone", "davon Papier",
                              "Abstimmende", "Beteiligungsquote")
    for _name, participants, phone, paper, voters, rate in table.rows:
        assert int(phone) + int(paper) == int(participants)
        assert int(voters) <= int(participants)
        assert int(rate.split()[0]) <= 100
    assert table.rows[-1][0] == "Gesamt" and table.rows[-1][1] == str(sum(g.participants for g in report.groups))
    spreadsheet = next(t for t in sheets(report, DE) if t.name == "Beteiligung")
    assert all(row[6] is None or row[6] <= 1 for row in spreadsheet.rows)


def _round_with(rows, voters) -> Round:
    return Round(1, "Was ist wichtig?", VotingMethod.DOTS, budget=5, max_per_proposal=3,
                 voters_by_group=voters, results=tuple(rows))


def _row(rank, pid, field, by_group) -> ResultRow:
    tallies = {k: GroupTally(points, n) for k, (points, n) in by_group.items()}
    return ResultRow(pid, f"Vorschlag {pid}", sum(p for p, _n in by_group.values()), 0, rank,
                     by_group=tallies, balanced_score=1.0 / rank, consensus=0.0, number=pid, field=field)


def test_key_findings_name_top_fields_consensus_and_disagreement() -> None:
    voters = {"politik": 10, "verwaltung": 10, "zivil": 10}
    carried = replace(_row(1, 1, "Betreuung", {"politik": (10, 5), "verwaltung": (9, 5), "zivil": (10, 5)}),
                      consensus=0.9)
    disputed = _row(2, 2, "Wohnen", {"politik": (1, 1), "verwaltung": (2, 1), "zivil": (20, 9)})
    third = _row(3, 3, "Wohnen", {"politik": (3, 2), "verwaltung": (3, 2), "zivil": (3, 2)})
    findings = key_findings(_round_with([carried, disputed, third], voters), ["Wohnen", "Betreuung"])
    assert [r.number for r in findings.top] == [1, 2, 3]
    assert [(name, row.number) for name, row in findings.top_per_field] == [("Wohnen", 2), ("Betreuung", 1)]
    assert [r.number for r in findings.consensus] == [1]  # consensus 0 on the third: not carried
    assert [(d.row.number, d.strong, d.weak) for d in findings.disputed] == [(2, ("zivil",), ("politik",))]
    assert not key_findings(_round_with([], voters))  # nothing voted: no findings


def test_proposals_are_cited_by_their_number_not_their_id() -> None:
    report = WorkshopReport(
        WorkshopMeta("Musterstadt", "Prozess", "Workshop"), (Group("politik", "Politik", 2, 2),),
        proposals=(Proposal(901, "Mehr Grün", number=1), Proposal(907, "Mehr Bänke", number=2),
                   Proposal(913, "Grünflächen", number=3, state=ProposalState.MERGED, merged_into=901)),
        rounds=(Round(55, "q", VotingMethod.DOTS, number=1, voters_by_group={"politik": 2},
                      results=(ResultRow(907, "Mehr Bänke", 4, 2, 1, number=2,
                                         by_group={"politik": GroupTally(4, 2)}, balanced_score=2.0),)),))
    text = "\n".join(_texts(report))
    assert "#2 \u2068Mehr Bänke\u2069" in text and "→ #1" in text and "Runde 1:" in text
    assert "901" not in text and "907" not in text and "913" not in text and "55" not in text
    results = main_table(report, DE)
    assert results.rows[0][0] == 1 and results.rows[0][3] == 2  # round 1, proposal #2


def test_csv_of_a_workshop_that_only_collected_ideas_lists_the_proposals() -> None:
    ideas = replace(sample_report(), rounds=())
    text = write("csv", ideas).data.decode("utf-8-sig")
    assert "Kita-Plätze für Familien" in text and "Sichere Schulwege" in text
    assert text.splitlines()[0].startswith("Nr.;Titel")


# --------------------------------------------------------------------------- action plan


def test_plan_title_follows_the_council_decision() -> None:
    decided = sample_plan()
    draft = replace(decided, meta=replace(decided.meta, council_decision=None))
    assert layout(decided, DE).title.startswith("Zielvereinbarung:")
    assert layout(draft, DE).title.startswith("Entwurf Zielvereinbarung:")
    assert "Entwurf Zielvereinbarung" not in _docx_text(write("docx", decided).data)


def test_goals_are_printed_in_plan_order_and_empty_optional_modules_left_out() -> None:
    plan = sample_plan()
    optional = PlanField(replace(plan.fields[2].field, name="Prävention"), optional_module=True)
    plan = replace(plan, fields=(*plan.fields, optional))
    texts = _texts(plan)
    goals = [t for t in texts if t.startswith("Ziel ")]
    assert [int(t.split()[1].rstrip(":")) for t in goals] == sorted(int(t.split()[1].rstrip(":")) for t in goals)
    assert "Prävention" not in texts
    assert "Senioren und Generationen" in texts  # a required field without goals still says so


def test_basis_line_cites_the_chosen_round_in_its_unit() -> None:
    basis = BasisRound("Welche Ziele?", VotingMethod.DOTS, "Auftaktworkshop", budget=5,
                       max_per_proposal=3, proposals=12, voters=20)
    goal = Goal(7, "Kita-Plätze", number=1, basis=basis,
                proposals=(LinkedProposal(1, "Kita", points=15, balanced_score=0.8, number=4, rank=2),))
    plan = replace(sample_plan(), fields=(PlanField(sample_plan().fields[0].field, (goal,)),))
    line = next(t for t in _texts(plan) if t.startswith("Grundlage"))
    assert "Runde „\u2068Welche Ziele?\u2069“" in line and "5 Punkte je Person, höchstens 3" in line
    assert "#4" in line and "Platz 2" in line and "15 Klebepunkte von 20 Abstimmenden" in line
    assert "Pkt." not in line
    unchosen = replace(goal, basis=None, proposals=(LinkedProposal(1, "Kita", number=4),))
    plan = replace(plan, fields=(PlanField(plan.fields[0].field, (unchosen,)),))
    line = next(t for t in _texts(plan) if t.startswith("Grundlage"))
    assert line == "Grundlage: #4 \u2068Kita\u2069"


def test_measure_shows_progress_latest_note_and_overdue_in_words() -> None:
    note = ProgressNote(date(2027, 2, 1), "Träger gefunden", MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)
    old = ProgressNote(date(2026, 9, 1), "Erster Stand")
    measure = Measure(1, "Bedarfsplanung", "Jugendamt", deadline=date(2027, 1, 31),
                      status=MeasureStatus.IN_PROGRESS, notes=(old, note), progress=40, overdue=True)
    goal = Goal(1, "Kita-Plätze", measures=(measure,), number=1)
    plan = replace(sample_plan(), fields=(PlanField(sample_plan().fields[0].field, (goal,)),))
    table = next(b for b in layout(plan, DE).blocks if isinstance(b, TextTable))
    assert table.headings == ("Maßnahme", "Verantwortlich", "Frist", "Status", "Fortschritt")
    cell, responsible, deadline, status, progress = table.rows[0]
    assert "Letzter Stand 01.02.2027: \u2068geplant → in Umsetzung: Träger gefunden\u2069" in cell
    assert "Erster Stand" not in cell  # the latest note only
    assert (responsible, deadline, status, progress) == ("Jugendamt", "31.01.2027", "in Umsetzung\nüberfällig", "40 %")
    measures_sheet = main_table(plan, DE)
    assert "geplant → in Umsetzung: Träger gefunden" in measures_sheet.rows[0][-2]
    assert not RAW_CODES.search(str(measures_sheet.rows))


# --------------------------------------------------------------------------- annual report


@pytest.mark.parametrize("fmt", ["docx", "odt", "pdf"])
def test_annual_report_is_a_document(fmt: str) -> None:
    text = READERS[fmt](write(fmt, sample_annual()).data)
    for expected in ("Sachstandsbericht 2026", "Berichtszeitraum", "Stand der Maßnahmen",
                     "Überfällige Maßnahmen", "Veränderungen seit dem letzten Bericht",
                     "geplant → in Umsetzung", "Fortschrittsberichte des Jahres", "Alle Maßnahmen",
                     "Herkunft der Ziele", "https://musterstadt.example/beteiligung/familie"):
        assert expected in text, expected
    assert not RAW_CODES.search(text)


def test_annual_report_figures_add_up_and_other_formats_are_refused() -> None:
    report = sample_annual()
    figures = next(b for b in layout(report, DE).blocks if isinstance(b, TextTable))
    total = figures.rows[-1]
    assert total[0] == "Gesamt" and int(total[5]) == len(report.measures)
    assert sum(int(row[5]) for row in figures.rows[:-1]) == int(total[5])
    for fmt in ("csv", "xlsx", "ods"):
        with pytest.raises(UnknownFormat):
            write(fmt, report)


def test_export_wording_is_complete_in_both_languages() -> None:
    assert set(LANGUAGES["de"]) == set(LANGUAGES["en"])
    assert LANGUAGES["de"]["measure_status.done"] == "umgesetzt"  # one word: never "erledigt"
    assert "erledigt" not in "\n".join(LANGUAGES["de"].values())
