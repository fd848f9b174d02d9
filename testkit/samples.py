"""Realistic sample documents for the writers' tests and the pages in docs/documents/ (test data:
not part of the wheel).

They carry what real workshops bring: umlauts, Arabic and Ukrainian text, emoji, a very
long German compound, paper ballots, a merged proposal and stray control characters.
``hostile=True`` adds texts that try formula injection in spreadsheets.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from workshop_app.exports.document import (
    ActionPlan,
    AuthorKind,
    FieldOfAction,
    Goal,
    Group,
    GroupTally,
    LinkedProposal,
    Measure,
    MeasureStatus,
    PlanField,
    PlanMeta,
    ProgressNote,
    Proposal,
    ProposalState,
    ResultRow,
    Round,
    VotingMethod,
    WorkshopMeta,
    WorkshopReport,
    WorkshopSummary,
)

__all__ = ["FORMULA_CORPUS", "LONG_WORD", "sample_plan", "sample_report"]

LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenverleihungszeremonie"
FORMULA_CORPUS = (
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=HYPERLINK("http://x","y")',
)

FIELDS = (
    FieldOfAction(1, "Steuerung, Vernetzung und Nachhaltigkeit", "Wer steuert den Prozess?", "#0072B2"),
    FieldOfAction(2, "Familie und Arbeitswelt, Betreuung", "Vereinbarkeit und Kinderbetreuung", "#E69F00"),
    FieldOfAction(3, "Bildung und Erziehung", "", "#009E73"),
    FieldOfAction(4, "Beratung und Unterstützung", "", "#CC79A7"),
    FieldOfAction(5, "Wohnumfeld und Lebensqualität", "Spielplätze, Wege, Treffpunkte", "#56B4E9"),
    FieldOfAction(6, "Senioren und Generationen", "", "#D55E00"),
)
GROUPS = (
    Group("politik", "Politik", participants=12, voters=10),
    Group("verwaltung", "Verwaltung", participants=9, voters=9),
    Group("zivil", "Zivilgesellschaft", participants=18, voters=16, paper_ballots=3),
)
_BETREUUNG, _WOHNUMFELD, _SENIOREN = FIELDS[1].name, FIELDS[4].name, FIELDS[5].name
_AT = datetime(2026, 3, 14, 17, 5, tzinfo=UTC)


def _proposals(hostile: bool) -> tuple[Proposal, ...]:
    items = [
        Proposal(1, "Kita-Plätze für Familien", "Mehr Plätze für unter Dreijährige – auch früh "
                 "morgens und abends.", _BETREUUNG, created_at=_AT),
        Proposal(2, "رياض أطفال أكثر", "نحتاج إلى أماكن أكثر في رياض الأطفال", _BETREUUNG, created_at=_AT),
        Proposal(3, "Більше місць у дитсадках", "Батьки чекають на місце понад рік.", _BETREUUNG),
        Proposal(4, "Sichere Schulwege 🚸🚲", "Tempo 30 vor allen Schulen 😀", _WOHNUMFELD),
        Proposal(5, LONG_WORD, "", _WOHNUMFELD),
        Proposal(6, "Seniorentreff im Quartier", "", _SENIOREN, author=AuthorKind.PAPER),
        Proposal(7, "Mehr Krippenplätze", "", _BETREUUNG, ProposalState.MERGED, merged_into=1),
        Proposal(8, "Spielplatz\x00 am\x07 Bach\x1f", "Zeile 1\x0bZeile 2\ufffe", None,
                 author=AuthorKind.MODERATOR),
    ]  # fmt: skip
    if hostile:
        items += [Proposal(100 + i, text, text, _WOHNUMFELD) for i, text in enumerate(FORMULA_CORPUS)]
    return tuple(items)


def _row(
    rank: int, proposal: Proposal, votes: dict[str, tuple[int, int, int]], voters: dict[str, int]
) -> ResultRow:
    """A result row whose balanced score and consensus follow the design's definitions."""
    by_group = {key: GroupTally(points, n, paper) for key, (points, n, paper) in votes.items()}
    averages = [by_group[k].points / voters[k] if k in by_group else 0.0 for k in voters if voters[k]]
    return ResultRow(
        proposal_id=proposal.id,
        title=proposal.title,
        points=sum(t.points for t in by_group.values()),
        voters=sum(t.voters for t in by_group.values()),
        rank=rank,
        by_group=by_group,
        balanced_score=sum(averages) / len(averages),
        consensus=min(averages) / max(averages) if max(averages) else 0.0,
        paper_points=sum(t.paper_points for t in by_group.values()),
        field=proposal.field,
    )


def _rounds(proposals: tuple[Proposal, ...]) -> tuple[Round, ...]:
    voters = {"politik": 10, "verwaltung": 9, "zivil": 16}
    published = [p for p in proposals if p.state == ProposalState.PUBLISHED]
    rows = []
    for i, p in enumerate(published):
        weight = len(published) - i
        votes = {"politik": (weight * 2, weight, 0), "verwaltung": (weight, weight, 0)}
        votes["zivil"] = (weight * 3, weight + 2, 2 if i == 0 else 0)
        rows.append(_row(i + 1, p, votes, voters))
    dots = Round(1, "Welche Ziele sind Ihnen am wichtigsten?", VotingMethod.DOTS, budget=5,
                 max_per_proposal=2, opened_at=_AT, closed_at=_AT.replace(minute=25),
                 voters_by_group=voters, results=tuple(rows))  # fmt: skip
    rating_row = ResultRow(4, "Sichere Schulwege 🚸🚲", 52, 14, 1, mean=3.7142857, field=_WOHNUMFELD)
    rating = Round(2, "Wie dringend ist das?", VotingMethod.RATING, field=_WOHNUMFELD,
                   voters_by_group={"zivil": 14}, results=(rating_row,))  # fmt: skip
    motion_row = ResultRow(1, "Kita-Plätze für Familien", 20, 26, 1, yes=20, no=4, abstain=2,
                           field=_BETREUUNG)
    motion = Round(3, "Soll der Entwurf so in den Rat?", VotingMethod.YES_NO_ABSTAIN,
                   voters_by_group={"politik": 10, "verwaltung": 9, "zivil": 7},
                   results=(motion_row,))  # fmt: skip
    return dots, rating, motion


def sample_report(*, hostile: bool = False) -> WorkshopReport:
    proposals = _proposals(hostile)
    meta = WorkshopMeta(
        municipality="Musterstadt an der Öhre",
        process_title="Familiengerechte Kommune 2026–2029",
        workshop_title="Auftaktworkshop",
        date=date(2026, 3, 14),
        venue="Rathaus, Großer Saal",
        join_mode="group_codes",
        languages=("de", "en", "uk", "ar"),
        exported_at=datetime(2026, 3, 14, 18, 0, tzinfo=UTC),
    )
    return WorkshopReport(meta, GROUPS, FIELDS, proposals, _rounds(proposals))


def _goals(hostile: bool) -> tuple[PlanField, ...]:
    kita = Goal(
        1,
        "Kita-Plätze für Familien",
        "Bis 2029 hat jedes Kind ab einem Jahr einen Platz.",
        proposals=(LinkedProposal(1, "Kita-Plätze für Familien", 42, 2.35),
                   LinkedProposal(2, "رياض أطفال أكثر", 18, 1.1)),
        measures=(
            Measure(1, "Bedarfsplanung Kindertagesbetreuung", "Jugendamt", ("Kita-Träger", "Elternbeirat"),
                    date(2026, 6, 1), date(2027, 3, 31), "Anzahl U3-Plätze", MeasureStatus.IN_PROGRESS,
                    (ProgressNote(date(2026, 9, 1), "Bedarfserhebung abgeschlossen ✅"),)),
            Measure(2, "ترجمة معلومات الرعاية إلى العربية", "Integrationsbüro", deadline=date(2026, 12, 31)),
            Measure(3, "Більше місць у дитсадках", "Fachbereich\x00 Bildung", status=MeasureStatus.DONE),
        ),
    )  # fmt: skip
    wege = Goal(2, "Sichere Schulwege 🚸", proposals=(LinkedProposal(4, "Sichere Schulwege 🚸🚲"),))
    goals_wohnumfeld = [wege, Goal(3, LONG_WORD, measures=(Measure(4, LONG_WORD, LONG_WORD),))]
    if hostile:
        goals_wohnumfeld.append(
            Goal(10, FORMULA_CORPUS[0], FORMULA_CORPUS[1], measures=tuple(
                Measure(100 + i, text, text, (text,), indicator=text,
                        notes=(ProgressNote(date(2026, 1, 1), text),))
                for i, text in enumerate(FORMULA_CORPUS)))
        )  # fmt: skip
    return (
        PlanField(FIELDS[1], (kita,)),
        PlanField(FIELDS[4], tuple(goals_wohnumfeld)),
        PlanField(FIELDS[5]),
    )


def sample_plan(*, hostile: bool = False) -> ActionPlan:
    meta = PlanMeta(
        municipality="Musterstadt an der Öhre",
        process_title="Familiengerechte Kommune 2026–2029",
        period_start=date(2026, 1, 1),
        period_end=date(2029, 12, 31),
        council_decision=date(2026, 5, 20),
        implementation_deadline=date(2029, 5, 20),
        exported_at=datetime(2026, 5, 1, 9, 30, tzinfo=UTC),
    )
    report = sample_report()
    workshop = WorkshopSummary(
        "Auftaktworkshop", date(2026, 3, 14), "Rathaus, Großer Saal", GROUPS,
        tuple(Round(r.id, r.title, r.method, r.state, r.budget, r.max_per_proposal, r.field)
              for r in report.rounds),
    )  # fmt: skip
    return ActionPlan(meta, (workshop,), _goals(hostile))
