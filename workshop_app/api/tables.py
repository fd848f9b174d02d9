"""Tables (stations) in the JSON API: staff set up tables, seat people, balance, rotate and send
everyone to the plenary; a participant chooses their own table. The console's forms and the
phone's form call the same services (services.tables, services.table_seats)."""
from __future__ import annotations

from .. import access, participants_http, urls
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Workshop, WorkshopTable
from ..services import table_seats, tables
from ..services.read_models import snapshots
from . import bp
from .common import json_body, moderated_workshop
from .tables_docs import PATHS  # noqa: F401  (merged into /api/v1/openapi.json)


def _table(table_id: int):
    table = db.get_or_404(WorkshopTable, table_id)
    workshop = table.workshop
    return workshop, table, access.require_moderator(workshop)


def table_json(table: WorkshopTable) -> dict:
    return {"id": table.id, "name": table.name, "position": table.position, "field": table.field_id,
            "facilitator": table.facilitator_secret_hash is not None, "qr_url": urls.table_qr_url(table)}


def _fields(body: dict, *names: str) -> dict:
    return {name: body[name] for name in names if name in body}


@bp.get("/workshops/<code>/tables")
def moderate_tables_list(code: str):
    workshop, _actor = moderated_workshop(code)
    return table_seats.console_tables(workshop)


@bp.post("/workshops/<code>/tables")
def moderate_tables_create(code: str):
    workshop, actor = moderated_workshop(code)
    body = json_body()
    table = tables.create(actor, workshop.id, name=body.get("name"), field=body.get("field"))
    return table_json(table), 201


@bp.patch("/tables/<int:table_id>")
def moderate_tables_update(table_id: int):
    workshop, table, actor = _table(table_id)
    changes = _fields(json_body(), "name", "field", "position")
    return table_json(tables.update(actor, workshop.id, table.id, **changes))


@bp.delete("/tables/<int:table_id>")
def moderate_tables_delete(table_id: int):
    workshop, table, actor = _table(table_id)
    return {"deleted": tables.delete(actor, workshop.id, table.id)}


@bp.post("/tables/<int:table_id>/facilitator")
def moderate_tables_facilitator(table_id: int):
    workshop, table, actor = _table(table_id)
    table, secret = tables.facilitator_link(actor, workshop.id, table.id)
    return {**table_json(table), "facilitator_url": urls.external("facilitator.show", secret=secret)}, 201


@bp.delete("/tables/<int:table_id>/facilitator")
def moderate_tables_facilitator_revoke(table_id: int):
    workshop, table, actor = _table(table_id)
    return table_json(tables.revoke_facilitator(actor, workshop.id, table.id))


@bp.put("/workshops/<code>/participants/<int:participant_id>/table")
def moderate_tables_assign(code: str, participant_id: int):
    workshop, actor = moderated_workshop(code)
    person = table_seats.assign(actor, workshop.id, participant_id, json_body().get("table"))
    return {"participant": person.id, "table": person.table_id}


@bp.post("/workshops/<code>/tables/balance")
def moderate_tables_balance(code: str):
    workshop, actor = moderated_workshop(code)
    return table_seats.balance(actor, workshop.id)


@bp.post("/workshops/<code>/tables/rotate")
def moderate_tables_rotate(code: str):
    workshop, actor = moderated_workshop(code)
    return table_seats.rotate(actor, workshop.id, json_body().get("step", 1))


@bp.post("/workshops/<code>/tables/plenary")
def moderate_tables_plenary(code: str):
    workshop, actor = moderated_workshop(code)
    return table_seats.plenary(actor, workshop.id)


@bp.put("/workshops/<code>/table")
def tables_choose(code: str):
    """The participant's own seat; answers their snapshot (the phone draws it at once)."""
    workshop = participants_http.workshop_or_404(code)
    participant = participants_http.participant_of(workshop)
    if participant is None:
        raise DomainError("not_joined", "Please join the workshop first.")
    table_seats.choose(participant, json_body().get("table"))
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    return snapshots.participant_state(workshop, participants_http.participant_of(workshop))
