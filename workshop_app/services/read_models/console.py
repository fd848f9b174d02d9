"""The moderator console's state: everything the screen shows plus moderation state.

A read model the live layer pushes (live.namespaces) and the API returns; the console page's own
data is moderator.page."""
from __future__ import annotations

from typing import Any

from ...extensions import db
from ...models import Proposal, VotingRound, Workshop
from .. import measures, screen, support, table_seats
from . import duplicates, results, snapshots


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

