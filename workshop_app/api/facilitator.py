"""The facilitator device's JSON API: a table's state, paper cards, merges (DESIGN §5).

Authorised by the table's facilitator secret in the path (404 for a wrong, rotated or cleared
one, and once the workshop is closed); CSRF as everywhere in the API (api/common.py). Each
endpoint calls the same service as the device's forms (facilitator/views.py).
"""
from __future__ import annotations

from flask import abort

from ..models import WorkshopTable
from ..services import facilitator
from . import bp
from .common import json_body

PATHS: dict = {}  # filled below; merged into /api/v1/openapi.json (openapi.py)


def _table(secret: str) -> WorkshopTable:
    table = facilitator.table_for_secret(secret)
    if table is None:
        abort(404)
    return table


def _ids(body: dict) -> tuple[list, object]:
    sources = body.get("merge")
    return (sources if isinstance(sources, list) else [sources]), body.get("into")


@bp.get("/tables/<secret>")
def facilitator_state(secret: str):
    return facilitator.table_state(_table(secret))


@bp.post("/tables/<secret>/cards")
def facilitator_add_card(secret: str):
    table = _table(secret)
    body = json_body()
    card = facilitator.add_card(table, title=body.get("title"), body=body.get("body") or "")
    return {"card": facilitator.card_payload(card), "table": facilitator.table_state(table)}, 201


@bp.post("/tables/<secret>/merge/preview")
def facilitator_merge_preview(secret: str):
    table = _table(secret)
    sources, target = _ids(json_body())
    return facilitator.preview(table, sources, target)


@bp.post("/tables/<secret>/merge")
def facilitator_merge(secret: str):
    table = _table(secret)
    sources, target = _ids(json_body())
    kept = facilitator.merge(table, sources, target)
    return {"card": facilitator.card_payload(kept), "table": facilitator.table_state(table)}


@bp.post("/tables/<secret>/cards/<int:proposal_id>/split")
def facilitator_split(secret: str, proposal_id: int):
    table = _table(secret)
    cards = facilitator.split(table, proposal_id)
    return {"cards": [facilitator.card_payload(c) for c in cards], "table": facilitator.table_state(table)}


_SECRET = [{"name": "secret", "in": "path", "required": True, "schema": {"type": "string"},
            "description": "the table's facilitator secret"}]
_ERRORS = {"404": {"description": "wrong, rotated or cleared secret; or card_not_at_table: a card of "
                                  "another table (nothing is changed)"},
           "409": {"description": "conflicts with the current state (e.g. merge_round_open)"},
           "422": {"description": "invalid input; error.code names the rule"}}
_MERGE = {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": {
    "merge": {"type": "array", "items": {"type": "integer"}}, "into": {"type": "integer"}}}}}}


def _op(summary: str, body: dict | None = None, status: str = "200") -> dict:
    operation = {"summary": summary, "tags": ["facilitator"], "responses": {status: {"description": "OK"}, **_ERRORS}}
    if body is not None:
        operation["requestBody"] = body
    return operation


PATHS.update({
    "/api/v1/tables/{secret}": {"parameters": _SECRET, "get": _op(
        "A table's state for its facilitator device: table (name, field), seated per group, its cards "
        "(published, pending, merged; also those of earlier rotations), version")},
    "/api/v1/tables/{secret}/cards": {"parameters": _SECRET, "post": _op(
        "Enter a paper card written at this table (published at once, in the table's field, "
        "author paper); audited as the table's facilitator",
        {"required": True, "content": {"application/json": {"schema": {"type": "object", "properties": {
            "title": {"type": "string"}, "body": {"type": "string"}}}}}}, "201")},
    "/api/v1/tables/{secret}/merge/preview": {"parameters": _SECRET, "post": _op(
        "What merging cards of this table would do (nothing is written)", _MERGE)},
    "/api/v1/tables/{secret}/merge": {"parameters": _SECRET, "post": _op(
        "Merge duplicates among this table's cards into the one kept (votes carry over)", _MERGE)},
    "/api/v1/tables/{secret}/cards/{id}/split": {"parameters": [*_SECRET, {
        "name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}], "post": _op(
        "Undo the merge that took this card of the table in")},
})
