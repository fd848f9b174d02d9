"""The tables (stations) of a workshop in its documents: each table with its field and how many
cards were written there on paper (entered by the facilitator or a moderator) and on phones;
each proposal names its table (services.read_models.reports)."""
from __future__ import annotations

from sqlalchemy import func

from ...exports import document as doc
from ...extensions import db
from ...models import Proposal, Workshop, WorkshopTable


def stations(workshop: Workshop, field_names: dict[int, str]) -> tuple[dict[int, str], tuple[doc.Station, ...]]:
    """Table id → name, and the workshop's tables in the room's order with their card counts
    (every card written there, whatever became of it: merged and hidden ones too)."""
    tables = db.session.scalars(db.select(WorkshopTable).filter_by(workshop_id=workshop.id)
                                .order_by(WorkshopTable.position)).all()
    if not tables:
        return {}, ()
    counts: dict[tuple[int, str], int] = {
        (table_id, kind): n for table_id, kind, n in db.session.execute(
            db.select(Proposal.table_id, Proposal.author_kind, func.count())
            .where(Proposal.workshop_id == workshop.id, Proposal.table_id.is_not(None))
            .group_by(Proposal.table_id, Proposal.author_kind))}
    return ({t.id: t.name for t in tables},
            tuple(doc.Station(name=t.name, field=field_names.get(t.field_id),
                              paper_cards=counts.get((t.id, "paper"), 0) + counts.get((t.id, "moderator"), 0),
                              phone_cards=counts.get((t.id, "participant"), 0)) for t in tables))
