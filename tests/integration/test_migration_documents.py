"""Migration a15a0001 on a database with data: existing proposals get their numbers per workshop in
submission order (created_at, then id), and the numbers are unique per workshop afterwards."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from tests.conftest import make_app
from tests.integration.test_migrations import empty_database  # noqa: F401  (fixture)
from workshop_app.extensions import db

BEFORE, AFTER = "a14c0001", "a15a0001"
#: Values the check constraints accept; every other required column gets a neutral filler.
KNOWN = {"state": "open", "phase": "lobby", "join_mode": "open", "screen_theme": "dark",
         "author_kind": "participant", "template": "empty", "implementation_years": 3,
         "colour": "#0072B2", "version": 0}


def _row(connection, table: str, serial: int, **values) -> int:
    """Insert a row with every required column filled; returns its id."""
    columns = sa.inspect(connection).get_columns(table)
    row = {}
    for column in columns:
        name = column["name"]
        if name in values:
            row[name] = values[name]
        elif name == "id" or column["nullable"] or column.get("default") is not None:
            continue
        elif name in KNOWN:
            row[name] = KNOWN[name]
        elif isinstance(column["type"], sa.Integer):
            row[name] = 0
        elif isinstance(column["type"], sa.Boolean):
            row[name] = False
        elif isinstance(column["type"], sa.DateTime):
            row[name] = "2026-03-14 10:00:00"
        elif isinstance(column["type"], sa.Date):
            row[name] = "2026-03-14"
        else:
            row[name] = f"{name[:4]}{serial}"  # unique where it must be (codes, digests)
    names = ", ".join(row)
    marks = ", ".join(f":{key}" for key in row)
    result = connection.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks}) RETURNING id"), row)
    return result.scalar_one()


def test_existing_proposals_are_numbered_in_submission_order(empty_database, tmp_path):
    app = make_app(empty_database, tmp_path / "instance")
    try:
        with app.app_context():
            upgrade(revision=BEFORE)
            with db.engine.begin() as connection:
                process = _row(connection, "processes", 1, municipality="Musterstadt", title="FGK")
                first = _row(connection, "workshops", 2, process_id=process, title="Auftakt")
                second = _row(connection, "workshops", 3, process_id=process, title="Abschluss")
                # ids in one order, submission times in another, two workshops interleaved
                times = {"c": "2026-03-14 10:03:00", "a": "2026-03-14 10:01:00", "x": "2026-03-14 10:00:00",
                         "b": "2026-03-14 10:02:00"}
                for serial, (title, workshop) in enumerate([("c", first), ("a", first), ("x", second),
                                                           ("b", first)], start=10):
                    _row(connection, "proposals", serial, workshop_id=workshop, title=title,
                         state="published", created_at=times[title])
            upgrade(revision=AFTER)
            with db.engine.connect() as connection:
                numbers = dict(connection.execute(sa.text(
                    "SELECT title, number FROM proposals")).all())
                assert numbers == {"a": 1, "b": 2, "c": 3, "x": 1}
                with pytest.raises(sa.exc.IntegrityError):
                    connection.execute(sa.text("UPDATE proposals SET number = 1 WHERE title = 'b'"))
    finally:
        app.extensions["zw_broadcaster"].stop()
        with app.app_context():
            db.engine.dispose()
