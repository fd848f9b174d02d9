"""The personal update link: the address's measures of one process, one form for all of them.

No account and no cookie are needed to read the page; the session cookie carries only the CSRF
token of the form. An unknown secret spends a guess of the address (``guesses``) and answers 404;
a revoked or expired link answers 410. Neither page says what the link was for.
"""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import guesses
from ..domain.responsible import LinkState
from ..extensions import db
from ..messages import describe
from ..models import ResponsibleLink
from ..services import responsible_links as links
from ..services import responsible_reports as reports
from ..services.read_models import calendar
from ..services.read_models.progress import today
from ..urls import external
from ..vocabulary import MEASURE_STATUS_LABELS
from . import bp, forms


@bp.after_request
def _private(response):
    response.headers["Referrer-Policy"] = "no-referrer"  # the secret is part of the address
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def active_link(secret: str) -> ResponsibleLink:
    """The link, or the page that says it does not work (404 unknown, 410 revoked or expired)."""
    link = links.find(secret)
    if link is None:
        guesses.refuse_unknown()
        abort(make_response(render_template("responsible/gone.html", reason="unknown"), 404))
    state = links.state(link, today())
    if state is not LinkState.ACTIVE:
        abort(make_response(render_template("responsible/gone.html", reason=state.value), 410))
    return link


def _page(link: ResponsibleLink, status: int = 200, errors: dict | None = None):
    return render_template(
        "responsible/report.html", link=link, measures=links.measures_of(link.process_id, link.email),
        day=today(), expires_on=links.expires_on(link), errors=errors or {}, field=forms.name,
        values=request.form if errors else None, status_options=list(MEASURE_STATUS_LABELS.items()),
        calendar_url=url_for("responsible.calendar", secret=request.view_args["secret"])), status


@bp.get("/report/<secret>")
def report(secret: str):
    return _page(active_link(secret))


@bp.post("/report/<secret>")
def submit(secret: str):
    link = active_link(secret)
    try:
        changed = reports.submit(link, forms.entries(request.form), today())
    except reports.ReportRejected as rejected:
        db.session.rollback()
        errors = {mid: (e.params.get("field"), describe(e)) for mid, e in rejected.errors.items()}
        return _page(db.session.get(ResponsibleLink, link.id), 422, errors)
    flash(ngettext("Thank you: %(num)d measure was updated.", "Thank you: %(num)d measures were updated.",
                   changed) if changed else _("Nothing was changed."), "success" if changed else "info")
    return redirect(url_for("responsible.report", secret=secret))


@bp.get("/report/<secret>/deadlines.ics", endpoint="calendar")
def calendar_feed(secret: str):
    """The address's measure deadlines of this process, to subscribe to (no e-mail address in it)."""
    link = active_link(secret)
    process = link.process
    body = calendar.measures_calendar(
        links.measures_of(link.process_id, link.email),
        name=_("My deadlines: %(process)s", process=process.title),
        url_for_measure=lambda m: external("responsible.report", secret=secret) + f"#measure-{m.id}",
        description=f"{process.municipality} – {process.title}")
    response = make_response(body)
    response.headers["Content-Type"] = calendar.MEDIA_TYPE
    response.headers["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    return response
