"""Database wiring: SQLite done right, and the engine-level hooks it needs.

SQLite is the embedded default, so it gets WAL (readers never block the writer), a busy timeout
(a second writer waits instead of failing), enforced foreign keys, and write transactions that
take the write lock at BEGIN (``BEGIN IMMEDIATE``) — otherwise two requests that both read and
then write can deadlock, and one of them fails with "database is locked".
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

from .extensions import db, migrate

#: Execution option that services set to begin a write transaction (see services.plumbing.tx).
IMMEDIATE = "sqlite_immediate"
BUSY_TIMEOUT_MS = 10_000
# One writer per process at a time, queued in Python. SQLite's own busy wait sleeps inside C and
# so blocks the whole gevent hub: a greenlet waiting for the write lock would stop the greenlet
# that holds it until the timeout. Waiting here instead is cooperative (the lock is patched by
# gevent) and costs nothing in threads. Other processes are still held off by busy_timeout.
_writers: dict[str, threading.Lock] = {}
_writers_guard = threading.Lock()


def _writer_for(connection) -> threading.Lock:
    key = str(connection.engine.url.database)
    with _writers_guard:
        return _writers.setdefault(key, threading.Lock())


def init_app(app) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    private_instance(Path(app.instance_path))
    private_sqlite_files(uri)
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if uri.startswith("postgresql"):
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_size", 10)
        options.setdefault("max_overflow", 20)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")))


def private_instance(instance: Path) -> None:
    """The instance folder holds the session key and the database: its owner's alone (0700)."""
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    _owner_only(instance, 0o700)


def private_sqlite_files(uri: str) -> None:
    """Create the SQLite file 0600 before SQLite does (it would use 0644 less the umask). SQLite
    gives its -wal and -shm files the mode of the database file, so they follow. Files of an
    older installation are narrowed to 0600 as well."""
    url = make_url(uri)
    name = url.database or ""
    if url.get_backend_name() != "sqlite" or not name or name == ":memory:" or name.startswith("file:") \
            or url.query.get("mode") == "memory":
        return
    path = Path(name)
    if path.parent.is_dir() and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for suffix in ("", "-wal", "-shm", "-journal"):
        _owner_only(path.with_name(path.name + suffix), 0o600)


def _owner_only(path: Path, mode: int) -> None:
    try:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o777 != mode:
            path.chmod(mode)
    except (FileNotFoundError, PermissionError):  # not there, or not ours to change
        pass


def resource_dir(name: str) -> Path:
    """The top-level folder in a checkout, else the copy packaged inside the wheel."""
    package = Path(__file__).resolve().parent
    checkout = package.parent / name
    return checkout if checkout.is_dir() else package / name


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Hand transaction control to SQLAlchemy's "begin" hook below (pysqlite's own is broken).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes in WAL mode
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    if not connection.get_execution_options().get(IMMEDIATE, False):
        connection.exec_driver_sql("BEGIN")
        return
    writer = _writer_for(connection)
    if not writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise sqlite3.OperationalError("database is locked (another write of this process)")
    connection.info["zw_writer"] = writer
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        _release_writer(connection)
        raise


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _release_writer(connection) -> None:
    # Fired just before the COMMIT/ROLLBACK itself; nothing can run in between in this greenlet.
    writer = connection.info.pop("zw_writer", None)
    if writer is not None:
        writer.release()
