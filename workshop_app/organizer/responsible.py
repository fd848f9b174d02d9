"""Personal update links of a process's responsible bodies: overview, issue/renew, revoke, show."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from .. import access
from ..domain.errors import DomainError
from ..extensions import db
from ..models import ResponsibleLink
from ..services import responsible_links as links
from ..services.read_models.progress import today
from ..urls import external
from . import bp
from .common import done, failed, process_for


def _context(process) -> dict:
    return {"process": process, "addresses": links.addresses(process, today())}


def _shown(process, link, secret: str | None, status: int = 200):
    url = external("responsible.report", secret=secret) if secret else None
    return render_template("organizer/responsible_links.html", shown_email=link.email, shown_url=url,
                           values={}, **_context(process)), status


@bp.get("/organize/processes/<int:process_id>/responsible")
def responsible_links(process_id: int):
    return render_template("organizer/responsible_links.html", values={}, **_context(process_for(process_id)))


@bp.post("/organize/processes/<int:process_id>/responsible")
def issue_responsible_link(process_id: int):
    """Create a link for an address, or renew it (the previous link stops working at once)."""
    process = process_for(process_id)
    try:
        link, secret = links.issue(access.current_actor(), process, request.form.get("email", ""))
    except DomainError as error:
        return failed("organizer/responsible_links.html", error, form="issue", **_context(process))
    return _shown(process, link, secret, 201)


@bp.post("/organize/responsible-links/<int:link_id>/show")
def show_responsible_link(link_id: int):
    link = db.get_or_404(ResponsibleLink, link_id)
    process = process_for(link.process_id)
    return _shown(process, link, links.reveal(access.current_actor(), link))


@bp.post("/organize/responsible-links/<int:link_id>/revoke")
def revoke_responsible_link(link_id: int):
    link = db.get_or_404(ResponsibleLink, link_id)
    process = process_for(link.process_id)
    links.revoke(access.current_actor(), link)
    return done(_("The link of %(email)s was revoked; it no longer works.", email=link.email),
                "organizer.responsible_links", process_id=process.id)
