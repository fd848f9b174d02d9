"""Who is connected, kept in the database so that every process sees every connection.

This is bookkeeping of the transport, not a domain write: it never changes what was proposed or
voted, and a lost row only makes a presence count briefly wrong.
"""
from __future__ import annotations

import os
import socket
import uuid

from sqlalchemy import delete, func, select, update

from ..extensions import db
from ..models import Participant, SocketConnection
from ..models.base import utcnow
from ..services import tx
from ..services.presence import HEARTBEAT_SECONDS, STALE_AFTER

PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def add(sid: str, audience: str, workshop_id: int, *, participant_id: int | None = None,
        user_id: int | None = None, via: str | None = None, api_key_id: int | None = None) -> None:
    with tx.write():  # the same locking write path as every use case (see database.py)
        db.session.add(SocketConnection(sid=sid, audience=audience, workshop_id=workshop_id,
                                        participant_id=participant_id, user_id=user_id,
                                        via=via, api_key_id=api_key_id, process=PROCESS))


def add_participant(sid: str, workshop_id: int, participant_id: int, *, cap: int) -> bool:
    """Record a phone's socket unless its token already holds ``cap`` live ones (any process).

    The count and the insert share one write transaction that first locks the participant's row
    (on SQLite the transaction's write lock serialises them anyway), so parallel connects of one
    token cannot both slip under the cap.
    """
    with tx.write():
        db.session.execute(select(Participant.id).where(Participant.id == participant_id)
                           .with_for_update())
        live = db.session.scalar(select(func.count()).select_from(SocketConnection).where(
            SocketConnection.participant_id == participant_id,
            SocketConnection.seen_at >= utcnow() - STALE_AFTER))
        if live >= cap:
            return False
        db.session.add(SocketConnection(sid=sid, audience="participant", workshop_id=workshop_id,
                                        participant_id=participant_id, process=PROCESS))
    return True


def remove(sid: str) -> int | None:
    """Forget the connection; returns its workshop id (None if it was already gone)."""
    with tx.write():
        workshop_id = db.session.scalar(delete(SocketConnection).where(SocketConnection.sid == sid)
                                        .returning(SocketConnection.workshop_id))
    return workshop_id


def heartbeat() -> None:
    with tx.write():
        db.session.execute(update(SocketConnection).where(SocketConnection.process == PROCESS)
                           .values(seen_at=utcnow()))
        db.session.execute(delete(SocketConnection)
                           .where(SocketConnection.seen_at < utcnow() - 2 * STALE_AFTER))


def sids(audience: str, **where) -> list[str]:
    """The sids of one audience opened with a credential: ``workshop_id=…, via="link"``,
    ``api_key_id=…``, ``user_id=…``, or ``participant_id=[…]`` (a list matches any of its
    values) — every process's connections: the table is shared."""
    query = select(SocketConnection.sid).where(SocketConnection.audience == audience)
    for column, value in where.items():
        field = getattr(SocketConnection, column)
        query = query.where(field.in_(value) if isinstance(value, (list, tuple)) else field == value)
    return list(db.session.scalars(query))
