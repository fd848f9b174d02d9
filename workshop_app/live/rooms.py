"""Room names. Namespaces are audiences; a room is one workshop's members of that audience."""
from __future__ import annotations

PARTICIPANT_NS = "/participant"
SCREEN_NS = "/screen"
MODERATOR_NS = "/moderator"
AUDIENCES = {PARTICIPANT_NS: "participant", SCREEN_NS: "screen", MODERATOR_NS: "moderator"}


def workshop_room(workshop_id: int) -> str:
    return f"workshop:{workshop_id}"


def group_room(workshop_id: int, group_key: str) -> str:
    return f"workshop:{workshop_id}:group:{group_key}"


def participant_room(participant_id: int) -> str:
    return f"participant:{participant_id}"
