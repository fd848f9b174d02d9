"""The live layer: Socket.IO namespaces per audience and the coalescing broadcaster.

It subscribes to the domain events that services send after commit; it never writes domain data.
"""
from __future__ import annotations

import orjson
from socketio.packet import Packet

from ..extensions import socketio
from . import facilitator, namespaces
from .broadcaster import Broadcaster
from .revocation import Revocation
from .tables import TablePush


class _OrjsonCodec:
    """Packet JSON through orjson: a screen's tally encodes about seven times faster than with the
    standard library, and the screen gets one every 50 ms. Integer keys become strings, as with
    ``json``; the output is already compact, so the separators option is moot."""

    @staticmethod
    def dumps(data, **_options) -> str:
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()

    loads = staticmethod(orjson.loads)


class TextPacket(Packet):
    """Our events are JSON text only. Without binary events python-socketio skips its walk
    through every payload in search of bytes, which cost more than encoding a tally."""

    uses_binary_events = False
    json = _OrjsonCodec


_registered = False


def init_app(app) -> None:
    global _registered
    if not _registered:  # handlers live on the (global) extension and carry over to each app
        namespaces.register(socketio)
        facilitator.register(socketio)  # the tables' facilitator devices
        _registered = True
    socketio.init_app(
        app,
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        message_queue=app.config.get("SOCKETIO_MESSAGE_QUEUE"),
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
        serializer=TextPacket,
        ping_interval=20,
        ping_timeout=20,
    )
    broadcaster = Broadcaster(app, socketio)
    broadcaster.connect()
    app.extensions["zw_broadcaster"] = broadcaster
    revocation = Revocation(app, socketio)  # kept referenced: blinker holds receivers weakly
    revocation.connect()
    app.extensions["zw_revocation"] = revocation
    facilitator.init_app(app, socketio)
    table_push = TablePush(app, socketio)  # the tables' list to every audience, seats to phones
    table_push.connect()
    app.extensions["zw_tables"] = table_push
