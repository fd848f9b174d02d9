"""The prepared data of the moderator console's page and its live regions (/live), so the
templates only loop and branch.

The console's JSON state (the socket's snapshot) is services.read_models.console.moderator_state: the live
layer pushes it, so it stays a read model in services; this page is drawn from the database.
"""
from __future__ import annotations

from typing import Any

from ..domain.ballots import Method
from ..domain.console_flow import next_step
from ..domain.phases import PHASE_ORDER, RoundState, next_phase
from ..domain.results_explained import explain_places
from ..extensions import db
from ..models import Proposal, VotingRound, Workshop
from ..screen_page import timer_remaining
from ..services import agenda, measures, support, table_seats
from ..services.read_models import duplicates, presence, results, snapshots


def console_view(workshop: Workshop) -> dict[str, Any]:
    """The console page's view model: the room, the proposals by state, the rounds, results,
    the next step and likely duplicates."""
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
        "draft_round": next((r for r in reversed(rounds) if r.state == RoundState.DRAFT), None),
        "next": _next(workshop, rounds, current),
        "results": result_rows(current, groups) if current is not None and current.items else None,
        "presence": presence.summary(workshop),
        "measure_step": measures.console_step(workshop),
        "agenda": agenda.agenda_of(workshop),
        "recent_joins": presence.recent_joins(workshop),
        "timer_seconds": timer_remaining(workshop),
    }


def _next(workshop: Workshop, rounds: list[VotingRound], current: VotingRound | None):
    open_round = next((r for r in rounds if r.is_open), None)
    draft = next((r for r in reversed(rounds) if r.state == RoundState.DRAFT), None)
    return next_step(
        workshop_open=workshop.is_open, phase=workshop.phase,
        spotlight=workshop.spotlight_proposal_id is not None,
        open_round=open_round.id if open_round else None, draft_round=draft.id if draft else None,
        current_round=current.id if current else None,
        current_closed=current is not None and current.state == RoundState.CLOSED,
        current_published=current is not None and current.results_published)


def result_rows(round_, groups) -> dict[str, Any]:
    """The console's ranked rows with one bar segment per group: each group's support per voter,
    divided by the number of groups that voted, so the segments add up to the group-balanced score."""
    outcome = results.compute(round_)
    voted = [g for g in groups if outcome.groups[g.key].voters > 0]
    top = max((r.balanced_score for r in outcome.results), default=0) or 1
    rows = []
    places = results.rating_counts(round_) if round_.method == Method.RANKING else None
    for result in outcome.results:
        x, segments = 0.0, []
        for group in voted:
            share = result.group_averages.get(group.key, 0) / len(voted) / top * 100
            if share > 0:
                segments.append({"group": group, "x": round(x, 3), "width": round(share, 3)})
                x += share
        rows.append({"result": result, "segments": segments,
                     "carried_by_all": result.carried_by_all,
                     "by_group": [(g, result.by_group[g.key]) for g in groups],
                     "places_text": _places_text(places, result.proposal_id, round_.budget)})
    return {"rows": rows, "groups": outcome.groups, "voted_groups": voted,
            "total_voters": outcome.total_voters,
            "paper": any(r.paper_points for r in outcome.results)}


def _places_text(places: dict | None, proposal_id: int, k: int | None) -> str:
    """A ranking's places in total, 1st first ("3 / 1 / 0"); empty for other methods."""
    if places is None:
        return ""
    counts = places.get(proposal_id, {})
    return " / ".join(str(n) for n in explain_places(counts, list(counts), k or 0)["total"])
