"""The console's "Tables" section: set up tables, seat people, balance, rotate, plenary, the
facilitator link (shown once) and the printable QR codes. Plain forms (post/redirect/get);
moderator.js sends them with fetch and draws the answer's state (console-tables.js)."""
from __future__ import annotations

import segno
from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup

from .. import urls
from ..domain.errors import DomainError
from ..services import table_seats, tables
from . import bp
from .common import done, failed, render_console, workshop_for


def _update(code: str, table_id: int, message: str, **changes):
    workshop, actor = workshop_for(code)
    try:
        tables.update(actor, workshop.id, table_id, **changes)
    except DomainError as error:
        return failed(workshop, error, f"table-{table_id}")
    return done(workshop, message, "tables")


@bp.post("/moderate/<code>/tables")
def table_create(code: str):
    workshop, actor = workshop_for(code)
    try:
        tables.create(actor, workshop.id, name=request.form.get("name"), field=request.form.get("field"))
    except DomainError as error:
        return failed(workshop, error, "table-new")
    return done(workshop, _("The table was added."), "tables")


@bp.post("/moderate/<code>/tables/<int:table_id>")
def table_update(code: str, table_id: int):
    return _update(code, table_id, _("The table was saved."), name=request.form.get("name"),
                   field=request.form.get("field"))


@bp.post("/moderate/<code>/tables/<int:table_id>/move")
def table_move(code: str, table_id: int):
    return _update(code, table_id, _("The order of the tables was changed."),
                   position=request.form.get("position"))


@bp.post("/moderate/<code>/tables/<int:table_id>/delete")
def table_delete(code: str, table_id: int):
    workshop, actor = workshop_for(code)
    try:
        summary = tables.delete(actor, workshop.id, table_id)
    except DomainError as error:
        return failed(workshop, error, f"table-{table_id}")
    count = len(summary["to_plenary"])
    return done(workshop, ngettext("The table was deleted; %(num)s person went to the plenary.",
                                   "The table was deleted; %(num)s people went to the plenary.", count)
                if count else _("The table was deleted."), "tables")


@bp.post("/moderate/<code>/tables/<int:table_id>/facilitator")
def table_facilitator(code: str, table_id: int):
    """A new facilitator link, shown once on the console page it answers with."""
    workshop, actor = workshop_for(code)
    try:
        table, secret = tables.facilitator_link(actor, workshop.id, table_id)
    except DomainError as error:
        return failed(workshop, error, f"table-{table_id}")
    link = {"table": table.name, "url": urls.external("facilitator.show", secret=secret)}
    return render_console(workshop, facilitator_link=link)


@bp.post("/moderate/<code>/tables/<int:table_id>/facilitator/revoke")
def table_facilitator_revoke(code: str, table_id: int):
    workshop, actor = workshop_for(code)
    try:
        tables.revoke_facilitator(actor, workshop.id, table_id)
    except DomainError as error:
        return failed(workshop, error, f"table-{table_id}")
    return done(workshop, _("The facilitator link of this table no longer works."), "tables")


@bp.post("/moderate/<code>/tables/balance")
def tables_balance(code: str):
    workshop, actor = workshop_for(code)
    try:
        summary = table_seats.balance(actor, workshop.id)
    except DomainError as error:
        return failed(workshop, error, "tables")
    return done(workshop, ngettext("The groups are spread across the tables; %(num)s person moved.",
                                   "The groups are spread across the tables; %(num)s people moved.",
                                   summary["moved"]), "tables")


@bp.post("/moderate/<code>/tables/rotate")
def tables_rotate(code: str):
    workshop, actor = workshop_for(code)
    try:
        table_seats.rotate(actor, workshop.id, request.form.get("step", "1"))
    except DomainError as error:
        return failed(workshop, error, "tables")
    return done(workshop, _("Everyone moved on to the next table; the cards stayed."), "tables")


@bp.post("/moderate/<code>/tables/plenary")
def tables_plenary(code: str):
    workshop, actor = workshop_for(code)
    try:
        table_seats.plenary(actor, workshop.id)
    except DomainError as error:
        return failed(workshop, error, "tables")
    return done(workshop, _("Everyone is back in the plenary; the cards stayed at their tables."), "tables")


@bp.post("/moderate/<code>/tables/seat")
def tables_seat(code: str):
    workshop, actor = workshop_for(code)
    try:
        table_seats.assign(actor, workshop.id, request.form.get("participant"), request.form.get("table") or None)
    except DomainError as error:
        return failed(workshop, error, "seats")
    return done(workshop, _("The participant's table was changed."), "seats")


@bp.get("/moderate/<code>/tables/qr")
def tables_qr(code: str):
    """One QR code per table to print and put on the table: scanning it joins (if needed) and
    sits the phone at that table."""
    workshop, _actor = workshop_for(code)
    sheets = []
    for table in tables.tables_of(workshop.id):
        address = urls.table_qr_url(table)
        # segno's own SVG: path data and our URL only, no user text, so it is safe to inline.
        svg = Markup(segno.make(address, error="m").svg_inline(omitsize=True, border=2))  # nosec B704
        sheets.append({"table": table, "url": address, "svg": svg})
    return render_template("moderator/tables_qr.html", workshop=workshop, sheets=sheets)
