"""Downloads of a workshop's results and a process's action plan in every export format."""
from __future__ import annotations

from flask import abort, request

from .. import exports, inputs
from ..downloads import download_export
from ..i18n import current_language
from ..services.read_models import reports
from . import bp
from .common import process_for, workshop_for


def options_for(fmt: str) -> dict:
    """``?lang=de|en`` (default: the page's language) and, for CSV, ``?delimiter=,|;``."""
    return inputs.export_options(request.args, fmt, default_language=current_language())


@bp.get("/organize/workshops/<code>/export/<fmt>")
def export_workshop(code: str, fmt: str):
    workshop = workshop_for(code)
    if fmt.lower() not in exports.FORMATS:
        abort(404)
    export = reports.export_workshop(workshop, fmt, **options_for(fmt))
    return download_export(export, workshop.title)


@bp.get("/organize/processes/<int:process_id>/export/<fmt>")
def export_process(process_id: int, fmt: str):
    process = process_for(process_id)
    if fmt.lower() not in exports.FORMATS:
        abort(404)
    export = reports.export_process(process, fmt, **options_for(fmt))
    return download_export(export, process.title)


@bp.get("/organize/processes/<int:process_id>/report/<fmt>")
def export_annual_report(process_id: int, fmt: str):
    """The annual progress report of ``?year=YYYY`` as pdf, docx or odt."""
    process = process_for(process_id)
    if fmt.lower() not in exports.REPORT_FORMATS:
        abort(404)
    year = inputs.optional_int(request.args.get("year"), "year")
    export = reports.export_annual_report(process, fmt, year, **options_for(fmt))
    return download_export(export, f"{process.title} {year or ''}".strip())
