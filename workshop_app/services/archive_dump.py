"""Writing the process archive: plain data, every object with its id, ordered by id."""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from ..extensions import db
from ..models import (
    Ballot,
    CouncilPaper,
    Goal,
    PaperBallots,
    PaperVote,
    Participant,
    Process,
    Proposal,
    RoundItem,
    StakeholderGroup,
    Vote,
    VotingRound,
    Workshop,
)
from . import archive_tables, support

FORMAT = "zielwerkstatt-archive"
FORMAT_VERSION = 1


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _t(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def dump_process(process: Process) -> dict[str, Any]:
    workshops = db.session.scalars(db.select(Workshop).filter_by(process_id=process.id)
                                   .order_by(Workshop.id)).all()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": _t(datetime.now(UTC)),
        "process": {
            "id": process.id, "municipality": process.municipality, "title": process.title,
            "template": process.template, "period_start": _d(process.period_start),
            "period_end": _d(process.period_end), "council_decision": _d(process.council_decision),
            "implementation_years": process.implementation_years,
            "accessibility_contact": process.accessibility_contact, "created_at": _t(process.created_at)},
        "fields": [{"id": f.id, "name": f.name, "description": f.description, "colour": f.colour,
                    "position": f.position, "optional_module": f.optional_module}
                   for f in sorted(process.fields, key=lambda f: (f.position, f.id))],
        "workshops": [_workshop(w) for w in workshops],
        "goals": [_goal(g) for g in db.session.scalars(
            db.select(Goal).filter_by(process_id=process.id).order_by(Goal.position, Goal.id))],
        # Last key: a file cut off anywhere lacks it, even if what remains happens to parse.
        "complete": True,
    }


def _workshop(w: Workshop) -> dict[str, Any]:
    supporters = support.supporters_by_proposal(w.id)  # participant ids per proposal
    groups = db.session.scalars(db.select(StakeholderGroup).filter_by(workshop_id=w.id)
                                .order_by(StakeholderGroup.position, StakeholderGroup.id)).all()
    return {
        "id": w.id, "title": w.title, "date": _d(w.date), "venue": w.venue, "join_code": w.join_code,
        "state": w.state, "phase": w.phase, "focus_field": w.focus_field_id, "join_mode": w.join_mode,
        "premoderation": w.premoderation, "languages": w.languages, "screen_theme": w.screen_theme,
        "max_participants": w.max_participants,
        "created_at": _t(w.created_at), "opened_at": _t(w.opened_at), "closed_at": _t(w.closed_at),
        "anonymised_at": _t(w.anonymised_at),
        "groups": [{"id": g.id, "key": g.key, "name": g.name, "position": g.position,
                    "colour_index": g.colour_index, "join_code": g.join_code} for g in groups],
        # Anonymous members only: no display name, no secret, no language.
        "tables": archive_tables.dump(w.id, _t), "table_rotations": w.table_rotations,
        "participants": [{"id": p.id, "group": p.group_id, "created_at": _t(p.created_at),
                          "removed_at": _t(p.removed_at), "table": p.table_id}
                         for p in db.session.scalars(db.select(Participant).filter_by(workshop_id=w.id)
                                                     .order_by(Participant.id))],
        "proposals": [
            {"id": p.id, "number": p.number, "field": p.field_id, "participant": p.participant_id,
             "author_kind": p.author_kind, "title": p.title, "body": p.body, "state": p.state,
             "merged_into": p.merged_into_id, "created_at": _t(p.created_at),
             "published_at": _t(p.published_at), "supporters": supporters.get(p.id, []),
             "table": p.table_id,  # the table it was written at (archive_tables)
             # the measures step (services.measures)
             "kind": p.kind, "parent": p.parent_id, "measures_open": p.measures_open,
             "suggested_responsible": p.suggested_responsible, "suggested_timeframe": p.suggested_timeframe}
            for p in db.session.scalars(db.select(Proposal).filter_by(workshop_id=w.id).order_by(Proposal.id))],
        "rounds": [_round(r) for r in db.session.scalars(
            db.select(VotingRound).filter_by(workshop_id=w.id).order_by(VotingRound.id))],
    }


def _round(r: VotingRound) -> dict[str, Any]:
    votes: dict[int, list[list[int]]] = {}
    for ballot_id, proposal_id, value in db.session.execute(
            db.select(Vote.ballot_id, Vote.proposal_id, Vote.value).filter_by(round_id=r.id)
            .order_by(Vote.ballot_id, Vote.proposal_id)):
        votes.setdefault(ballot_id, []).append([proposal_id, value])
    paper_points: dict[int, list[list[int]]] = {}
    for row in db.session.scalars(db.select(PaperVote).filter_by(round_id=r.id)
                                  .order_by(PaperVote.group_id, PaperVote.proposal_id)):
        paper_points.setdefault(row.group_id, []).append([row.proposal_id, row.points])
    paper_voters = {row.group_id: row.voters for row in db.session.scalars(
        db.select(PaperBallots).filter_by(round_id=r.id))}
    return {
        "id": r.id, "title": r.title, "method": r.method, "budget": r.budget,
        "max_per_proposal": r.max_per_proposal, "field": r.field_id, "state": r.state,
        "live_results": r.live_results, "results_published": r.results_published,
        "item_kind": r.item_kind, "measures_of": r.measures_of_id,
        # priority × feasibility (services.feasibility); named assessor accounts are not archived
        "purpose": r.purpose, "assesses_round": r.assesses_round_id, "assessor_group": r.assessor_group_id,
        "created_at": _t(r.created_at), "opened_at": _t(r.opened_at), "closed_at": _t(r.closed_at),
        "items": list(db.session.scalars(db.select(RoundItem.proposal_id).filter_by(round_id=r.id)
                                         .order_by(RoundItem.position, RoundItem.proposal_id))),
        "ballots": [{"id": b.id, "participant": b.participant_id, "group": b.group_id,
                     "revision": b.revision, "created_at": _t(b.created_at),
                     "updated_at": _t(b.updated_at), "votes": votes.get(b.id, []),
                     "staff": b.user_id is not None}  # an assessor account's; the account stays here
                    for b in db.session.scalars(db.select(Ballot).filter_by(round_id=r.id).order_by(Ballot.id))],
        "paper": [{"group": g, "voters": paper_voters.get(g, 0), "points": paper_points.get(g, [])}
                  for g in sorted(set(paper_voters) | set(paper_points))],
    }


def _goal(g: Goal) -> dict[str, Any]:
    return {
        "id": g.id, "field": g.field_id, "title": g.title, "description": g.description,
        "position": g.position, "created_at": _t(g.created_at),
        "basis_round": g.basis_round_id,
        "proposals": [p.id for p in g.proposals],
        "council_papers": [_paper(p) for p in g.council_papers],
        "measures": [
            {"id": m.id, "title": m.title, "responsible": m.responsible, "partners": m.partners,
             "responsible_email": m.responsible_email,
             "start": _d(m.start), "deadline": _d(m.deadline), "indicator": m.indicator,
             "status": m.status, "progress": m.progress, "position": m.position, "created_at": _t(m.created_at),
             "source_proposal": m.source_proposal_id,
             "council_papers": [_paper(p) for p in m.council_papers],
             "notes": [{"id": n.id, "date": _d(n.date), "text": n.text,
                        "status_before": n.status_before, "status_after": n.status_after,
                        "public": n.public, "created_at": _t(n.created_at)} for n in m.notes]}
            for m in g.measures],
    }


def _paper(p: CouncilPaper) -> dict[str, Any]:
    """A cited council paper: its OParl URL and the facts last fetched (services.council)."""
    return {"url": p.url, "kind": p.kind, "name": p.name, "reference": p.reference,
            "date": _d(p.date), "paper_type": p.paper_type, "web_url": p.web_url,
            "state": p.state, "fetched_at": _t(p.fetched_at)}
