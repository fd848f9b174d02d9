"""The audit log: who did what, when — filtered, paged and exported as CSV."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from .. import inputs
from ..downloads import download
from ..services import processes
from ..services.read_models import auditlog
from . import bp


def _filters() -> auditlog.AuditFilter:
    workshop = inputs.optional_int(request.args.get("workshop"), "workshop")
    process = inputs.optional_int(request.args.get("process"), "process")
    visible = processes.visible_process_ids(current_user._get_current_object())
    return auditlog.AuditFilter(workshop_id=workshop, process_id=process,
                                action=(request.args.get("action") or "").strip()[:60] or None,
                                process_ids=None if visible is None else tuple(visible))


@bp.get("/organize/audit")
def audit_log():
    filters = _filters()
    page = inputs.optional_int(request.args.get("page"), "page") or 1
    events, has_next = auditlog.list_events(filters, page=page)
    actions = auditlog.actions()
    kinds = sorted({action.split(".")[0] for action in actions})  # "workshop" = every workshop.*
    return render_template("organizer/audit.html", events=events, filters=filters, page=page,
                           has_next=has_next, actions=kinds + actions,
                           processes=processes.list_processes(current_user._get_current_object()))


@bp.get("/organize/audit.csv")
def audit_csv():
    return download(auditlog.to_csv(_filters()), "text/csv; charset=utf-8", "audit-log", "csv")
