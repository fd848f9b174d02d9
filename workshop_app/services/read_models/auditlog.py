"""The audit trail as organizers see it: filtered lists and a CSV export."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ...exports.sanitize import spreadsheet_text
from ...extensions import db
from ...models import AuditEvent, Workshop

PAGE_SIZE = 100


@dataclass(frozen=True)
class AuditFilter:
    workshop_id: int | None = None
    process_id: int | None = None
    action: str | None = None
    #: Only events of these processes (and their workshops); None: every event (admins).
    process_ids: tuple[int, ...] | None = None

    def query(self):
        query = db.select(AuditEvent)
        if self.process_ids is not None:
            workshops = db.select(Workshop.id).where(Workshop.process_id.in_(self.process_ids))
            query = query.where(AuditEvent.process_id.in_(self.process_ids)
                                | AuditEvent.workshop_id.in_(workshops))
        if self.workshop_id is not None:
            query = query.filter_by(workshop_id=self.workshop_id)
        if self.process_id is not None:
            query = query.filter_by(process_id=self.process_id)
        if self.action:
            # "workshop" matches every "workshop.*" action, "workshop.state" only that one.
            query = query.where((AuditEvent.action == self.action)
                                | AuditEvent.action.startswith(self.action + ".", autoescape=True))
        return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def list_events(filters: AuditFilter, *, page: int = 1, page_size: int = PAGE_SIZE) -> tuple[list[AuditEvent], bool]:
    """One page of events, newest first, and whether there is a next page."""
    page = max(1, page)
    rows = list(db.session.scalars(filters.query().offset((page - 1) * page_size).limit(page_size + 1)))
    return rows[:page_size], len(rows) > page_size


def actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def to_csv(filters: AuditFilter) -> bytes:
    """UTF-8 with BOM (Excel); every cell neutralised against formula injection."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "created_at", "actor", "action", "object_type", "object_id",
                     "workshop_id", "process_id", "before", "after"])
    for event in db.session.scalars(filters.query()):
        writer.writerow([
            event.id, event.created_at.isoformat(), spreadsheet_text(event.actor_label),
            spreadsheet_text(event.action), event.object_type, event.object_id or "",
            event.workshop_id or "", event.process_id or "",
            spreadsheet_text(json.dumps(event.before, ensure_ascii=False)) if event.before else "",
            spreadsheet_text(json.dumps(event.after, ensure_ascii=False)) if event.after else ""])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")
