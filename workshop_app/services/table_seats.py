"""Who sits at which table: a participant's own choice (also by a table's QR code), the
moderator's assignment, "balance the groups across the tables", the world-café rotation and
"everyone back to the plenary".

Seats stay put while a voting round is open (domain.tables.check_seat_change). Each write holds
the workshop's row lock — opening a round takes it too, so a round cannot open half-way through
a rotation — and publishes ``events.tables_changed`` after commit: a rotation (its step) and the
plenary (a flag) bump the version and reach every phone, which works out its own new seat from
the table list; a choice, an assignment or a rebalancing is ``seats`` only, sent to each moved
phone alone (a seat is personal; broadcasts carry table lists and counts only) and to staff,
without a version bump. Staff actions are audited.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import case, select, update

from .. import events
from ..domain import tables as rules
from ..domain.errors import DomainError
from ..domain.phases import RoundState, WorkshopState
from ..domain.values import optional_int
from ..extensions import db
from ..models import Participant, VotingRound, Workshop, WorkshopTable
from .plumbing import audit, locking, tx
from .plumbing.audit import Actor
from .tables import publish_seats, table_of, tables_of
from .tables import table_overview as tables_overview


def round_open(workshop_id: int) -> bool:
    return db.session.scalar(select(VotingRound.id).where(
        VotingRound.workshop_id == workshop_id,
        VotingRound.state == RoundState.OPEN.value).limit(1)) is not None


def _seat_target(workshop: Workshop, table_id: object) -> WorkshopTable | None:
    return None if table_id in (None, "") else table_of(workshop, table_id)


def _check_open(workshop: Workshop) -> None:
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")


def choose(participant: Participant, table_id: object) -> Participant:
    """The participant sits down at a table of their workshop (None: the plenary)."""
    with tx.write() as uow:
        locked = locking.lock_workshop(participant.workshop_id)
        _check_open(locked)
        rules.check_seat_change(round_open=round_open(locked.id), everyone=False)
        table = _seat_target(locked, table_id)
        person = db.session.get(Participant, participant.id, populate_existing=True)
        if person is None or person.removed_at is not None:  # removed meanwhile
            raise DomainError("not_joined", "Please join the workshop first.")
        wanted = table.id if table else None
        if person.table_id != wanted:
            person.table_id = wanted
            publish_seats(uow, locked, {person.id: wanted})
    return db.session.get(Participant, participant.id)


def assign(actor: Actor, workshop_id: int, participant_id: object, table_id: object) -> Participant:
    """The moderator seats one participant (None: the plenary)."""
    wanted_id = optional_int(participant_id, "participant")
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        rules.check_seat_change(round_open=round_open(locked.id), everyone=False)
        person = db.session.get(Participant, wanted_id) if wanted_id is not None else None
        if person is None or person.workshop_id != locked.id or person.removed_at is not None:
            raise DomainError("participant_not_found", "No such participant.", field="participant")
        table = _seat_target(locked, table_id)
        before, after = person.table_id, table.id if table else None
        if before != after:
            person.table_id = after
            audit.record(actor, "table.assign", person, workshop_id=locked.id,
                         process_id=locked.process_id, before={"table_id": before},
                         after={"table_id": after})
            publish_seats(uow, locked, {person.id: after})
    return db.session.get(Participant, person.id)


def _people(workshop_id: int) -> list[Participant]:
    return list(db.session.scalars(select(Participant).where(
        Participant.workshop_id == workshop_id, Participant.removed_at.is_(None))
        .order_by(Participant.id)))


def balance(actor: Actor, workshop_id: int) -> dict[str, int]:
    """Seat everyone so that tables differ by at most one person and each stakeholder group is
    spread evenly; people already seated stay where they may (domain.tables.balance)."""
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        tables = tables_of(locked.id)
        if not tables:
            raise DomainError("no_tables", "The workshop has no tables.")
        rules.check_seat_change(round_open=round_open(locked.id), everyone=True)
        index = {table.id: position for position, table in enumerate(tables)}
        people = _people(locked.id)
        seating = rules.balance({p.id: p.group_id for p in people}, len(tables),
                                {p.id: index.get(p.table_id) for p in people})
        moved = {}
        for person in people:
            target = tables[seating[person.id]].id
            if person.table_id != target:
                person.table_id = moved[person.id] = target
        summary = {"people": len(people), "moved": len(moved), "tables": len(tables)}
        audit.record(actor, "table.balance", locked, workshop_id=locked.id,
                     process_id=locked.process_id, after=summary)
        if moved:
            publish_seats(uow, locked, moved)
    return summary


def rotate(actor: Actor, workshop_id: int, step: object) -> dict[str, int]:
    """World café: everyone at the table with index p moves to (p + step) mod n; the cards stay
    at the table they were written at, so the next visitors see them."""
    if isinstance(step, bool) or not isinstance(step, (int, str)):
        raise DomainError("invalid_choice", "a whole number of tables", field="step")
    text = str(step).strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 4):
        raise DomainError("invalid_choice", "a whole number of tables", field="step")
    amount = int(text)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        tables = tables_of(locked.id)
        if not tables:
            raise DomainError("no_tables", "The workshop has no tables.")
        n = len(tables)
        moves = rules.rotate_all({t.id: p for p, t in enumerate(tables)}, amount, n)
        rules.check_seat_change(round_open=round_open(locked.id), everyone=True)
        mapping = {table_id: tables[target].id for table_id, target in moves.items()}
        moved = db.session.execute(
            update(Participant).where(Participant.workshop_id == locked.id,
                                      Participant.table_id.is_not(None))
            .values(table_id=case(mapping, value=Participant.table_id))
            .execution_options(synchronize_session=False)).rowcount
        locked.table_rotations = (locked.table_rotations or 0) + 1
        summary = {"step": amount % n, "rotation": locked.table_rotations, "moved": moved, "tables": n}
        uow.record(actor, "table.rotate", locked, locked, after=summary, event=events.tables_changed,
                   rotation=amount % n)
    return summary


def plenary(actor: Actor, workshop_id: int) -> dict[str, int]:
    """Everyone leaves their table for the plenary (the cards stay at their tables)."""
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        rules.check_seat_change(round_open=round_open(locked.id), everyone=True)
        moved = db.session.execute(
            update(Participant).where(Participant.workshop_id == locked.id,
                                      Participant.table_id.is_not(None))
            .values(table_id=None).execution_options(synchronize_session=False)).rowcount
        summary = {"moved": moved}
        uow.record(actor, "table.plenary", locked, locked, after=summary, event=events.tables_changed,
                   plenary=True)
    return summary


def seat_list(workshop: Workshop) -> list[dict[str, Any]]:
    """Every active participant with their seat, for the moderators only (never broadcast to
    phones): ``[{"id", "name", "group", "table"}]``."""
    keys = {group.id: group.key for group in workshop.groups}
    rows = db.session.execute(select(
        Participant.id, Participant.display_name, Participant.group_id, Participant.table_id)
        .where(Participant.workshop_id == workshop.id, Participant.removed_at.is_(None))
        .order_by(Participant.id))
    return [{"id": pid, "name": name, "group": keys.get(group_id), "table": table_id}
            for pid, name, group_id, table_id in rows]


def seat_of(participant_id: int) -> tuple[int | None, int | None]:
    """(table id, the table's field of action) of where the participant sits now; (None, None)
    in the plenary. A card written at a table keeps the table and goes into its field."""
    row = db.session.execute(select(WorkshopTable.id, WorkshopTable.field_id)
                             .join(Participant, Participant.table_id == WorkshopTable.id)
                             .where(Participant.id == participant_id)).first()
    return (row[0], row[1]) if row else (None, None)


def console_tables(workshop: Workshop) -> dict[str, Any]:
    """The console's part: the tables (overview), how often they rotated and, when there are any
    tables, who sits where."""
    overview = tables_overview(workshop.id)
    return {"tables": overview, "seats": seat_list(workshop) if overview else [],
            "rotations": workshop.table_rotations or 0}
