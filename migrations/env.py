"""Alembic environment: runs inside the Flask app, against its engine and models' metadata.

SQLite gets batch mode (it cannot ALTER most things in place); both backends compare types so
that the drift test catches a changed column.
"""
from __future__ import annotations

from alembic import context
from flask import current_app

config = context.config


def _metadata():
    return current_app.extensions["migrate"].db.metadata


def run_migrations_offline() -> None:
    url = str(current_app.extensions["migrate"].db.engine.url)
    context.configure(url=url, target_metadata=_metadata(), literal_binds=True,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = current_app.extensions["migrate"].db.engine
    with engine.connect() as connection:
        # Batch mode rebuilds a SQLite table by copying it and dropping the original; with
        # foreign keys enforced, that DROP deletes every row that references it (ON DELETE
        # CASCADE: a rebuilt workshops table would take all participants and votes along).
        # The pragma only works outside a transaction, so it goes straight to the driver.
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            context.configure(connection=connection, target_metadata=_metadata(),
                              render_as_batch=True, compare_type=True)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
