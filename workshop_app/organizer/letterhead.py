"""The letterhead of a process's documents: municipality name, logo and footer line (issue 15)."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, inputs
from ..domain.errors import DomainError
from ..downloads import logo_response
from ..services import letterhead, processes
from . import bp
from .common import done, failed, process_for


@bp.post("/organize/processes/<int:process_id>/letterhead")
def letterhead_update(process_id: int):
    target = process_for(process_id)
    upload = request.files.get("logo")
    try:
        data = letterhead.parse(request.form.get("municipality", ""), request.form.get("footer", ""),
                                upload.read(letterhead.LOGO_READ_LIMIT) if upload and upload.filename else None,
                                inputs.checkbox(request.form, "remove_logo"))
        letterhead.update_letterhead(access.current_actor(), target, data)
    except DomainError as error:
        return failed("organizer/process.html", error, form="letterhead", process=target,
                      can_manage_members=processes.may_manage_members(current_user._get_current_object(), target))
    return done(_("The letterhead is saved."), "organizer.process", "letterhead", process_id=target.id)


@bp.get("/organize/processes/<int:process_id>/letterhead/logo")
def letterhead_logo(process_id: int):
    return logo_response(process_for(process_id))
