"""Export documents built from the database: a workshop's results and a process's action plan.

The writers (``workshop_app.exports``) only read plain dataclasses; this module is the one place
that turns rows into them, so every format shows the same figures.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import current_app

from .. import exports
from ..exports import document as doc
from ..extensions import db
from ..offload import run_blocking
from ..models import Goal, PaperBallots, Participant, Process, Proposal, VotingRound, Workshop
from . import results

NO_FIELD = {"de": "Ohne Handlungsfeld", "en": "Without field of action"}


def _timezone() -> str:
    return current_app.config.get("BABEL_DEFAULT_TIMEZONE") or doc.DEFAULT_TIMEZONE


# --- one workshop ------------------------------------------------------------------------------

class _WorkshopData:
    """Everything one workshop contributes, loaded once: groups, rounds with their results."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.fields = {f.id: f.name for f in workshop.process.fields}
        self.rounds = [(r, results.compute(r)) for r in db.session.scalars(
            db.select(VotingRound).filter_by(workshop_id=workshop.id).order_by(VotingRound.id))]
        self.groups = self._groups()

    def _groups(self) -> tuple[doc.Group, ...]:
        groups = self.workshop.groups
        joined = dict(db.session.execute(
            db.select(Participant.group_id, db.func.count(Participant.id))
            .where(Participant.workshop_id == self.workshop.id, Participant.removed_at.is_(None))
            .group_by(Participant.group_id)).all())  # a removed participant (stuffer) joined nothing
        paper: dict[int, int] = {}
        for row in db.session.scalars(db.select(PaperBallots).join(
                VotingRound, VotingRound.id == PaperBallots.round_id)
                .where(VotingRound.workshop_id == self.workshop.id)):
            paper[row.group_id] = max(paper.get(row.group_id, 0), row.voters)
        # Voters are counted per round (ballots lose their person when anonymised); a group's
        # voters in the workshop are those of its best-attended round.
        voters: dict[str, int] = {}
        for _round, result in self.rounds:
            for key, totals in result.groups.items():
                voters[key] = max(voters.get(key, 0), totals.voters)
        return tuple(doc.Group(key=g.key, name=g.name, participants=joined.get(g.id, 0),
                               voters=voters.get(g.key, 0), paper_ballots=paper.get(g.id, 0))
                     for g in groups)

    def round_docs(self, with_results: bool = True) -> tuple[doc.Round, ...]:
        return tuple(self._round(r, result if with_results else None) for r, result in self.rounds)

    def _round(self, round_: VotingRound, result) -> doc.Round:
        rows: tuple[doc.ResultRow, ...] = ()
        voters: dict[str, int] = {}
        if result is not None:
            voters = {k: t.voters for k, t in result.groups.items()}
            rows = tuple(self._row(r) for r in result.results)
        return doc.Round(
            id=round_.id, title=round_.title, method=doc.VotingMethod(round_.method),
            state=doc.RoundState(round_.state), budget=round_.budget,
            max_per_proposal=round_.max_per_proposal, field=self.fields.get(round_.field_id),
            opened_at=round_.opened_at, closed_at=round_.closed_at, voters_by_group=voters,
            results=rows)

    @staticmethod
    def _row(r) -> doc.ResultRow:
        yes_no = r.method.value == "yes_no_abstain"
        return doc.ResultRow(
            proposal_id=r.proposal_id, title=r.title, points=r.points, voters=r.voters,
            rank=r.rank, balanced_score=r.balanced_score, consensus=r.consensus,
            paper_points=r.paper_points, mean=r.mean,
            by_group={k: doc.GroupTally(s.points, s.voters, s.paper_points)
                      for k, s in r.by_group.items()},
            yes=r.yes if yes_no else None, no=r.no if yes_no else None,
            abstain=r.abstain if yes_no else None)

    def support(self) -> dict[int, tuple[float, float]]:
        """Per proposal its points and balanced score in the round where it did best."""
        best: dict[int, tuple[float, float]] = {}
        for _round, result in self.rounds:
            for r in result.results:
                if r.proposal_id not in best or r.balanced_score > best[r.proposal_id][1]:
                    best[r.proposal_id] = (r.points, r.balanced_score)
        return best


def workshop_report(workshop: Workshop) -> doc.WorkshopReport:
    data = _WorkshopData(workshop)
    process = workshop.process
    meta = doc.WorkshopMeta(
        municipality=process.municipality, process_title=process.title,
        workshop_title=workshop.title, date=workshop.date, venue=workshop.venue,
        join_mode=workshop.join_mode, languages=tuple(workshop.language_list),
        exported_at=datetime.now(timezone.utc), timezone=_timezone())
    proposals = tuple(
        doc.Proposal(id=p.id, title=p.title, body=p.body, field=data.fields.get(p.field_id),
                     state=doc.ProposalState(p.state), author=doc.AuthorKind(p.author_kind),
                     created_at=p.created_at, merged_into=p.merged_into_id)
        for p in db.session.scalars(db.select(Proposal).filter_by(workshop_id=workshop.id)
                                    .order_by(Proposal.id)))
    fields = tuple(doc.FieldOfAction(f.id, f.name, f.description, f.colour) for f in process.fields)
    return doc.WorkshopReport(meta, data.groups, fields, proposals, data.round_docs())


# --- the action plan ---------------------------------------------------------------------------

def action_plan(process: Process, *, language: str = "de") -> doc.ActionPlan:
    workshops = [_WorkshopData(w) for w in sorted(process.workshops, key=lambda w: (w.date or datetime.min.date(), w.id))]
    support: dict[int, tuple[float, float]] = {}
    for data in workshops:
        support.update(data.support())
    meta = doc.PlanMeta(
        municipality=process.municipality, process_title=process.title,
        period_start=process.period_start, period_end=process.period_end,
        council_decision=process.council_decision,
        implementation_deadline=process.implementation_deadline,
        exported_at=datetime.now(timezone.utc), timezone=_timezone())
    summaries = tuple(doc.WorkshopSummary(title=d.workshop.title, date=d.workshop.date,
                                          venue=d.workshop.venue, groups=d.groups,
                                          rounds=d.round_docs(with_results=False))
                      for d in workshops)
    by_field: dict[int | None, list[doc.Goal]] = {}
    for goal in db.session.scalars(db.select(Goal).filter_by(process_id=process.id)
                                   .order_by(Goal.position, Goal.id)):
        by_field.setdefault(goal.field_id, []).append(_goal(goal, support))
    fields = [doc.PlanField(doc.FieldOfAction(f.id, f.name, f.description, f.colour),
                            tuple(by_field.get(f.id, ()))) for f in process.fields]
    if by_field.get(None):
        fields.append(doc.PlanField(doc.FieldOfAction(0, NO_FIELD.get(language, NO_FIELD["de"])),
                                    tuple(by_field[None])))
    return doc.ActionPlan(meta, summaries, tuple(fields))


def _goal(goal: Goal, support: dict[int, tuple[float, float]]) -> doc.Goal:
    linked = tuple(doc.LinkedProposal(p.id, p.title, *support.get(p.id, (None, None)))
                   for p in goal.proposals)
    measures = tuple(
        doc.Measure(id=m.id, title=m.title, responsible=m.responsible,
                    partners=tuple(s.strip() for s in m.partners.split(";") if s.strip()),
                    start=m.start, deadline=m.deadline, indicator=m.indicator,
                    status=doc.MeasureStatus(m.status),
                    notes=tuple(doc.ProgressNote(n.date, _note_text(n)) for n in m.notes))
        for m in goal.measures)
    return doc.Goal(goal.id, goal.title, goal.description, linked, measures)


def _note_text(note) -> str:
    if note.status_after:
        change = f"[{note.status_before or '–'} → {note.status_after}]"
        return f"{change} {note.text}".strip()
    return note.text


# --- rendering ---------------------------------------------------------------------------------

def export_workshop(workshop: Workshop, fmt: str, **options: Any) -> exports.Export:
    """Raises ``exports.UnknownFormat`` for a format the registry does not know."""
    if fmt.lower() not in exports.FORMATS:
        raise exports.UnknownFormat(fmt)
    report = workshop_report(workshop)  # read here, in the request; plain data from here on
    # Rendering (a PDF of a big workshop takes seconds) runs in the thread pool, not on the loop.
    return run_blocking(exports.write, fmt, report, **options)


def export_process(process: Process, fmt: str, **options: Any) -> exports.Export:
    """The action plan; as ``json`` the importable archive of the whole process."""
    key = fmt.lower()
    if key not in exports.FORMATS:
        raise exports.UnknownFormat(fmt)
    if key == "json":
        from .archive import archive_bytes

        return exports.Export(data=archive_bytes(process), mimetype="application/json",
                              extension="json")
    language = options.get("language", "de")
    plan = action_plan(process, language=language)  # read here; rendered off the event loop
    return run_blocking(exports.write, key, plan, **options)




def proposal_support(process: Process) -> dict[int, tuple[float, float]]:
    """Per proposal of the process: points and balanced score in its best round (for adopting)."""
    support: dict[int, tuple[float, float]] = {}
    for workshop in process.workshops:
        support.update(_WorkshopData(workshop).support())
    return support
