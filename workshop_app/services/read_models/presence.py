"""The participation monitor: joined, connected and voted per stakeholder group; join bursts
(joins in the last minute and five minutes) and the latest joins, which a moderator can remove."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import case, func, select

from ...domain.kinds import Audience
from ...extensions import db
from ...models import Participant, SocketConnection, Workshop
from ...models.base import utcnow
from ..plumbing import tally_cells
from . import snapshots

#: The live layer refreshes its connections' rows this often; older rows are dead processes'.
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)
#: Join-burst windows of the monitor: joins in the last minute and in the last five minutes.
BURST_WINDOWS = (timedelta(minutes=1), timedelta(minutes=5))
#: The latest joins listed for removal.
RECENT_JOINS = 50


def summary(workshop: Workshop) -> dict[str, Any]:
    now = utcnow()
    last_minute, last_five = (now - window for window in BURST_WINDOWS)
    counts = {row.group_id: row for row in db.session.execute(
        select(Participant.group_id, func.count().label("joined"),
               func.sum(case((Participant.created_at >= last_minute, 1), else_=0)).label("minute"),
               func.sum(case((Participant.created_at >= last_five, 1), else_=0)).label("five"))
        .where(Participant.workshop_id == workshop.id, Participant.removed_at.is_(None))
        .group_by(Participant.group_id))}
    joined = {group_id: row.joined for group_id, row in counts.items()}
    connected = connected_by_group(workshop.id)
    round_ = snapshots.current_round(workshop)
    # Voted: ballots that count in the tally, from its running sums (no scan of the votes).
    voted = ({group_id: voters for group_id, voters, _writes in tally_cells.read_groups(round_.id)}
             if round_ is not None else {})
    return {
        "round_id": round_.id if round_ else None,
        "groups": [{"key": g.key, "name": g.name, "joined": joined.get(g.id, 0),
                    "joined_1m": int(counts[g.id].minute or 0) if g.id in counts else 0,
                    "joined_5m": int(counts[g.id].five or 0) if g.id in counts else 0,
                    "connected": connected.get(g.id, 0), "voted": voted.get(g.id, 0)}
                   for g in workshop.groups],
    }


def recent_joins(workshop: Workshop, limit: int = RECENT_JOINS) -> list[dict[str, Any]]:
    """The latest participants who joined (newest first), for the monitor's removal list."""
    rows = db.session.execute(
        select(Participant.id, Participant.group_id, Participant.display_name, Participant.created_at)
        .where(Participant.workshop_id == workshop.id, Participant.removed_at.is_(None))
        .order_by(Participant.created_at.desc(), Participant.id.desc()).limit(limit))
    return [{"id": row.id, "group_id": row.group_id, "name": row.display_name,
             "joined_at": row.created_at} for row in rows]


def connected_by_group(workshop_id: int) -> dict[int, int]:
    """Distinct connected participants per group id (a phone with two tabs counts once)."""
    rows = db.session.execute(
        select(Participant.group_id, func.count(func.distinct(SocketConnection.participant_id)))
        .join(Participant, Participant.id == SocketConnection.participant_id)
        .where(SocketConnection.workshop_id == workshop_id,
               SocketConnection.audience == Audience.PARTICIPANT,
               SocketConnection.seen_at >= utcnow() - STALE_AFTER)
        .group_by(Participant.group_id))
    return dict(rows.all())
