"""The facilitator devices' live channel: namespace ``/facilitator``, one room per table.

A device authenticates at connect with its table's facilitator secret (``auth={"token": …}``),
joins its table's room and gets the table's state as ``snapshot``; every later change of the
table (a card written or merged there, people seated or moved, the table renamed, the phase)
pushes the whole table state again as ``snapshot`` (computed once per table per event, only
for tables whose device is connected). Pushes only; every write goes over HTTP. A rotated or
cleared secret (``events.facilitator_revoked``) and a closed workshop drop the sockets at once.
"""
from __future__ import annotations

from flask import Flask, request
from flask_socketio import Namespace, emit, join_room

from .. import events
from ..domain.kinds import Audience
from ..extensions import db
from ..models import Proposal, SocketConnection, WorkshopTable
from ..services import facilitator
from ..services.screen import SCREEN_STATES
from . import connections

NAMESPACE = "/facilitator"
AUDIENCE = Audience.FACILITATOR
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def table_room(table_id: int) -> str:
    return f"table:{table_id}"


def _via(table_id: int) -> str:
    """The table a socket belongs to, in the connections table's short ``via`` column
    ("t" + the id in base 36: eight characters hold any id of the table)."""
    digits, value = "", table_id
    while True:
        value, rest = divmod(value, 36)
        digits = _DIGITS[rest] + digits
        if not value:
            return "t" + digits


def _table_of(via: str | None) -> int | None:
    return int(via[1:], 36) if via and via.startswith("t") else None


class FacilitatorNamespace(Namespace):
    def on_connect(self, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        table = facilitator.table_for_secret(token)
        if table is None:  # wrong, rotated or cleared secret, or the workshop is closed
            return False
        join_room(table_room(table.id))
        state = facilitator.table_state(table)
        connections.add(request.sid, AUDIENCE, table.workshop_id, via=_via(table.id))
        emit("snapshot", state)

    def on_disconnect(self, *args):
        connections.forget(request.sid)


class FacilitatorPush:
    """Subscribes to the domain events that change what a table's device shows."""

    def __init__(self, app: Flask, socketio) -> None:
        self.app = app
        self.socketio = socketio

    def connect(self) -> None:
        events.proposal_changed.connect(self.on_proposal, sender=self.app)
        for signal in (events.phase_changed, events.participant_joined, events.participant_removed,
                       getattr(events, "tables_changed", None)):  # tables_changed: services.tables
            if signal is not None:
                signal.connect(self.on_room, sender=self.app)
        events.workshop_changed.connect(self.on_workshop, sender=self.app)
        events.facilitator_revoked.connect(self.on_revoked, sender=self.app)

    def devices(self, workshop_id: int) -> dict[int, list[str]]:
        """The workshop's connected devices: table id → sids (every process's)."""
        found: dict[int, list[str]] = {}
        for sid, via in db.session.execute(db.select(SocketConnection.sid, SocketConnection.via).where(
                SocketConnection.audience == AUDIENCE, SocketConnection.workshop_id == workshop_id)):
            table_id = _table_of(via)
            if table_id is not None:
                found.setdefault(table_id, []).append(sid)
        return found

    def push(self, workshop_id: int, only: set[int] | None = None) -> None:
        for table_id in self.devices(workshop_id):
            if only is not None and table_id not in only:
                continue
            table = db.session.get(WorkshopTable, table_id)
            if table is not None and table.workshop_id == workshop_id:
                self.socketio.emit("snapshot", facilitator.table_state(table), namespace=NAMESPACE,
                                   to=table_room(table_id))

    def on_proposal(self, _app, *, workshop_id: int, proposal: dict, **_ignored) -> None:
        row = db.session.get(Proposal, proposal.get("id")) if isinstance(proposal, dict) else None
        if row is not None and row.table_id is not None:
            self.push(workshop_id, {row.table_id})

    def on_room(self, _app, *, workshop_id: int, **_ignored) -> None:
        self.push(workshop_id)

    def on_workshop(self, _app, *, workshop_id: int, state: str | None = None, **_changes) -> None:
        if state is not None and state not in SCREEN_STATES:  # closed or anonymised: secrets retire
            self.drop([sid for sids in self.devices(workshop_id).values() for sid in sids])
            return
        self.push(workshop_id)

    def on_revoked(self, _app, *, workshop_id: int, table_id: int, **_ignored) -> None:
        self.drop(self.devices(workshop_id).get(table_id, []))

    def drop(self, sids: list[str]) -> None:
        for sid in sids:  # another process's sid goes over the message queue (live.revocation)
            self.socketio.server.disconnect(sid, namespace=NAMESPACE)


def register(socketio) -> None:
    socketio.on_namespace(FacilitatorNamespace(NAMESPACE))


def init_app(app: Flask, socketio) -> None:
    push = FacilitatorPush(app, socketio)  # kept referenced: blinker holds receivers weakly
    push.connect()
    app.extensions["zw_facilitator"] = push
