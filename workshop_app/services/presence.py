"""The participation monitor: joined, connected and voted per stakeholder group."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from ..extensions import db
from ..models import Participant, SocketConnection, Workshop
from ..models.base import utcnow
from . import snapshots, tally_cells

#: The live layer refreshes its connections' rows this often; older rows are dead processes'.
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)


def summary(workshop: Workshop) -> dict[str, Any]:
    joined = dict(db.session.execute(
        select(Participant.group_id, func.count()).where(Participant.workshop_id == workshop.id)
        .group_by(Participant.group_id)).all())
    connected = connected_by_group(workshop.id)
    round_ = snapshots.current_round(workshop)
    # Voted: ballots that count in the tally, from its running sums (no scan of the votes).
    voted = ({group_id: voters for group_id, voters, _writes in tally_cells.read_groups(round_.id)}
             if round_ is not None else {})
    return {
        "round_id": round_.id if round_ else None,
        "groups": [{"key": g.key, "name": g.name, "joined": joined.get(g.id, 0),
                    "connected": connected.get(g.id, 0), "voted": voted.get(g.id, 0)}
                   for g in workshop.groups],
    }


def connected_by_group(workshop_id: int) -> dict[int, int]:
    """Distinct connected participants per group id (a phone with two tabs counts once)."""
    rows = db.session.execute(
        select(Participant.group_id, func.count(func.distinct(SocketConnection.participant_id)))
        .join(Participant, Participant.id == SocketConnection.participant_id)
        .where(SocketConnection.workshop_id == workshop_id,
               SocketConnection.audience == "participant",
               SocketConnection.seen_at >= utcnow() - STALE_AFTER)
        .group_by(Participant.group_id))
    return dict(rows.all())
