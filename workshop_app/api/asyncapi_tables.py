"""The tables' surfaces in the AsyncAPI document (api/asyncapi.py, completed here at import): the
screen's table facts (every table's progress, one table's wall), the card's table, and the
facilitator devices' namespace ``/facilitator`` (live/facilitator.py)."""
from __future__ import annotations

from .asyncapi import (
    _ID,
    _NULLABLE_ID,
    _NULLABLE_STR,
    _SCREEN_FACTS,
    _STR,
    _VERSION,
    MESSAGES,
    NAMESPACES,
    SCHEMAS,
    SECURITY,
    _obj,
    _ref,
)

_FIELD = {"oneOf": [{"type": "null"}, _obj({"id": _ID, "name": _STR, "colour": _STR})]}
_SCREEN_TABLES = {
    "tables": {"type": "array", "items": _ref("TableSummary"),
               "description": "every table's progress (empty without tables); the panel `tables` "
                              "counts each table's cards from the published cards it holds"},
    "table_wall": {"oneOf": [{"type": "null"}, _obj({
        "table": _obj({"id": _ID, "name": _STR, "position": {"type": "integer"}, "field": _FIELD}),
        "cards": {"type": "array", "items": _obj({"id": _ID, "title": _STR, "table": _ID},
                                                 {"lang": _NULLABLE_STR, "shy": _NULLABLE_STR})}})],
                   "description": "only in mode table: the table the moderator put on the screen"}}
_SCREEN_FACTS["mode"]["enum"] += ["tables", "table"]  # shared by every screen schema
for _event, (_summary, _payload) in MESSAGES["screen"].items():
    if "mode" in _payload.get("properties", {}):
        _payload["properties"].update(_SCREEN_TABLES)
SCHEMAS["PublicProposal"]["oneOf"][0]["properties"]["table"] = {
    **_ID, "description": "the table (station) the card was written at; absent for the plenary"}

_CARD = _obj({"id": _ID, "number": {"type": "integer"}, "title": _STR, "body": _STR,
              "state": {"enum": ["published", "pending", "merged"]},
              "author": {"enum": ["participant", "moderator", "paper"]}, "merged_into": _NULLABLE_ID,
              "similar": {"type": "array", "items": {"type": "integer"},
                          "description": "numbers of the table's cards that look alike (a hint)"}})
MESSAGES["facilitator"] = {
    "snapshot": (("The table's whole state, on (re)connect and after every change of the table "
                  "(a card written or merged there, people seated or moved, the table renamed, "
                  "the phase): the device redraws from it"),
                 _obj({"table": _obj({"id": _ID, "name": _STR, "position": {"type": "integer"}, "field": _FIELD}),
                       "workshop": _obj({"title": _STR, "state": _STR, "phase": _STR, "open": {"type": "boolean"}}),
                       "seated": {"type": "array", "items": _obj({"key": _STR, "name": _STR,
                                                                  "colour": {"type": "integer"},
                                                                  "count": {"type": "integer"}})},
                       "people": {"type": "integer"}, "cards": {"type": "array", "items": _CARD},
                       "version": _VERSION})),
}
NAMESPACES["facilitator"] = (
    "/facilitator", ["facilitatorAuth"],
    ("A table's facilitator device. Auth `{\"token\": facilitator secret}` (the secret of the "
     "table's /table/<secret> address); refused for a wrong, renewed or withdrawn secret and once "
     "the workshop is closed; an open socket is dropped when the secret is renewed or withdrawn."))
SECURITY["facilitatorAuth"] = {"type": "httpApiKey", "in": "query", "name": "auth.token",
                               "description": "Socket.IO auth object `{\"token\": facilitator secret}`"}
