"""Organizer endpoints of the JSON API (DESIGN §5): processes, fields, workshops, exports, audit.

Callers are organizers: an API key (``Authorization: Bearer zwk_…``, resolved to the account by
Flask-Login's request loader) or a signed-in session with ``X-CSRFToken``. Each endpoint calls the
same service as the organizer pages. The action plan's endpoints live in ``organizer_plan``.
"""
from __future__ import annotations

from flask import abort, current_app, request
from flask_login import current_user

from .. import exports, inputs, lookup
from ..domain.errors import DomainError
from ..domain.phases import WorkshopState
from ..downloads import download_export
from ..extensions import db
from ..models import FieldOfAction, Process, Workshop
from ..services import archive, fields, joinsheets, privacy, processes, publishing, workshops
from ..services.read_models import auditlog, reports
from ..urls import external
from . import bp, organizer_letterhead, organizer_plan  # noqa: F401  (registers the letterhead's, action plan's routes)
from .common import json_body
from .organizer_common import found, organizer, visible
from .organizer_docs import PATHS  # noqa: F401  (merged into /api/v1/openapi.json)
from .organizer_json import field_json, process_json, workshop_json


def _workshop(code: str) -> Workshop:
    return visible(lookup.workshop_by_code(code))


PROCESS_KEYS = ("municipality", "title", "period_start", "period_end", "council_decision")


def _process_values(body: dict) -> dict:
    return {key: inputs.optional_date(body.get(key), key) if key.startswith(("period", "council"))
            else body.get(key, "") for key in PROCESS_KEYS}


@bp.get("/processes")
def organizer_processes():
    organizer()
    listed = processes.list_processes(current_user._get_current_object())
    return {"processes": [process_json(p, full=False) for p in listed]}


@bp.post("/processes")
def organizer_create_process():
    actor, body = organizer(), json_body()
    process = processes.create_process(actor, template=body.get("template", "empty"), **_process_values(body))
    return process_json(process), 201


@bp.get("/processes/<int:process_id>")
def organizer_process(process_id: int):
    organizer()
    return process_json(found(Process, process_id))


PUBLICATION_KEYS = {"public", "embed_origins"}


@bp.patch("/processes/<int:process_id>")
def organizer_update_process(process_id: int):
    actor, body, process = organizer(), json_body(), found(Process, process_id)
    publication = publishing.parse(body.get("public"), body.get("embed_origins"))  # checked first
    if body.keys() - PUBLICATION_KEYS or not body:
        values = _process_values({key: body.get(key, getattr(process, key)) for key in PROCESS_KEYS})
        values["implementation_years"] = inputs.optional_int(body.get("implementation_years"), "implementation_years")
        process = processes.update_process(actor, process, **values)
    return process_json(publishing.update_publication(actor, process, publication))


@bp.post("/processes/import")
def organizer_import_process():
    actor = organizer()
    request.max_content_length = current_app.config["MAX_IMPORT_LENGTH"]
    process = archive.import_archive(actor, request.get_data())
    return process_json(process), 201


@bp.post("/processes/<int:process_id>/fields")
def organizer_add_field(process_id: int):
    actor, body = organizer(), json_body()
    field = fields.add_field(actor, found(Process, process_id), name=body.get("name", ""),
                             description=body.get("description", ""), colour=body.get("colour"))
    return field_json(field), 201


@bp.patch("/fields/<int:field_id>")
def organizer_update_field(field_id: int):
    actor, body, field = organizer(), json_body(), found(FieldOfAction, field_id)
    if "direction" in body:
        fields.move_field(actor, field, body["direction"])
    field = fields.update_field(actor, found(FieldOfAction, field_id), name=body.get("name", field.name),
                                description=body.get("description", field.description),
                                colour=body.get("colour", field.colour))
    return field_json(field)


@bp.delete("/fields/<int:field_id>")
def organizer_delete_field(field_id: int):
    fields.delete_field(organizer(), found(FieldOfAction, field_id))
    return "", 204


def _workshop_values(body: dict) -> dict:
    values = {k: body[k] for k in workshops.SETTINGS if k in body}
    if "date" in values:
        values["date"] = inputs.optional_date(values["date"], "date")
    return values


@bp.post("/processes/<int:process_id>/workshops")
def organizer_create_workshop(process_id: int):
    actor, body, process = organizer(), json_body(), found(Process, process_id)
    values = _workshop_values(body)
    values["date_"] = values.pop("date", None)
    values.setdefault("title", "")  # missing → the service's clear "required" error, not a 500
    workshop, secret = workshops.create_workshop(actor, process, **values)
    if body.get("groups"):
        workshop = workshops.update_groups(actor, workshop, body["groups"])
    return {**workshop_json(workshop), "moderator_url": external("moderator.redeem_link", secret=secret)}, 201


@bp.patch("/workshops/<code>/settings")
def organizer_workshop_settings(code: str):
    actor, body, workshop = organizer(), json_body(), _workshop(code)
    if "groups" in body:
        workshop = workshops.update_groups(actor, workshop, body["groups"] or [])
    return workshop_json(workshops.update_workshop(actor, workshop, **_workshop_values(body)))


@bp.post("/workshops/<code>/state")
def organizer_workshop_state(code: str):
    actor, body, workshop = organizer(), json_body(), _workshop(code)
    if body.get("state") not in (WorkshopState.OPEN, WorkshopState.CLOSED, WorkshopState.ARCHIVED):
        raise DomainError("invalid_choice", "open, closed or archived", field="state")
    return workshop_json(workshops.change_state(actor, workshop, body["state"]))


@bp.post("/workshops/<code>/copy")
def organizer_copy_workshop(code: str):
    actor, body = organizer(), json_body(allow_empty=True)
    copy, secret = workshops.copy_workshop(actor, _workshop(code), title=body.get("title"))
    return {**workshop_json(copy), "moderator_url": external("moderator.redeem_link", secret=secret)}, 201


@bp.post("/workshops/<code>/moderator-link")
def organizer_moderator_link(code: str):
    secret = workshops.regenerate_moderator_link(organizer(), _workshop(code))
    return {"moderator_url": external("moderator.redeem_link", secret=secret)}, 201


@bp.delete("/workshops/<code>")
def organizer_delete_workshop(code: str):
    actor, body = organizer(), json_body(allow_empty=True)
    workshops.delete_workshop(actor, _workshop(code), confirmation=str(body.get("confirmation", "")))
    return "", 204


@bp.post("/workshops/<code>/tokens")
def organizer_create_tokens(code: str):
    actor, body, workshop = organizer(), json_body(), _workshop(code)
    group = next((g.id for g in workshop.groups if g.key == body.get("group")), None)
    if body.get("group") and group is None:
        raise DomainError("invalid_choice", "unknown group", field="group")
    tokens = joinsheets.create_tokens(actor, workshop, body.get("count"), group)
    return {"tokens": [{"code": t.code, "url": external("participant.join_code", code=t.code),
                        "group": t.group.key if t.group else None} for t in tokens]}, 201


@bp.post("/workshops/<code>/anonymise")
def organizer_anonymise(code: str):
    actor, workshop = organizer(), _workshop(code)
    counts = privacy.anonymise(actor, workshop)
    return {"workshop": workshop_json(db.session.get(Workshop, workshop.id)), "unlinked": counts}


def _export_options(fmt: str) -> dict:
    """As on the organizer's pages, but German without ``?lang=`` (an API has no page language)."""
    return inputs.export_options(request.args, fmt)


@bp.get("/workshops/<code>/export/<fmt>")
def organizer_export_workshop(code: str, fmt: str):
    organizer()
    workshop = _workshop(code)
    if fmt.lower() not in exports.FORMATS:
        abort(404)
    return download_export(reports.export_workshop(workshop, fmt, **_export_options(fmt)), workshop.title)


@bp.get("/processes/<int:process_id>/export/<fmt>")
def organizer_export_process(process_id: int, fmt: str):
    organizer()
    process = found(Process, process_id)
    if fmt.lower() not in exports.FORMATS:
        abort(404)
    return download_export(reports.export_process(process, fmt, **_export_options(fmt)), process.title)


@bp.get("/processes/<int:process_id>/report/<fmt>")
def organizer_annual_report(process_id: int, fmt: str):
    """The annual progress report of ``?year=YYYY`` (default: this year) as pdf, docx or odt."""
    organizer()
    process = found(Process, process_id)
    if fmt.lower() not in exports.REPORT_FORMATS:
        abort(404)
    year = inputs.optional_int(request.args.get("year"), "year")
    export = reports.export_annual_report(process, fmt, year, **_export_options(fmt))
    return download_export(export, f"{process.title} {year or ''}".strip())


@bp.get("/audit")
def organizer_audit():
    organizer()
    visible_ids = processes.visible_process_ids(current_user._get_current_object())
    filters = auditlog.AuditFilter(
        workshop_id=inputs.optional_int(request.args.get("workshop"), "workshop"),
        process_id=inputs.optional_int(request.args.get("process"), "process"),
        action=request.args.get("action") or None,
        process_ids=None if visible_ids is None else tuple(visible_ids))
    page = inputs.optional_int(request.args.get("page"), "page") or 1
    events, has_next = auditlog.list_events(filters, page=page)
    return {"events": [{"id": e.id, "created_at": e.created_at.isoformat(), "actor": e.actor_label,
                        "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
                        "workshop_id": e.workshop_id, "process_id": e.process_id,
                        "before": e.before, "after": e.after} for e in events],
            "next_page": page + 1 if has_next else None}
