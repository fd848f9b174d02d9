"""The organizer's overview: processes, import of an archive, links to the audit log and API keys."""
from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..domain.errors import DomainError
from ..services import archive, processes
from . import bp
from .common import done, failed


def _dashboard_context() -> dict:
    return {"processes": processes.list_processes(current_user._get_current_object())}


@bp.get("/organize/")
def dashboard():
    return render_template("organizer/dashboard.html", **_dashboard_context())


@bp.post("/organize/import")
def import_archive():
    # The one large upload of the app: raise the body limit for this request only.
    request.max_content_length = current_app.config["MAX_IMPORT_LENGTH"]
    upload = request.files.get("archive")
    try:
        if upload is None or not upload.filename:
            raise DomainError("archive_invalid", "no file chosen")
        process = archive.import_archive(access.current_actor(), upload.read())
    except DomainError as error:
        return failed("organizer/dashboard.html", error, form="import", **_dashboard_context())
    return done(_("The archive was imported."), "organizer.process", process_id=process.id)

