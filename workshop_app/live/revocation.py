"""Cuts live access when a credential is withdrawn: a rotated screen secret, a regenerated
moderator link, a revoked API key, an account signed out, demoted or deactivated, a workshop
closed or anonymised (its screen secret retires), a participant removed by the moderator.

The sockets to drop are found in the connections table, which every process writes, so the sids
may belong to another process. ``socketio.server.disconnect`` reaches them there: with a message
queue, python-socketio's ``PubSubManager.can_disconnect`` disconnects a sid it holds itself and
publishes a ``disconnect`` message on the queue for any other, which the process holding it then
carries out (python-socketio ≥ 5.7; see ``socketio/pubsub_manager.py``). Without a queue there is
only one process and the call is local.
"""
from __future__ import annotations

import logging

from flask import Flask

from .. import events
from ..domain.kinds import Audience
from ..services.screen import SCREEN_STATES
from . import connections, rooms

log = logging.getLogger(__name__)


class Revocation:
    def __init__(self, app: Flask, socketio) -> None:
        self.app = app
        self.socketio = socketio

    def connect(self) -> None:
        events.screen_revoked.connect(self.on_screen_revoked, sender=self.app)
        events.moderator_link_revoked.connect(self.on_link_revoked, sender=self.app)
        events.api_key_revoked.connect(self.on_api_key_revoked, sender=self.app)
        events.workshop_changed.connect(self.on_workshop, sender=self.app)
        events.participant_removed.connect(self.on_participant_removed, sender=self.app)
        events.access_revoked.connect(self.on_access_revoked, sender=self.app)

    def drop(self, namespace: str, sids: list[str]) -> None:
        for sid in sids:
            self.socketio.server.disconnect(sid, namespace=namespace)

    def on_screen_revoked(self, _app, *, workshop_id: int) -> None:
        self.drop(rooms.SCREEN_NS, connections.sids(Audience.SCREEN, workshop_id=workshop_id))

    def on_link_revoked(self, _app, *, workshop_id: int) -> None:
        self.drop(rooms.MODERATOR_NS, connections.sids(Audience.MODERATOR, workshop_id=workshop_id, via="link"))

    def on_api_key_revoked(self, _app, *, api_key_id: int) -> None:
        self.drop(rooms.MODERATOR_NS, connections.sids(Audience.MODERATOR, api_key_id=api_key_id))

    def on_access_revoked(self, _app, *, user_id: int) -> None:
        """Logout, demotion or deactivation: the account's consoles (the only sockets opened by
        an account) lose the room at once."""
        self.drop(rooms.MODERATOR_NS, connections.sids(Audience.MODERATOR, user_id=user_id))

    def on_participant_removed(self, _app, *, workshop_id: int, participant_ids: list[int]) -> None:
        """A removed participant's phones lose the room at once (their secret is gone already,
        so they cannot reconnect), and their rows at once with them, whichever process holds
        them. A phone let in by another process whose row is not written yet is dropped there
        when its ledger finds the participant removed (connections.PhoneLedger.flush)."""
        self.drop(rooms.PARTICIPANT_NS, connections.sids(Audience.PARTICIPANT, participant_id=participant_ids))
        connections.forget_participants(participant_ids)

    def on_workshop(self, _app, *, workshop_id: int, state: str | None = None, **_changes) -> None:
        """Closing or anonymising retires the screen secret: its screens go too."""
        if state is not None and state not in SCREEN_STATES:
            self.on_screen_revoked(_app, workshop_id=workshop_id)
