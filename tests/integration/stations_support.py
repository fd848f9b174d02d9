"""Helpers for the tables' surfaces (facilitator device, screen, documents): tables with a
facilitator link made by the tables' own services, seated participants, cards written at a table."""
from __future__ import annotations

from tests.integration.moderator_support import add_participant
from workshop_app.extensions import db
from workshop_app.models import Participant, Proposal, WorkshopTable
from workshop_app.services import moderation, table_seats, tables
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM


def make_tables(workshop, count: int = 2) -> list[tuple[WorkshopTable, str]]:
    """``count`` tables, each at its own field of action, each with a facilitator link."""
    fields = list(workshop.process.fields)
    made = []
    for position in range(count):
        table = tables.create(SYSTEM, workshop.id, name=f"Tisch {position + 1}",
                              field=fields[position % len(fields)].id)
        made.append(tables.facilitator_link(SYSTEM, workshop.id, table.id))
    return made


def seat(workshop, table_id: int, group_key: str) -> Participant:
    participant, _secret = add_participant(workshop.id, group_key)
    return table_seats.assign(SYSTEM, workshop.id, participant.id, table_id)


def card_at(workshop, table_id: int | None, title: str, *, paper: bool = False) -> Proposal:
    """A published card written at the table, in its field (by a phone unless ``paper``)."""
    table = db.session.get(WorkshopTable, table_id) if table_id is not None else None
    proposal = moderation.add(SYSTEM, workshop.id, title=title, from_paper=paper, table_id=table_id,
                              field=table.field_id if table else None)
    if not paper:
        with tx.write():
            db.session.get(Proposal, proposal.id).author_kind = "participant"
    return db.session.get(Proposal, proposal.id)
