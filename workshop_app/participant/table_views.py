"""The phone's table: choose where to sit (plain form), and a table's QR code.

A QR code holds /w/<code>/table/<id>/<token>; the token is a keyed digest of the table
(services.tables.qr_token), so an address cannot be made up from a guessed id, and it admits
nothing beyond what choosing that table on the phone allows anyway: a phone that has not joined
yet goes through the workshop's own join (group, codes, cap) and sits down afterwards.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _

from .. import participants_http
from ..domain.errors import DomainError
from ..messages import describe
from ..models import Participant, Workshop
from ..services import table_seats, tables
from . import bp

PENDING_KEY = "table_qr"  # session: {join code: table id} scanned before joining


def _home(workshop: Workshop):
    return redirect(url_for("participant.home", code=workshop.join_code, _anchor="table"), 303)


def _sit(participant: Participant, table_id: int | str | None) -> None:
    try:
        person = table_seats.choose(participant, table_id)
    except DomainError as error:
        flash(describe(error), "error")
        return
    table = person.table_id and tables.table_of(person.workshop, person.table_id)
    flash(_("You are at the table “%(name)s” now.", name=table.name) if table
          else _("You are in the plenary now (at no table)."), "success")


@bp.post("/w/<code>/table")
def choose_table(code: str):
    workshop = participants_http.workshop_or_404(code)
    participant = participants_http.participant_of(workshop)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    _sit(participant, request.form.get("table") or None)
    return _home(workshop)


@bp.get("/w/<code>/table/<int:table_id>/<token>")
def table_qr(code: str, table_id: int, token: str):
    workshop = participants_http.workshop_or_404(code)
    table = tables.qr_table(workshop, table_id, token)
    if table is None:
        abort(404)
    participant = participants_http.participant_of(workshop)
    if participant is None:  # join first; the workshop page then seats the phone
        session[PENDING_KEY] = {workshop.join_code: table.id}
        return redirect(url_for("participant.join_code", code=workshop.join_code))
    _sit(participant, table.id)
    return _home(workshop)


def take_pending_seat(workshop: Workshop, participant: Participant) -> None:
    """After joining from a table's QR code: sit at that table (once)."""
    pending = session.get(PENDING_KEY)
    if not pending or workshop.join_code not in pending:
        return
    table_id = pending.pop(workshop.join_code)
    session[PENDING_KEY] = pending
    _sit(participant, table_id)
