"""Socket.IO namespaces, one per audience. They only authenticate, join rooms and send the
snapshot; every write goes over HTTP. A refused connection returns False (DESIGN §3)."""
from __future__ import annotations

from flask import current_app, g, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room

from .. import access, lookup
from ..domain.kinds import Audience
from ..models import Workshop
from ..services import screen
from ..services.read_models import console, snapshots
from . import connections, rooms


def _workshop_by_code(auth) -> Workshop | None:
    code = str(auth.get("workshop") or "") if isinstance(auth, dict) else ""
    return lookup.workshop_by_code(code) if code else None


def _lean(auth) -> bool:
    """Whether a phone asks for lean tallies (rows without what it already has: live.broadcaster)."""
    return isinstance(auth, dict) and auth.get("lean") is True


def _token(auth) -> str | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    return token if isinstance(token, str) and 0 < len(token) <= 200 else None


class ParticipantNamespace(Namespace):
    def on_connect(self, auth=None):
        workshop = _workshop_by_code(auth)
        if workshop is None:
            return False
        participant = access.find_participant(
            workshop, _token(auth) or request.cookies.get(access.participant_cookie_name(workshop)))
        if participant is None:
            return False
        if not connections.admit_phone(request.sid, workshop.id, participant.id,
                                       cap=current_app.config["SOCKETS_PER_PARTICIPANT"]):
            raise ConnectionRefusedError("too_many_connections")
        join_room(rooms.workshop_room(workshop.id))
        join_room(rooms.phone_shard_room(workshop.id, participant.id, lean=_lean(auth)))
        join_room(rooms.participant_room(workshop.id, participant.id))  # personal pushes (seat)
        emit("snapshot", snapshots.participant_state(workshop, participant))
        _presence_changed(workshop.id)

    def on_disconnect(self, *args):
        _presence_changed(connections.forget(request.sid))


class ScreenNamespace(Namespace):
    def on_connect(self, auth=None):
        workshop = screen.workshop_for_secret(_token(auth))
        if workshop is None:  # wrong, rotated, or the workshop is closed or anonymised
            return False
        join_room(rooms.workshop_room(workshop.id))
        state = screen.screen_state(workshop)
        connections.add(request.sid, Audience.SCREEN, workshop.id)
        emit("snapshot", state)

    def on_disconnect(self, *args):
        connections.forget(request.sid)


class ModeratorNamespace(Namespace):
    def on_connect(self, auth=None):
        workshop = _workshop_by_code(auth)
        if workshop is None or not access.can_moderate(workshop):
            return False
        join_room(rooms.workshop_room(workshop.id))
        via, api_key_id = _credential()
        state = console.moderator_state(workshop)
        connections.add(request.sid, Audience.MODERATOR, workshop.id, user_id=access.current_actor().user_id,
                        via=via, api_key_id=api_key_id)
        emit("snapshot", state)

    def on_disconnect(self, *args):
        connections.forget(request.sid)


def _credential() -> tuple[str, int | None]:
    """How a moderator socket authenticated, recorded so that revoking it finds the socket."""
    if current_user.is_authenticated:
        api_key = getattr(g, "api_key", None)
        return ("api_key", api_key.id) if api_key is not None else ("user", None)
    return "link", None


def _presence_changed(workshop_id: int | None) -> None:
    """The monitor's connected counts changed; the broadcaster sends them coalesced."""
    if workshop_id is not None:
        current_app.extensions["zw_broadcaster"].mark_presence(workshop_id)


def register(socketio) -> None:
    socketio.on_namespace(ParticipantNamespace(rooms.PARTICIPANT_NS))
    socketio.on_namespace(ScreenNamespace(rooms.SCREEN_NS))
    socketio.on_namespace(ModeratorNamespace(rooms.MODERATOR_NS))
