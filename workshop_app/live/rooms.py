"""Room names. Namespaces are audiences; a room is one workshop's members of that audience."""
from __future__ import annotations

from ..domain.kinds import Audience

PARTICIPANT_NS = "/participant"
SCREEN_NS = "/screen"
MODERATOR_NS = "/moderator"
#: The audience each namespace's connections are recorded as (models.live.SocketConnection).
AUDIENCES = {PARTICIPANT_NS: Audience.PARTICIPANT, SCREEN_NS: Audience.SCREEN, MODERATOR_NS: Audience.MODERATOR}

#: Phones of a workshop are split into this many rooms, so that their live tallies leave in turns
#: (one share per broadcaster tick) instead of 2,000 sockets' worth of work at one instant, which
#: held the screen's next tally back by the time it took (see live.broadcaster).
PHONE_SHARDS = 20


def workshop_room(workshop_id: int) -> str:
    return f"workshop:{workshop_id}"


def participant_room(workshop_id: int, participant_id: int) -> str:
    """One participant's phones: what is theirs alone (their seat at a table, services.table_seats)."""
    return f"workshop:{workshop_id}:participant:{participant_id}"


def phone_shard(participant_id: int) -> int:
    return participant_id % PHONE_SHARDS


def phone_shard_room(workshop_id: int, participant_id: int, *, lean: bool = False) -> str:
    return shard_room(workshop_id, phone_shard(participant_id), lean=lean)


def shard_room(workshop_id: int, shard: int, *, lean: bool = False) -> str:
    """A share of the room's phones; the shipped phone page asks for lean tallies (``lean``
    rooms), API clients get the results shape of DESIGN §5."""
    return f"workshop:{workshop_id}:phones:{shard}" + (":lean" if lean else "")
