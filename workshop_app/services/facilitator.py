"""The facilitator device of one table: a tablet at the table, opened by the table's own secret.

It sees its table (name, field, who is seated per stakeholder group) and the table's wall (every
card written at the table, also by earlier rotations), enters paper cards for the table and
clusters duplicates among the table's cards (merge, undo). It never reaches another table's
cards: each write checks that every card named belongs to this table (``card_not_at_table``,
answered 404, nothing written). Writes reuse the moderator's use cases (services.moderation,
services.merging) inside one unit of work, audited as "facilitator of table …".
"""
from __future__ import annotations

from typing import Any

from ..domain.errors import DomainError
from ..domain.phases import ProposalState, WorkshopState
from ..extensions import db
from ..models import Proposal, WorkshopTable
from . import merging, moderation, screen, tables
from .plumbing import tx
from .plumbing.audit import Actor
from .read_models import duplicates, snapshots

#: The cards a facilitator sees: the wall (published), what waits for a moderator, what was merged.
SHOWN_STATES = (ProposalState.PUBLISHED.value, ProposalState.PENDING.value, ProposalState.MERGED.value)


def table_for_secret(secret: object) -> WorkshopTable | None:
    """The table a facilitator secret opens; None for a wrong, rotated or cleared one, and once
    the workshop is closed or anonymised (like the screen secret)."""
    if not isinstance(secret, str) or not 0 < len(secret) <= 200:
        return None
    table = db.session.scalar(db.select(WorkshopTable).filter_by(
        facilitator_secret_hash=WorkshopTable.facilitator_digest(secret)))
    if table is None or not screen.shows_screen(table.workshop):
        return None
    return table


def actor(table: WorkshopTable) -> Actor:
    """How the device appears in the audit log: the table, never a person."""
    return Actor(label=f"facilitator of table {table.name} (#{table.id})", via="facilitator")


def card_payload(proposal: Proposal, similar: list[int] | None = None) -> dict[str, Any]:
    """A card of the table; ``similar``: the numbers of the table's cards it looks like."""
    return {"id": proposal.id, "number": proposal.number, "title": proposal.title,
            "body": proposal.body or "", "state": proposal.state, "author": proposal.author_kind,
            "merged_into": proposal.merged_into_id, "similar": similar or []}


def _similar(shown: list[Proposal]) -> dict[int, list[int]]:
    """Card id → the numbers of the table's other open cards that look alike (the console's
    duplicate rule, services.read_models.duplicates: a hint for clustering, never a decision)."""
    if not shown:
        return {}
    alike = duplicates.duplicate_map(shown[0].workshop_id)
    numbers = {p.id: p.number for p in shown if p.state != ProposalState.MERGED.value}
    return {pid: sorted(numbers[o] for o in alike.get(pid, []) if o in numbers) for pid in numbers}


def cards(table: WorkshopTable) -> list[Proposal]:
    """The cards written at the table (newest first), whatever rotation wrote them."""
    return list(db.session.scalars(db.select(Proposal).where(
        Proposal.table_id == table.id, Proposal.workshop_id == table.workshop_id,
        Proposal.state.in_(SHOWN_STATES)).order_by(Proposal.id.desc())))


def table_state(table: WorkshopTable) -> dict[str, Any]:
    """What the device draws (page, JSON state, the pushed ``snapshot``)."""
    workshop = table.workshop
    entry = next((t for t in tables.table_overview(workshop.id) if t["id"] == table.id), None) or {}
    groups = snapshots.groups_payload(workshop)
    by_group = entry.get("by_group", {})
    return {
        "table": {"id": table.id, "name": table.name, "position": table.position,
                  "field": entry.get("field")},
        "workshop": {"title": workshop.title, "state": workshop.state, "phase": workshop.phase,
                     "open": workshop.state == WorkshopState.OPEN.value},
        "seated": [{**{k: g[k] for k in ("key", "name", "colour")}, "count": by_group.get(g["key"], 0)}
                   for g in groups],
        "people": entry.get("people", 0),
        "cards": _cards(table),
        "version": workshop.version,
    }


def _cards(table: WorkshopTable) -> list[dict[str, Any]]:
    shown = cards(table)
    similar = _similar(shown)
    return [card_payload(p, similar.get(p.id)) for p in shown]


def _own(table: WorkshopTable, ids: list[Any]) -> None:
    """Every id names a card of this table; else nothing happens (404 card_not_at_table)."""
    for value in ids:
        if not isinstance(value, int) or isinstance(value, bool):
            raise DomainError("invalid_choice", "cards are named by their ids", field="into")
        proposal = db.session.get(Proposal, value)
        if proposal is None or proposal.table_id != table.id or proposal.workshop_id != table.workshop_id:
            raise DomainError("card_not_at_table", "this card was not written at this table", card=value)


def add_card(table: WorkshopTable, *, title: object, body: object = "") -> Proposal:
    """A paper card of this table, entered by its facilitator: published at once, in the
    table's field of action, marked as paper."""
    if table.workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")
    return moderation.add(actor(table), table.workshop_id, title=title, body=body or "",
                          field=table.field_id, from_paper=True, table_id=table.id)


def preview(table: WorkshopTable, sources: list[Any], target: Any) -> dict[str, Any]:
    _own(table, [*sources, target])
    return merging.preview(table.workshop_id, sources, target)


def merge(table: WorkshopTable, sources: list[Any], target: Any) -> Proposal:
    """Merge duplicates among the table's own cards (the moderator's merge, votes and all)."""
    with tx.write():
        _own(table, [*sources, target])
        return merging.merge_proposals(actor(table), table.workshop_id, sources, target)


def split(table: WorkshopTable, source_id: Any) -> list[Proposal]:
    """Undo the merge that took a card of this table in (the card and the one kept are both
    this table's)."""
    with tx.write():
        _own(table, [source_id])
        kept = db.session.get(Proposal, source_id).merged_into_id
        if kept is not None:
            _own(table, [kept])
        return merging.split(actor(table), table.workshop_id, source_id)
