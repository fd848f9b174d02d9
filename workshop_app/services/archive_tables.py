"""The tables (stations) of a workshop in the process archive (services.archive*): dumped with
their names, fields and order, never their facilitator secrets (an imported workshop makes new
links); participants and proposals keep the table they sat at / were written at."""
from __future__ import annotations

from typing import Any

from ..domain.errors import DomainError
from ..extensions import db
from ..models import WorkshopTable
from ..models.tables import TABLE_NAME_MAX


def _fail(code: str, message: str, **params: Any):
    raise DomainError(code, message, **params)


def dump(workshop_id: int, instant) -> list[dict[str, Any]]:
    return [{"id": t.id, "name": t.name, "field": t.field_id, "position": t.position,
             "created_at": instant(t.created_at)}
            for t in db.session.scalars(db.select(WorkshopTable).filter_by(workshop_id=workshop_id)
                                        .order_by(WorkshopTable.position, WorkshopTable.id))]


def check(checker, w: dict) -> set[int]:
    """The workshop's table ids, after checking each table (archive_check's checker); archives
    from before the tables have none."""
    known: set[int] = set()
    positions: set[int] = set()
    if "tables" not in w:
        return known

    def table(t: dict) -> None:
        checker.ident(t, "table")
        checker.text(t, "name", TABLE_NAME_MAX)
        checker.ref(t, "field", checker.fields)
        checker.number(t, "position")
        if t["position"] in positions:
            checker.at("position", lambda: _fail("archive_id_clash", "a table position appears twice",
                                                  kind="table position", id=t["position"]))
        positions.add(t["position"])
        known.add(t["id"])
    checker.each(w, "tables", table)
    checker.number(w, "table_rotations", optional=True)
    return known


def restore(importer, workshop, items: list[dict], instant, now) -> dict[int, WorkshopTable]:
    """The archive's tables as new rows of ``workshop`` (archive id → row), without links."""
    tables: dict[int, WorkshopTable] = {}
    for t in items:
        importer.new_id("table", t["id"])
        tables[t["id"]] = WorkshopTable(workshop_id=workshop.id, name=t["name"], position=t["position"],
                                        field_id=importer.field_id(t.get("field")),
                                        created_at=instant(t.get("created_at")) or now())
    db.session.add_all(tables.values())
    db.session.flush()
    return tables
