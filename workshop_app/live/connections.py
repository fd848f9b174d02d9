"""Who is connected, kept in the database so that every process sees every connection.

This is bookkeeping of the transport, not a domain write: it never changes what was proposed or
voted, and a lost row only makes a presence count briefly wrong.
"""
from __future__ import annotations

import os
import socket
import uuid

from sqlalchemy import delete, select, update

from ..extensions import db
from ..models import SocketConnection
from ..models.base import utcnow
from ..services import tx
from ..services.presence import HEARTBEAT_SECONDS, STALE_AFTER

PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def add(sid: str, audience: str, workshop_id: int, *, participant_id: int | None = None,
        user_id: int | None = None) -> None:
    with tx.write():  # the same locking write path as every use case (see database.py)
        db.session.add(SocketConnection(sid=sid, audience=audience, workshop_id=workshop_id,
                                        participant_id=participant_id, user_id=user_id,
                                        process=PROCESS))


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


def sids_of_user(user_id: int) -> list[tuple[str, str]]:
    return [(row.sid, row.audience) for row in db.session.scalars(
        select(SocketConnection).where(SocketConnection.user_id == user_id))]
