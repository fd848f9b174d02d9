"""What one workshop contributes to the export documents, read from the database once.

Participation has one definition (``exports.document``): a group's *participants* joined on a
phone or voted on paper; its *voters* are the most who cast a ballot in one round (paper ballots
included). Paper voters of a group are the most paper ballots it handed in for one round.
"""
from __future__ import annotations

from ...domain.ballots import Method
from ...domain.feasibility import RoundPurpose
from ...domain.phases import Phase
from ...domain.results_explained import explain_places
from ...exports import document as doc
from ...extensions import db
from ...models import AuditEvent, Participant, Proposal, User, VotingRound, Workshop
from .. import feasibility
from . import results

#: Audit actions of the people who ran the room (their names go into the report's facts).
_MODERATING = ("workshop.phase", "round.", "proposal.", "workshop.timer", "workshop.spotlight")


class WorkshopData:
    """Everything one workshop contributes, loaded once: groups, rounds with their results."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.fields = {f.id: f.name for f in workshop.process.fields}
        self.proposals = {pid: (number, field_id) for pid, number, field_id in db.session.execute(
            db.select(Proposal.id, Proposal.number, Proposal.field_id)
            .where(Proposal.workshop_id == workshop.id))}
        self.rounds = [(r, results.compute(r)) for r in db.session.scalars(
            db.select(VotingRound).filter_by(workshop_id=workshop.id).order_by(VotingRound.id))]
        self.round_numbers = {r.id: n for n, (r, _result) in enumerate(self.rounds, start=1)}
        self.groups = self._groups()

    def number(self, proposal_id: int) -> int | None:
        return self.proposals.get(proposal_id, (None, None))[0]

    def _groups(self) -> tuple[doc.Group, ...]:
        joined = dict(db.session.execute(
            db.select(Participant.group_id, db.func.count(Participant.id))
            .where(Participant.workshop_id == self.workshop.id, Participant.removed_at.is_(None))
            .group_by(Participant.group_id)).all())  # a removed participant (stuffer) joined nothing
        voters: dict[str, int] = {}
        phone_voters: dict[str, int] = {}
        paper: dict[str, int] = {}
        for _round, result in self.rounds:
            for key, totals in result.groups.items():
                voters[key] = max(voters.get(key, 0), totals.voters)
                phone_voters[key] = max(phone_voters.get(key, 0), totals.voters - totals.paper_voters)
                paper[key] = max(paper.get(key, 0), totals.paper_voters)
        groups = []
        for g in self.workshop.groups:
            # Ballots outlive an anonymisation (and a removal); never report fewer on phones
            # than voted on phones.
            phone = max(joined.get(g.id, 0), phone_voters.get(g.key, 0))
            on_paper = paper.get(g.key, 0)
            groups.append(doc.Group(key=g.key, name=g.name, participants=phone + on_paper,
                                    voters=voters.get(g.key, 0), paper_ballots=on_paper))
        return tuple(groups)

    def round_docs(self, with_results: bool = True) -> tuple[doc.Round, ...]:
        return tuple(self._round(r, result if with_results else None) for r, result in self.rounds)

    def _round(self, round_: VotingRound, result) -> doc.Round:
        rows: tuple[doc.ResultRow, ...] = ()
        voters: dict[str, int] = {}
        paper: dict[str, int] = {}
        if result is not None:
            voters = {k: t.voters for k, t in result.groups.items()}
            paper = {k: t.paper_voters for k, t in result.groups.items() if t.paper_voters}
            ranking = round_.method == Method.RANKING
            counts = results.rating_counts(round_) if ranking else {}
            rows = tuple(self._row(r, counts.get(r.proposal_id, {}) if ranking else None,
                                   round_.budget or 0) for r in result.results)
        return doc.Round(
            id=round_.id, title=round_.title, method=doc.VotingMethod(round_.method),
            state=doc.RoundState(round_.state), budget=round_.budget,
            max_per_proposal=round_.max_per_proposal, field=self.fields.get(round_.field_id),
            opened_at=round_.opened_at, closed_at=round_.closed_at, voters_by_group=voters,
            results=rows, number=self.round_numbers[round_.id], paper_voters_by_group=paper,
            matrix=feasibility.report_matrix(round_, self.round_numbers)
            if round_.purpose == RoundPurpose.FEASIBILITY and result is not None else None)

    def _row(self, r, places: dict[str, dict[int, int]] | None = None, k: int = 0) -> doc.ResultRow:
        """``places`` (rankings): per group how often each place 1..k was given."""
        yes_no = r.method == Method.YES_NO_ABSTAIN
        number, field_id = self.proposals.get(r.proposal_id, (None, None))
        spread = explain_places(places or {}, list(r.by_group), k) if places is not None else None
        return doc.ResultRow(
            proposal_id=r.proposal_id, title=r.title, points=r.points, voters=r.voters,
            rank=r.rank, balanced_score=r.balanced_score, consensus=r.consensus,
            paper_points=r.paper_points, mean=r.mean,
            by_group={g: doc.GroupTally(s.points, s.voters, s.paper_points,
                                        tuple(spread["groups"][g]) if spread else ())
                      for g, s in r.by_group.items()},
            places=tuple(spread["total"]) if spread else (),
            yes=r.yes if yes_no else None, no=r.no if yes_no else None,
            abstain=r.abstain if yes_no else None, number=number,
            field=self.fields.get(field_id))

    def support(self) -> dict[int, tuple[float, float]]:
        """Per proposal its points and balanced score in the round where it did best."""
        best: dict[int, tuple[float, float]] = {}
        for _round, result in self.rounds:
            for r in result.results:
                if r.proposal_id not in best or r.balanced_score > best[r.proposal_id][1]:
                    best[r.proposal_id] = (r.points, r.balanced_score)
        return best

    def summary(self) -> doc.WorkshopSummary:
        w = self.workshop
        return doc.WorkshopSummary(title=w.title, date=w.date, venue=w.venue, groups=self.groups,
                                   rounds=self.round_docs(with_results=False))

    # --- the record of how the workshop was run -------------------------------------------

    def agenda(self) -> tuple[doc.AgendaItem, ...]:
        """The phases as they were run, from the audit log (consecutive repeats folded)."""
        switches = []
        for at, after in db.session.execute(
                db.select(AuditEvent.created_at, AuditEvent.after)
                .where(AuditEvent.workshop_id == self.workshop.id, AuditEvent.action == "workshop.phase")
                .order_by(AuditEvent.created_at, AuditEvent.id)):
            after = after or {}
            if after.get("phase") in Phase.__members__.values():
                switches.append(doc.AgendaItem(at, after["phase"], self.fields.get(after.get("field"))))
        opened = self.workshop.opened_at
        items: list[doc.AgendaItem] = []
        if opened is not None and not (switches and switches[0].start <= opened):
            items.append(doc.AgendaItem(opened, Phase.LOBBY.value))  # a room opens in the lobby
        for item in switches:
            if not items or (items[-1].phase, items[-1].field) != (item.phase, item.field):
                items.append(item)
        return tuple(items) if len(items) > 1 else ()

    def moderation(self) -> tuple[str, ...]:
        """The names of the staff accounts that ran the room (never their e-mail addresses)."""
        condition = db.or_(*(AuditEvent.action.startswith(prefix) for prefix in _MODERATING))
        names = db.session.scalars(
            db.select(User.name).join(AuditEvent, AuditEvent.actor_user_id == User.id)
            .where(AuditEvent.workshop_id == self.workshop.id, condition)
            .group_by(User.id, User.name).order_by(db.func.min(AuditEvent.created_at)))
        return tuple(name for name in names if name and name.strip())
