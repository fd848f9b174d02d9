"""The Socket.IO packet codec: orjson, but the same JSON a client got from the standard library."""
from __future__ import annotations

import json

from socketio.packet import EVENT

from workshop_app.live import TextPacket


def _decoded(data) -> object:
    encoded = TextPacket(EVENT, ["tally", data], namespace="/screen").encode()
    assert encoded.startswith("2/screen,")
    return json.loads(encoded.removeprefix("2/screen,"))[1]


def test_integer_keys_become_strings_like_the_standard_library():
    data = {"votes": {12: 3, 7: 0}, "title": "Kita-Plätze <b>& mehr</b> – ÄÖÜ ß 🚲"}
    assert _decoded(data) == json.loads(json.dumps(data))


def test_floats_and_nesting_survive_exactly():
    data = {"results": [{"balanced_score": 0.1 + 0.2, "consensus": 0.0, "mean": None,
                         "by_group": {"pol": {"points": 5, "voters": 1}}}], "seq": 2**40}
    assert _decoded(data) == data


def test_an_incoming_packet_decodes():
    packet = TextPacket(encoded_packet='2/participant,["ping",{"n":1}]')
    assert packet.data == ["ping", {"n": 1}] and packet.namespace == "/participant"
