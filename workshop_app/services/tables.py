"""Tables (stations) of a workshop: set-up, the facilitator link, the QR token and the overview.

Every staff write runs in one unit of work (``tx.write``) that holds the workshop's row lock, is
audited, bumps the workshop's version and publishes ``events.tables_changed`` after commit (a
facilitator link's change publishes ``events.facilitator_revoked`` instead: the room sees nothing
of it). Seats (who sits where, rotation) are in ``services.table_seats``.

Positions are kept 0 … n-1 without gaps (a rotation moves people from index p to (p + step) mod
n); renumbering goes through negative positions first so that the unique (workshop, position)
constraint never sees two tables at one place, on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy import update as sql_update

from .. import events, secrets_store
from ..domain import joincodes
from ..domain.errors import DomainError
from ..domain.phases import ProposalState
from ..domain.tables import MAX_TABLES
from ..domain.text import clean_text
from ..domain.values import optional_int
from ..extensions import db
from ..models import Participant, Proposal, StakeholderGroup, Workshop, WorkshopTable
from ..models.tables import TABLE_NAME_MAX
from .fields import field_of_process
from .plumbing import audit, locking, tx
from .plumbing.audit import Actor

QR_PURPOSE = "table-qr"
QR_TOKEN_LENGTH = 16  # hex characters of the keyed digest: 64 bits, far beyond guessing


def table_overview(workshop_id: int) -> list[dict[str, Any]]:
    """Every table of the workshop in the room's order, for console, screen and phones.

    Each entry: ``{"id", "name", "position", "field": {"id", "name", "colour"} | None,
    "cards": published cards written at the table, "people": seated now,
    "by_group": {group key: seated now}, "facilitator": whether a facilitator link exists}``.
    Holds no personal seat (safe to broadcast).
    """
    tables = db.session.scalars(select(WorkshopTable).where(
        WorkshopTable.workshop_id == workshop_id).order_by(WorkshopTable.position)).all()
    if not tables:
        return []
    cards = dict(db.session.execute(
        select(Proposal.table_id, func.count()).where(
            Proposal.workshop_id == workshop_id, Proposal.table_id.is_not(None),
            Proposal.state == ProposalState.PUBLISHED.value).group_by(Proposal.table_id)).all())
    seats: dict[int, dict[str, int]] = {}
    for table_id, key, count in db.session.execute(
            select(Participant.table_id, StakeholderGroup.key, func.count())
            .join(StakeholderGroup, StakeholderGroup.id == Participant.group_id)
            .where(Participant.workshop_id == workshop_id, Participant.table_id.is_not(None),
                   Participant.removed_at.is_(None))
            .group_by(Participant.table_id, StakeholderGroup.key)):
        seats.setdefault(table_id, {})[key] = count
    return [{
        "id": table.id, "name": table.name, "position": table.position,
        "field": None if table.field is None else {
            "id": table.field.id, "name": table.field.name, "colour": table.field.colour},
        "cards": cards.get(table.id, 0),
        "people": sum(seats.get(table.id, {}).values()),
        "by_group": seats.get(table.id, {}),
        "facilitator": table.facilitator_secret_hash is not None,
    } for table in tables]


def tables_of(workshop_id: int) -> list[WorkshopTable]:
    return list(db.session.scalars(select(WorkshopTable).where(
        WorkshopTable.workshop_id == workshop_id).order_by(WorkshopTable.position)))


def table_of(workshop: Workshop, table_id: object, *, field: str = "table") -> WorkshopTable:
    """A table of this workshop; an unknown id or another workshop's table is ``table_not_found``."""
    wanted = optional_int(table_id, field)
    table = db.session.get(WorkshopTable, wanted) if wanted is not None else None
    if table is None or table.workshop_id != workshop.id:
        raise DomainError("table_not_found", "No such table in this workshop.", field=field)
    return table


def _name(value: object) -> str:
    try:
        return clean_text("" if value is None else value, max_length=TABLE_NAME_MAX)
    except DomainError as error:
        error.params["field"] = "name"
        raise


def _facts(table: WorkshopTable) -> dict[str, Any]:
    return {"name": table.name, "field_id": table.field_id, "position": table.position}


def publish_change(uow: tx.UnitOfWork, workshop: Workshop, **extra: Any) -> None:
    """Bump the room's version and publish ``events.tables_changed`` after commit: a change every
    audience draws (tables set up, renamed, deleted, rotated, the plenary)."""
    uow.publish(events.tables_changed, workshop_id=workshop.id, version=workshop.bump(), **extra)


def publish_seats(uow: tx.UnitOfWork, workshop: Workshop, seats: dict[int, int | None]) -> None:
    """Only seats changed: no version bump (phones do not draw other people's seats, so nothing
    goes to every phone — 300 phones scanning their table's QR code would otherwise cost 300 × 300
    pushes); the moved phones, moderators and screens hear of it (live.tables)."""
    uow.publish(events.tables_changed, workshop_id=workshop.id, version=workshop.version,
                seats=seats, seats_only=True)


def _renumber(ordered: list[WorkshopTable]) -> None:
    """Positions 0 … n-1 in the given order (through negatives: the unique constraint holds)."""
    if all(table.position == index for index, table in enumerate(ordered)):
        return
    for index, table in enumerate(ordered):
        table.position = -1 - index
    db.session.flush()
    for index, table in enumerate(ordered):
        table.position = index
    db.session.flush()


def create(actor: Actor, workshop_id: int, *, name: object, field: object = None) -> WorkshopTable:
    clean_name = _name(name)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        field_id = field_of_process(locked.process_id, field)
        count = db.session.scalar(select(func.count()).select_from(WorkshopTable).where(
            WorkshopTable.workshop_id == locked.id)) or 0
        if count >= MAX_TABLES:
            raise DomainError("too_many_tables", "Too many tables.", max_count=MAX_TABLES)
        table = WorkshopTable(workshop_id=locked.id, name=clean_name, field_id=field_id, position=count)
        db.session.add(table)
        uow.record(actor, "table.create", table, locked, after=_facts(table), event=events.tables_changed)
        table_id = table.id
    return db.session.get(WorkshopTable, table_id)


def update(actor: Actor, workshop_id: int, table_id: object, *, name: object = ...,
           field: object = ..., position: object = ...) -> WorkshopTable:
    """Rename, set the field of action and/or move the table to another place (0-based) in the
    room's order; arguments left out (``...``) stay as they are."""
    clean_name = ... if name is ... else _name(name)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        field_id = ... if field is ... else field_of_process(locked.process_id, field)
        table = table_of(locked, table_id)
        before = _facts(table)
        if clean_name is not ...:
            table.name = clean_name
        if field_id is not ...:
            table.field_id = field_id
        if position is not ...:
            ordered = [t for t in tables_of(locked.id) if t.id != table.id]
            place = optional_int(position, "position")
            if place is None or not 0 <= place <= len(ordered):
                raise DomainError("invalid_choice", "No such place.", field="position")
            ordered.insert(place, table)
            _renumber(ordered)
        after = _facts(table)
        if after != before:
            uow.record(actor, "table.update", table, locked, before=before, after=after,
                       event=events.tables_changed)
    return db.session.get(WorkshopTable, table.id)


def delete(actor: Actor, workshop_id: int, table_id: object) -> dict[str, Any]:
    """Delete a table without cards; the people seated there go to the plenary (audited). A table
    with cards is refused (``table_has_cards``): the cards keep where they were written."""
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        table = table_of(locked, table_id)
        cards = db.session.scalar(select(func.count()).select_from(Proposal).where(
            Proposal.table_id == table.id)) or 0
        if cards:
            raise DomainError("table_has_cards", "This table has cards.", name=table.name, count=cards)
        seated = sorted(db.session.scalars(select(Participant.id).where(
            Participant.table_id == table.id)))
        if seated:
            db.session.execute(sql_update(Participant).where(Participant.table_id == table.id)
                               .values(table_id=None).execution_options(synchronize_session=False))
        summary = {**_facts(table), "to_plenary": seated}
        audit.record(actor, "table.delete", table, workshop_id=locked.id,
                     process_id=locked.process_id, before=summary)
        if locked.screen_table_id == table.id:
            locked.screen_table_id = None
        had_facilitator, deleted_id = table.facilitator_secret_hash is not None, table.id
        db.session.delete(table)
        db.session.flush()
        _renumber(tables_of(locked.id))
        publish_change(uow, locked, seats=dict.fromkeys(seated))
        if had_facilitator:
            uow.publish(events.facilitator_revoked, workshop_id=locked.id, table_id=deleted_id)
    return summary


def facilitator_link(actor: Actor, workshop_id: int, table_id: object) -> tuple[WorkshopTable, str]:
    """A new facilitator secret for the table (the old one stops working); returns it once."""
    secret = joincodes.generate_secret()
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        table = table_of(locked, table_id)
        renewed = table.facilitator_secret_hash is not None
        table.facilitator_secret = secret
        audit.record(actor, "table.facilitator_link", table, workshop_id=locked.id,
                     process_id=locked.process_id, after={"renewed": renewed})
        if renewed:
            uow.publish(events.facilitator_revoked, workshop_id=locked.id, table_id=table.id)
        publish_change(uow, locked)  # consoles show that the table has a link
    return db.session.get(WorkshopTable, table.id), secret


def revoke_facilitator(actor: Actor, workshop_id: int, table_id: object) -> WorkshopTable:
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        table = table_of(locked, table_id)
        if table.facilitator_secret_hash is not None:
            table.facilitator_secret = None
            audit.record(actor, "table.facilitator_revoke", table, workshop_id=locked.id,
                         process_id=locked.process_id)
            uow.publish(events.facilitator_revoked, workshop_id=locked.id, table_id=table.id)
            publish_change(uow, locked)
    return db.session.get(WorkshopTable, table.id)


def qr_token(table: WorkshopTable) -> str:
    """The token in a table's QR address (/w/<code>/table/<id>/<token>): a keyed digest of the
    table, so that an address cannot be made up from a guessed id. It admits nothing beyond what
    choosing the table on the phone allows anyway (joining stays the workshop's own join)."""
    return secrets_store.digest(current_app.secret_key, QR_PURPOSE,
                                f"{table.workshop_id}:{table.id}")[:QR_TOKEN_LENGTH]


def qr_table(workshop: Workshop, table_id: int, token: str) -> WorkshopTable | None:
    """The table a QR address names, or None for a wrong token or another workshop's table."""
    table = db.session.get(WorkshopTable, table_id)
    if table is None or table.workshop_id != workshop.id or not isinstance(token, str):
        return None
    return table if joincodes.secrets_equal(token, qr_token(table)) else None
