"""The letterhead of a process's documents: municipality name, logo and footer line (issue 15)."""
from __future__ import annotations

from flask import abort, make_response, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..domain.errors import DomainError
from ..services import letterhead, processes
from . import bp, forms
from .common import done, failed, process_for

# A stored logo is already cleaned; these headers keep an SVG inert even if opened on its own.
LOGO_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                "X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=300"}


@bp.post("/organize/processes/<int:process_id>/letterhead")
def letterhead_update(process_id: int):
    target = process_for(process_id)
    upload = request.files.get("logo")
    try:
        data = letterhead.parse(request.form.get("municipality", ""), request.form.get("footer", ""),
                                upload.read(letterhead.LOGO_READ_LIMIT) if upload and upload.filename else None,
                                forms.checkbox(request.form, "remove_logo"))
        letterhead.update_letterhead(access.current_actor(), target, data)
    except DomainError as error:
        return failed("organizer/process.html", error, form="letterhead", process=target,
                      can_manage_members=processes.may_manage_members(current_user._get_current_object(), target))
    return done(_("The letterhead is saved."), "organizer.process", "letterhead", process_id=target.id)


@bp.get("/organize/processes/<int:process_id>/letterhead/logo")
def letterhead_logo(process_id: int):
    return logo_response(process_for(process_id))


def logo_response(process):
    """The process's stored logo as it is served to the page and the API (404 without one)."""
    logo = letterhead.logo_of(process)
    if logo is None:
        abort(404)
    response = make_response(logo[0])
    response.headers["Content-Type"] = logo[1]
    response.headers.update(LOGO_HEADERS)
    return response
