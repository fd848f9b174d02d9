"""Pages of a table's facilitator device: the table and its wall, paper cards, merges.

Authorised by the table's facilitator secret in the address (404 for a wrong, rotated or cleared
one); forms carry CSRF and post/redirect/get; the same services answer the JSON API
(api/facilitator.py). The page draws later changes from the pushed ``snapshot`` (facilitator.js).
"""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from .. import inputs
from ..domain.errors import DomainError
from ..error_status import status_for
from ..messages import describe
from ..models import WorkshopTable
from ..services import facilitator, screen
from . import bp


def _table(secret: str) -> WorkshopTable:
    table = facilitator.table_for_secret(secret)
    if table is None:
        abort(404)
    return table


def _page(table: WorkshopTable, secret: str, *, error: str | None = None, error_form: str | None = None,
          status: int = 200):
    with force_locale(screen.workshop_language(table.workshop)):
        html = render_template("facilitator/show.html", secret=secret, state=facilitator.table_state(table),
                               error=error, error_form=error_form, values=request.form)
    return html, status


def _failed(table: WorkshopTable, secret: str, error: DomainError, form: str):
    return _page(table, secret, error=describe(error), error_form=form, status=status_for(error))


def _done(secret: str, message: str, anchor: str = "wall"):
    flash(message, "success")
    return redirect(url_for("facilitator.show", secret=secret) + f"#{anchor}")


@bp.get("/table/<secret>")
def show(secret: str):
    return _page(_table(secret), secret)


@bp.get("/table/<secret>/state")
def state(secret: str):
    response = jsonify(facilitator.table_state(_table(secret)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/table/<secret>/cards")
def add_card(secret: str):
    table = _table(secret)
    try:
        facilitator.add_card(table, title=request.form.get("title", ""), body=request.form.get("body", ""))
    except DomainError as error:
        return _failed(table, secret, error, "card")
    return _done(secret, _("The card is on the table's wall."), "card")


@bp.post("/table/<secret>/merge")
def merge_preview(secret: str):
    """Step 1: what the merge would do, before anything is written."""
    table = _table(secret)
    try:
        sources, target = inputs.merge_choice(request.form)  # the same fields as the console's merge
        preview = facilitator.preview(table, sources, target)
    except DomainError as error:
        return _failed(table, secret, error, "merge")
    with force_locale(screen.workshop_language(table.workshop)):
        return render_template("facilitator/merge_preview.html", secret=secret, table=table, preview=preview)


@bp.post("/table/<secret>/merge/confirm")
def merge_confirm(secret: str):
    table = _table(secret)
    try:
        sources, target = inputs.merge_choice(request.form)
        facilitator.merge(table, sources, target)
    except DomainError as error:
        return _failed(table, secret, error, "merge")
    return _done(secret, _("The cards were merged."))


@bp.post("/table/<secret>/cards/<int:proposal_id>/split")
def split(secret: str, proposal_id: int):
    table = _table(secret)
    try:
        cards = facilitator.split(table, proposal_id)
    except DomainError as error:
        return _failed(table, secret, error, "merge")
    return _done(secret, ngettext("The merge was undone: %(num)s card is separate again.",
                                  "The merge was undone: %(num)s cards are separate again.", len(cards)))
