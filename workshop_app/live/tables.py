"""Pushes of the tables (stations): the room's table list to every audience, a seat to its phone.

On ``events.tables_changed`` the overview (services.tables.table_overview: names, fields, people
per group, card counts — nothing personal) goes to phones, screens and moderators as ``tables``
``{"tables", "version", "rotation"?, "plenary"?}``; moderators also get ``seats`` (who sits
where, for the console's per-participant select). A rotation and the plenary move everyone
alike, so phones work out their own new seat from the event: index p → (p + rotation) mod n,
or none. Moved seats go as ``seat`` ``{"table"}`` (absolute, without a version) to that
participant's own room only (rooms.participant_room), never to the room: a seat is personal.
A change of seats alone (``seats_only``: a choice, an assignment, a rebalancing) moves no version
and reaches no other phone: screens and moderators get ``tables`` without a version.

Joins and removals change the console's seat list without a table write: for a workshop with
tables, moderators then get ``tables`` without a version (it moves nothing and is never dropped
as stale), at most one per ``SEATS_DELAY`` seconds per workshop however many join.
"""
from __future__ import annotations

import logging
import threading

from flask import Flask
from sqlalchemy import select

from .. import events
from ..extensions import db
from ..models import Workshop, WorkshopTable
from ..services import table_seats, tables
from . import rooms

SEATS_DELAY = 1.0
log = logging.getLogger(__name__)


class TablePush:
    def __init__(self, app: Flask, socketio) -> None:
        self.app = app
        self.socketio = socketio
        self.lock = threading.Lock()
        self.pending: set[int] = set()  # workshops whose seat list goes to moderators soon

    def connect(self) -> None:
        events.tables_changed.connect(self.on_tables, sender=self.app)
        events.participant_joined.connect(self.on_people, sender=self.app)
        events.participant_removed.connect(self.on_people, sender=self.app)

    def on_people(self, _app, *, workshop_id: int, **_ignored) -> None:
        if not db.session.scalar(select(WorkshopTable.id).filter_by(workshop_id=workshop_id).limit(1)):
            return  # no tables: the console shows no seats
        with self.lock:
            if workshop_id in self.pending:
                return
            self.pending.add(workshop_id)
        self.socketio.start_background_task(self.send_seats, workshop_id)

    def send_seats(self, workshop_id: int) -> None:
        self.socketio.sleep(self.app.config.get("SEATS_DELAY", SEATS_DELAY))
        with self.lock:
            self.pending.discard(workshop_id)
        with self.app.app_context():
            try:
                workshop = db.session.get(Workshop, workshop_id)
                state = table_seats.console_tables(workshop) if workshop is not None else {}
                if state.get("tables"):
                    self.socketio.emit("tables", state, to=rooms.workshop_room(workshop_id),
                                       namespace=rooms.MODERATOR_NS)
            except Exception:
                log.warning("seat list push failed", exc_info=True)
                db.session.rollback()
            finally:
                db.session.remove()

    def on_tables(self, _app, *, workshop_id: int, version: int, rotation: int | None = None,
                  plenary: bool = False, seats: dict | None = None, seats_only: bool = False,
                  **_ignored) -> None:
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None:
            return
        broadcaster = self.app.extensions.get("zw_broadcaster")
        if broadcaster is not None:  # older proposal events first: versions stay in order
            broadcaster.proposals.flush(workshop_id)
        # Seats alone moved no version: staff get the counts without one (never dropped as stale).
        payload = {"tables": tables.table_overview(workshop_id)} if seats_only else {
            "tables": tables.table_overview(workshop_id), "version": version}
        if rotation is not None:
            payload["rotation"] = rotation
        if plenary:
            payload["plenary"] = True
        room = rooms.workshop_room(workshop_id)
        audiences = (rooms.SCREEN_NS,) if seats_only else (rooms.PARTICIPANT_NS, rooms.SCREEN_NS)
        for namespace in audiences:
            self.socketio.emit("tables", payload, to=room, namespace=namespace)
        self.socketio.emit("tables", {**payload, "seats": table_seats.seat_list(workshop),
                                      "rotations": workshop.table_rotations or 0},
                           to=room, namespace=rooms.MODERATOR_NS)
        for participant_id, table_id in (seats or {}).items():  # an absolute seat: no version
            self.socketio.emit("seat", {"table": table_id},
                               to=rooms.participant_room(workshop_id, participant_id),
                               namespace=rooms.PARTICIPANT_NS)
