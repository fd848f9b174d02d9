"""Read models: the full state an audience needs, sent on (re)connect and by GET …/state.

Everything here is rebuilt from the database, so any process can serve any client.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import or_

from ..domain.ballots import remaining_budget
from ..domain.phases import ProposalState, RoundState
from ..extensions import db
from ..models import Ballot, Participant, Proposal, VotingRound, Workshop
from . import results


def current_round(workshop: Workshop) -> VotingRound | None:
    """The open round, else the most recently closed one (so phones can show its outcome)."""
    rounds = db.session.scalars(
        db.select(VotingRound).filter_by(workshop_id=workshop.id)
        .where(VotingRound.state != RoundState.DRAFT.value)
        .order_by(VotingRound.opened_at.desc(), VotingRound.id.desc())).all()
    for round_ in rounds:
        if round_.is_open:
            return round_
    return rounds[0] if rounds else None


def workshop_facts(workshop: Workshop) -> dict[str, Any]:
    return {
        "code": workshop.join_code, "title": workshop.title, "state": workshop.state,
        "venue": workshop.venue, "date": workshop.date.isoformat() if workshop.date else None,
        "join_mode": workshop.join_mode, "languages": workshop.language_list,
        "premoderation": workshop.premoderation, "process": workshop.process_id,
        "timer_ends_at": workshop.timer_ends_at.isoformat() if workshop.timer_ends_at else None,
    }


def groups_payload(workshop: Workshop) -> list[dict[str, Any]]:
    return [{"key": g.key, "name": g.name, "colour": g.colour_index} for g in workshop.groups]


def fields_payload(workshop: Workshop) -> list[dict[str, Any]]:
    return [{"id": f.id, "name": f.name, "colour": f.colour} for f in workshop.process.fields]


def proposal_payload(proposal: Proposal, *, own: bool = False) -> dict[str, Any]:
    data = {"id": proposal.id, "title": proposal.title, "field": proposal.field_id,
            "state": proposal.state}
    if own:
        data.update(body=proposal.body, own=True)
    return data


def participant_proposals(workshop: Workshop, participant: Participant | None) -> list[Proposal]:
    query = db.select(Proposal).filter_by(workshop_id=workshop.id)
    visible = Proposal.state == ProposalState.PUBLISHED.value
    if participant is not None:
        visible = or_(visible, Proposal.participant_id == participant.id)
    return list(db.session.scalars(query.where(visible).order_by(Proposal.id)))


def ballot_of(round_: VotingRound, participant: Participant | None) -> dict[int, int]:
    if participant is None:
        return {}
    ballot = db.session.scalar(
        db.select(Ballot).filter_by(round_id=round_.id, participant_id=participant.id))
    return ballot.as_mapping() if ballot else {}


def round_payload(round_: VotingRound, participant: Participant | None) -> dict[str, Any]:
    votes = ballot_of(round_, participant)
    return {
        **results.round_summary(round_),
        "proposals": [p.id for p in results.round_proposals(round_)],
        "ballot": {"votes": {str(k): v for k, v in votes.items()}},
        "remaining": remaining_budget(round_.rules, votes),
        "results_visible": results.visible_to_participants(round_),
    }


def participant_state(workshop: Workshop, participant: Participant | None) -> dict[str, Any]:
    own_id = participant.id if participant else None
    round_ = current_round(workshop)
    return {
        "workshop": workshop_facts(workshop),
        "phase": workshop.phase,
        "field": workshop.focus_field_id,
        "groups": groups_payload(workshop),
        "fields": fields_payload(workshop),
        "participant": None if participant is None else {
            "id": participant.id, "group": participant.group.key, "name": participant.display_name},
        "proposals": [proposal_payload(p, own=p.participant_id == own_id and own_id is not None)
                      for p in participant_proposals(workshop, participant)],
        "round": round_payload(round_, participant) if round_ else None,
        "version": workshop.version,
    }
