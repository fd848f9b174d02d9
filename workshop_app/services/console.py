"""What the moderator console needs: everything the screen shows plus moderation state."""
from __future__ import annotations

from typing import Any

from ..extensions import db
from ..models import Proposal, Workshop
from . import results, screen, snapshots


def moderator_state(workshop: Workshop) -> dict[str, Any]:
    """The moderator snapshot (pushed on connect; the console's JSON state after a version gap
    or an action): the room, every proposal with its pending edit, every round (newest first)
    and the current round's tally as the console draws it."""
    from ..models import VotingRound

    state = screen.room_state(workshop)
    everything = db.session.scalars(
        db.select(Proposal).filter_by(workshop_id=workshop.id).order_by(Proposal.id))
    state["proposals"] = [snapshots.staff_proposal_payload(p) for p in everything]  # + pending edits
    rounds = db.session.scalars(db.select(VotingRound).filter_by(workshop_id=workshop.id)
                                .order_by(VotingRound.id.desc()))
    state["rounds"] = [results.round_summary(r) for r in rounds]
    state["results"] = screen.drawn_tally(state["round"]["id"]) if state["round"] else None
    return state


def console_view(workshop: Workshop) -> dict[str, Any]:
    """The console page's view model: the room, the proposals by state, the rounds, results."""
    from ..domain.phases import PHASE_ORDER, next_phase
    from ..models import VotingRound
    from . import presence

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
        "rounds": rounds, "current_round": current,
        "open_round": next((r for r in rounds if r.is_open), None),
        "draft_round": next((r for r in reversed(rounds) if r.state == "draft"), None),
        "results": screen.result_rows(current, groups) if current is not None and current.items else None,
        "presence": presence.summary(workshop),
        "recent_joins": presence.recent_joins(workshop),
        "timer_seconds": screen.timer_remaining(workshop),
    }
