"""The tables (stations) on the projector: every table's progress while the room collects, and
one table's wall when the moderator puts it on the screen.

``show_table`` is the moderator's choice (console form and API, audited, like ``screen.show_round``);
a phase change ends it (``Workshop.change_phase``). What the screen draws goes out with the
screen's facts (``screen.live_facts``: ``tables`` and ``table_wall``); the tables' overview also
arrives as ``tables`` events (live.tables) and new cards as ``proposal`` events carrying their
``table``, so the screen redraws from pushed state alone.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain import values
from ..domain.errors import DomainError
from ..domain.kinds import ScreenMode
from ..domain.phases import Phase, ProposalState
from ..extensions import db
from ..hyphenation import hyphenate
from ..models import Proposal, Workshop, WorkshopTable
from . import tables
from .plumbing import audit, locking, tx
from .plumbing.audit import Actor


def shown_table(workshop: Workshop) -> WorkshopTable | None:
    """The table whose wall the moderator put on the screen (None if none, or gone since)."""
    if workshop.screen_table_id is None:
        return None
    table = db.session.get(WorkshopTable, workshop.screen_table_id)
    return table if table is not None and table.workshop_id == workshop.id else None


def shows_progress(workshop: Workshop) -> bool:
    """While the room collects in a workshop with tables, the screen shows the tables' progress."""
    return workshop.phase == Phase.COLLECT.value and db.session.scalar(
        db.select(WorkshopTable.id).filter_by(workshop_id=workshop.id).limit(1)) is not None


def show_table(actor: Actor, workshop: Workshop, table_id: object) -> Workshop:
    """Put one table's wall on the screen, or hand the screen back to the phase (``None``)."""
    table_id = values.row_id(table_id, "table")
    with tx.write() as uow:
        target = locking.lock_workshop(workshop.id)
        if table_id is not None:
            table = db.session.get(WorkshopTable, table_id)
            if table is None or table.workshop_id != target.id:
                raise DomainError("invalid_choice", "no such table in this workshop", field="table")
        before = target.screen_table_id
        target.screen_table_id = table_id
        if table_id is not None:
            target.spotlight_proposal_id = None  # the wall replaces a spotlight, as a round does
        target.bump()
        audit.record(actor, "workshop.screen_table", target, workshop_id=target.id,
                     process_id=target.process_id, before={"screen_table": before},
                     after={"screen_table": table_id})
        uow.publish(events.workshop_changed, workshop_id=target.id, version=target.version,
                    screen_table=table_id, spotlight=target.spotlight_proposal_id)
    return target


def card_tables(workshop: Workshop, ids: list[int]) -> dict[int, int]:
    """The table each of these proposals was written at (those written at one)."""
    if not ids:
        return {}
    return dict(db.session.execute(db.select(Proposal.id, Proposal.table_id).where(
        Proposal.workshop_id == workshop.id, Proposal.id.in_(ids), Proposal.table_id.is_not(None))).all())


def table_wall(workshop: Workshop, table: WorkshopTable, language: str,
               langs: dict[int, str] | None = None) -> dict[str, Any]:
    """The table's published cards, newest first, as the screen's wall cards; with the table."""
    rows = db.session.execute(db.select(Proposal.id, Proposal.title).where(
        Proposal.workshop_id == workshop.id, Proposal.table_id == table.id,
        Proposal.state == ProposalState.PUBLISHED.value).order_by(Proposal.id.desc())).all()
    langs = langs or {}
    cards = []
    for proposal_id, title in rows:
        lang = langs.get(proposal_id)
        card = {"id": proposal_id, "title": title, "lang": lang, "table": table.id}
        shy = hyphenate(title, lang or language)
        if shy != title:
            card["shy"] = shy
        cards.append(card)
    field = table.field
    return {"table": {"id": table.id, "name": table.name, "position": table.position,
                      "field": None if field is None else {"id": field.id, "name": field.name,
                                                          "colour": field.colour}},
            "cards": cards}


def screen_facts(workshop: Workshop, mode: str, language: str, langs_of) -> dict[str, Any]:
    """The screen's table facts: ``tables`` (the overview, in a workshop with tables) and
    ``table_wall`` (while the screen shows one table). ``langs_of(ids)``: the cards' languages."""
    overview = tables.table_overview(workshop.id)
    facts: dict[str, Any] = {"tables": overview, "table_wall": None}
    table = shown_table(workshop) if mode == ScreenMode.TABLE else None
    if table is not None:
        wall = table_wall(workshop, table, language)
        langs = langs_of([c["id"] for c in wall["cards"]])
        facts["table_wall"] = table_wall(workshop, table, language, langs) if langs else wall
    return facts
