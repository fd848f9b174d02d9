"""The Alembic migrations build exactly the models' schema, and can be undone."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from tests.conftest import PG_ADMIN_URL, _pg_execute, make_app
from workshop_app.extensions import db


@pytest.fixture
def empty_database(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    name = f"zw_migrate_{uuid.uuid4().hex[:8]}"
    _pg_execute(f'CREATE DATABASE "{name}"')
    host = PG_ADMIN_URL.split("://", 1)[1].rsplit("/", 1)[0]
    yield f"postgresql+psycopg://{host}/{name}"
    _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _schema_differences(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_matches_models_and_downgrade_empties(empty_database, tmp_path):
    app = make_app(empty_database, tmp_path / "instance")
    try:
        with app.app_context():
            upgrade()
        assert _schema_differences(app) == []
        with app.app_context():
            downgrade(revision="base")
            tables = set(db.inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert tables == set()
            upgrade()  # and up again: the downgrade really is the inverse
        assert _schema_differences(app) == []
    finally:
        app.extensions["zw_broadcaster"].stop()
        with app.app_context():
            db.engine.dispose()
