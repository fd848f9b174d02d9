"""Publishing the progress page of a process, the websites that may embed it, and the
organizers' deadline calendar (also while the page is not public)."""
from __future__ import annotations

from flask import make_response, request
from flask_babel import gettext as _

from .. import access, inputs
from ..domain.errors import DomainError
from ..services import publishing
from ..services.read_models import calendar
from ..urls import external
from . import bp
from .common import done, failed, process_for
from .processes import page_context  # the process page's context, for showing it again with the error


@bp.post("/organize/processes/<int:process_id>/publication")
def publication(process_id: int):
    target = process_for(process_id)
    try:
        settings = publishing.parse(inputs.checkbox(request.form, "public"), request.form.get("embed_origins", ""))
        publishing.update_publication(access.current_actor(), target, settings)
    except DomainError as error:
        return failed("organizer/process.html", error, form="publication", **page_context(target))
    message = _("The progress page is public.") if settings.public else _("The progress page is not public.")
    return done(message, "organizer.process", "publication", process_id=target.id)


@bp.get("/organize/processes/<int:process_id>/deadlines.ics")
def process_calendar(process_id: int):
    target = process_for(process_id)
    body = calendar.process_calendar(target, url_for_measure=lambda m: external(
        "organizer.action_plan", process_id=target.id) + f"#measure-{m.id}")
    response = make_response(body)
    response.headers["Content-Type"] = calendar.MEDIA_TYPE
    response.headers["Content-Disposition"] = f'attachment; filename="deadlines-{target.id}.ics"'
    return response
