"""What the moderator console needs: everything the screen shows plus moderation state."""
from __future__ import annotations

from typing import Any

from ..domain.console_flow import next_step
from ..extensions import db
from ..models import Proposal, VotingRound, Workshop
from . import duplicates, measures, results, screen, snapshots, support, table_seats


def moderator_state(workshop: Workshop) -> dict[str, Any]:
    """The moderator snapshot (pushed on connect; the console's JSON state after a version gap
    or an action): the room, every proposal with its pending edit and likely duplicates, every
    round (newest first) and the current round's tally as the console draws it."""
    state = screen.room_state(workshop)
    everything = db.session.scalars(
        db.select(Proposal).filter_by(workshop_id=workshop.id).order_by(Proposal.id))
    found = duplicates.duplicate_map(workshop.id)
    supporters = support.counts(workshop.id)
    state["proposals"] = [snapshots.staff_proposal_payload(p, found.get(p.id, []), supporters.get(p.id, 0))
                          for p in everything]
    rounds = db.session.scalars(db.select(VotingRound).filter_by(workshop_id=workshop.id)
                                .order_by(VotingRound.id.desc()))
    state["rounds"] = [results.round_summary(r) for r in rounds]
    state["results"] = screen.drawn_tally(state["round"]["id"]) if state["round"] else None
    state["workshop"]["close_shows_results"] = workshop.close_shows_results
    state["measures"] = measures.room_measures(workshop)  # the goals open for measures
    state.update(table_seats.console_tables(workshop))  # tables and who sits where
    return state


def _next(workshop: Workshop, rounds: list[VotingRound], current: VotingRound | None):
    open_round = next((r for r in rounds if r.is_open), None)
    draft = next((r for r in reversed(rounds) if r.state == "draft"), None)
    return next_step(
        workshop_open=workshop.state == "open", phase=workshop.phase,
        spotlight=workshop.spotlight_proposal_id is not None,
        open_round=open_round.id if open_round else None, draft_round=draft.id if draft else None,
        current_round=current.id if current else None,
        current_closed=current is not None and current.state == "closed",
        current_published=current is not None and current.results_published)


def console_view(workshop: Workshop) -> dict[str, Any]:
    """The console page's view model: the room, the proposals by state, the rounds, results,
    the next step and likely duplicates."""
    from ..domain.phases import PHASE_ORDER, next_phase
    from . import agenda, presence

    proposals = db.session.scalars(
        db.select(Proposal).filter_by(workshop_id=workshop.id).order_by(Proposal.id)).all()
    by_state: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        by_state.setdefault(proposal.state, []).append(proposal)
    rounds = db.session.scalars(db.select(VotingRound).filter_by(workshop_id=workshop.id)
                                .order_by(VotingRound.id.desc())).all()
    current = snapshots.current_round(workshop)
    groups = list(workshop.groups)
    following = next_phase(workshop.phase)
    return {
        "workshop": workshop, "groups": groups, "fields": list(workshop.process.fields),
        "phases": [p.value for p in PHASE_ORDER],
        "next_phase": following.value if following else None,
        "proposals": by_state, "titles": {p.id: p.title for p in proposals},
        "supporters": support.counts(workshop.id),
        **table_seats.console_tables(workshop),
        "similar": duplicates.duplicate_map(workshop.id),
        "rounds": rounds, "current_round": current,
        "open_round": next((r for r in rounds if r.is_open), None),
        "draft_round": next((r for r in reversed(rounds) if r.state == "draft"), None),
        "next": _next(workshop, rounds, current),
        "results": screen.result_rows(current, groups) if current is not None and current.items else None,
        "presence": presence.summary(workshop),
        "measure_step": measures.console_step(workshop),
        "agenda": agenda.agenda_of(workshop),
        "recent_joins": presence.recent_joins(workshop),
        "timer_seconds": screen.timer_remaining(workshop),
    }
