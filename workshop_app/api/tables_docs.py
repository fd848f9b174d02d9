"""OpenAPI path items of the tables endpoints (api/tables.py)."""
from __future__ import annotations

_STAFF = [{"apiKey": []}]
_PHONE = [{"participantToken": []}, {"participantCookie": [], "csrfHeader": []}]
_ERRORS = {
    "401": {"description": "not signed in / not joined"},
    "403": {"description": "not a moderator of this workshop"},
    "404": {"description": "unknown workshop, table or participant (table_not_found, "
                           "participant_not_found; another workshop's table is unknown here)"},
    "409": {"description": "tables_round_open / seat_round_open (seats stay while a voting round "
                           "is open), table_has_cards (delete), workshop_not_open (choose)"},
    "422": {"description": "invalid input; error.code names the rule (e.g. rotation_step, "
                           "no_tables, too_many_tables, required, too_long, invalid_choice)"},
}
_INT = {"type": "integer"}
_NULLABLE_INT = {"type": ["integer", "null"]}
_CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
_ID = {"name": "table_id", "in": "path", "required": True, "schema": _INT}
_PID = {"name": "participant_id", "in": "path", "required": True, "schema": _INT}


def _op(summary: str, body: dict | None = None, status: str = "200", security=None) -> dict:
    operation = {"summary": summary, "tags": ["tables"], "security": security or _STAFF,
                 "responses": {status: {"description": "OK"}, **_ERRORS}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"type": "object", "properties": body}}}}
    return operation


_TABLE_BODY = {"name": {"type": "string", "maxLength": 80}, "field": _NULLABLE_INT}

PATHS: dict = {
    "/api/v1/workshops/{code}/tables": {
        "parameters": [_CODE],
        "get": _op("The tables (id, name, position, field {id, name, colour}, cards: published "
                   "cards written there, people, by_group: seated per stakeholder group, "
                   "facilitator: whether a facilitator link exists) and seats: every active "
                   "participant's id, name, group and table (null: the plenary)"),
        "post": _op("Add a table at the end of the room's order (audited table.create); answers "
                    "the table with qr_url, the address its QR code holds", _TABLE_BODY, "201"),
    },
    "/api/v1/tables/{table_id}": {
        "parameters": [_ID],
        "patch": _op("Rename the table, set its field of action (null: none) and/or move it to "
                     "another place (position, 0-based; the others close up); audited table.update",
                     {**_TABLE_BODY, "position": _INT}),
        "delete": _op("Delete a table. Refused with 409 table_has_cards when cards were written "
                      "there (nothing is lost); people seated there go to the plenary (audited "
                      "table.delete with their ids). Answers deleted"),
    },
    "/api/v1/tables/{table_id}/facilitator": {
        "parameters": [_ID],
        "post": _op("A new facilitator link for the table's device (the old one stops working at "
                    "once); facilitator_url is shown only in this answer", None, "201"),
        "delete": _op("Revoke the table's facilitator link"),
    },
    "/api/v1/workshops/{code}/participants/{participant_id}/table": {
        "parameters": [_CODE, _PID],
        "put": _op("Seat one participant at a table (null: the plenary); audited table.assign; "
                   "409 seat_round_open while a round is open", {"table": _NULLABLE_INT}),
    },
    "/api/v1/workshops/{code}/tables/balance": {
        "parameters": [_CODE],
        "post": _op("Seat everyone so that tables differ by at most one person and each "
                    "stakeholder group is spread evenly; as many people as possible keep their "
                    "table. Answers people, moved, tables; audited table.balance"),
    },
    "/api/v1/workshops/{code}/tables/rotate": {
        "parameters": [_CODE],
        "post": _op("World café: everyone at the table with index p moves to (p + step) mod n; "
                    "cards stay at the table they were written at. 422 rotation_step for a step "
                    "that brings everyone back (a multiple of n); audited table.rotate",
                    {"step": {"type": "integer", "default": 1}}),
    },
    "/api/v1/workshops/{code}/tables/plenary": {
        "parameters": [_CODE],
        "post": _op("Everyone back to the plenary (cards stay at their tables); audited table.plenary"),
    },
    "/api/v1/workshops/{code}/table": {
        "parameters": [_CODE],
        "put": _op("Participant: sit at a table of this workshop (null: the plenary). Answers the "
                   "participant's snapshot (participant.table is the seat, tables the room's "
                   "tables). 409 seat_round_open while a round is open, 404 table_not_found",
                   {"table": _NULLABLE_INT}, security=_PHONE),
    },
}
