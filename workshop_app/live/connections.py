"""Who is connected, kept in the database so that every process sees every connection.

This is bookkeeping of the transport, not a domain write: it never changes what was proposed or
voted, and a lost row only makes a presence count briefly wrong.

Screens and consoles are few; their rows are written as they connect. Phones come in thousands —
after a Wi-Fi drop, all at once — so a phone's connect and disconnect go into this process's
``PhoneLedger`` and reach the table in one transaction per broadcaster tick (``flush``): a
reconnect storm of 2,000 phones costs a few dozen short writes instead of 4,000 that each wait for
the database's write lock. What the ledger holds between ticks is only what the table would hold
a few milliseconds later: a crash loses nothing that a reconnect does not rebuild.
"""
from __future__ import annotations

import os
import socket
import threading
import uuid
from collections import Counter
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, func, insert, select, update

from ..domain.kinds import Audience
from ..extensions import db
from ..models import Participant, SocketConnection
from ..models.base import utcnow
from ..services.plumbing import tx
from ..services.read_models.presence import HEARTBEAT_SECONDS, STALE_AFTER

PROCESS = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
__all__ = ["HEARTBEAT_SECONDS", "PROCESS", "PhoneLedger", "add", "admit_phone", "forget",
           "forget_participants", "heartbeat", "ledger", "sids"]


class PhoneLedger:
    """This process's phone sockets: those it holds, and the rows still to write or delete."""

    def __init__(self, *, shared: bool = True) -> None:
        # Other processes hold sockets only when they share a message queue with this one.
        self.shared = shared
        self.lock = threading.Lock()
        self.held: dict[str, tuple[int, int]] = {}  # sid → (workshop id, participant id)
        self.per_participant: Counter[int] = Counter()
        self.to_add: dict[str, datetime] = {}       # sid → connected at
        self.to_remove: dict[str, int] = {}          # sid → workshop id

    def admit(self, sid: str, workshop_id: int, participant_id: int, *, cap: int) -> bool:
        """Take a phone's socket unless its token already holds ``cap`` live ones. This process's
        own sockets are counted here, exactly; other processes' from the table (their newest
        connects reach it within a tick — the cap stops a token opening hundreds, not one more)."""
        elsewhere = db.session.scalar(select(func.count()).select_from(SocketConnection).where(
            SocketConnection.participant_id == participant_id, SocketConnection.process != PROCESS,
            SocketConnection.seen_at >= utcnow() - STALE_AFTER)) if self.shared else 0
        with self.lock:
            if elsewhere + self.per_participant[participant_id] >= cap:
                return False
            self.held[sid] = (workshop_id, participant_id)
            self.per_participant[participant_id] += 1
            self.to_add[sid] = utcnow()
        return True

    def release(self, sid: str) -> int | None:
        """The socket closed; returns its workshop id (None if it was not a phone of ours)."""
        with self.lock:
            entry = self.held.pop(sid, None)
            if entry is None:
                return None
            self.per_participant[entry[1]] -= 1
            if self.per_participant[entry[1]] <= 0:
                del self.per_participant[entry[1]]
            if self.to_add.pop(sid, None) is None:  # already written: delete its row
                self.to_remove[sid] = entry[0]
        return entry[0]

    @property
    def pending(self) -> bool:
        return bool(self.to_add or self.to_remove)

    def flush(self) -> tuple[set[int], list[str]]:
        """Write what changed since the last tick in one transaction. Returns the workshops whose
        presence changed, and the sids of phones whose participant was removed meanwhile (by
        another process, after this one let them in): the caller disconnects those."""
        with self.lock:
            adds, self.to_add = self.to_add, {}
            removes, self.to_remove = self.to_remove, {}
            rows = {sid: (self.held[sid], at) for sid, at in adds.items() if sid in self.held}
        if not rows and not removes:
            return set(), []
        workshops = set(removes.values())
        alive: set[int] = set()
        try:
            with tx.write():
                if removes:
                    db.session.execute(delete(SocketConnection)
                                       .where(SocketConnection.sid.in_(list(removes))))
                if rows:
                    wanted = {participant_id for (_w, participant_id), _at in rows.values()}
                    alive = set(db.session.scalars(select(Participant.id).where(
                        Participant.id.in_(wanted), Participant.removed_at.is_(None))))
                    values = [{"sid": sid, "audience": Audience.PARTICIPANT.value, "workshop_id": workshop_id,
                               "participant_id": participant_id, "process": PROCESS,
                               "connected_at": at, "seen_at": at}
                              for sid, ((workshop_id, participant_id), at) in rows.items()
                              if participant_id in alive]
                    if values:
                        db.session.execute(insert(SocketConnection), values)
        except Exception:
            self.retry(adds, removes)  # the database is away: the next tick writes them
            raise
        gone = [sid for sid, ((_w, participant_id), _at) in rows.items() if participant_id not in alive]
        workshops |= {workshop_id for (workshop_id, _p), _at in rows.values()}
        return workshops, gone

    def retry(self, adds: dict[str, datetime], removes: dict[str, int]) -> None:
        with self.lock:
            self.to_add.update({sid: at for sid, at in adds.items() if sid in self.held})
            self.to_remove.update(removes)

    def sids(self, participant_ids) -> list[str]:
        with self.lock:
            return [sid for sid, (_w, participant_id) in self.held.items() if participant_id in participant_ids]


def ledger() -> PhoneLedger:
    ledger_ = current_app.extensions.get("zw_phone_ledger")
    if ledger_ is None:
        shared = bool(current_app.config.get("SOCKETIO_MESSAGE_QUEUE"))
        ledger_ = current_app.extensions.setdefault("zw_phone_ledger", PhoneLedger(shared=shared))
    return ledger_


def admit_phone(sid: str, workshop_id: int, participant_id: int, *, cap: int) -> bool:
    return ledger().admit(sid, workshop_id, participant_id, cap=cap)


def add(sid: str, audience: str, workshop_id: int, *, user_id: int | None = None,
        via: str | None = None, api_key_id: int | None = None) -> None:
    """A screen's or console's socket, written at once: revoking a credential looks it up."""
    with tx.write():  # the same locking write path as every use case (see database.py)
        db.session.add(SocketConnection(sid=sid, audience=audience, workshop_id=workshop_id,
                                        user_id=user_id, via=via, api_key_id=api_key_id,
                                        process=PROCESS))


def forget(sid: str) -> int | None:
    """Forget the connection; returns its workshop id (None if it was already gone)."""
    workshop_id = ledger().release(sid)
    if workshop_id is not None:
        return workshop_id
    with tx.write():
        return db.session.scalar(delete(SocketConnection).where(SocketConnection.sid == sid)
                                 .returning(SocketConnection.workshop_id))


def forget_participants(participant_ids: list[int]) -> None:
    """Delete the rows of removed participants' sockets (every process's) after dropping them."""
    with tx.write():
        db.session.execute(delete(SocketConnection)
                           .where(SocketConnection.participant_id.in_(participant_ids)))


def heartbeat() -> None:
    with tx.write():
        db.session.execute(update(SocketConnection).where(SocketConnection.process == PROCESS)
                           .values(seen_at=utcnow()))
        db.session.execute(delete(SocketConnection)
                           .where(SocketConnection.seen_at < utcnow() - 2 * STALE_AFTER))


def sids(audience: str, **where) -> list[str]:
    """The sids of one audience opened with a credential: ``workshop_id=…, via="link"``,
    ``api_key_id=…``, ``user_id=…``, or ``participant_id=[…]`` (a list matches any of its
    values) — every process's connections: the table is shared, and this process's phones not
    yet written are added from its ledger."""
    query = select(SocketConnection.sid).where(SocketConnection.audience == audience)
    for column, value in where.items():
        field = getattr(SocketConnection, column)
        query = query.where(field.in_(value) if isinstance(value, (list, tuple)) else field == value)
    found = list(db.session.scalars(query))
    if audience == Audience.PARTICIPANT and "participant_id" in where:
        wanted = where["participant_id"]
        wanted = set(wanted) if isinstance(wanted, (list, tuple)) else {wanted}
        found += [sid for sid in ledger().sids(wanted) if sid not in found]
    return found
