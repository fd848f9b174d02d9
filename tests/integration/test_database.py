"""Persistence done right: SQLite pragmas, write transactions that lock at BEGIN, constraints."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from workshop_app.extensions import db
from workshop_app.models import Ballot, Vote
from workshop_app.services.plumbing import tx


@pytest.mark.backends("sqlite")
def test_sqlite_pragmas(ctx, backend):
    connection = db.session.connection()
    assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.backends("sqlite")  # PostgreSQL uses row locks (services/locking.py)
def test_write_transactions_take_the_lock_at_begin(app, backend, tmp_path):
    """While one write transaction is open, a second one waits at BEGIN (not at its first
    write), so read-then-write use cases cannot deadlock or fail with "database is locked"."""
    statements = []
    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context(), tx.write():
        db.session.execute(sa.text("SELECT 1"))
    assert "BEGIN IMMEDIATE" in statements

    # A second connection cannot start a write transaction while the first holds the lock.
    raw = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"],
                           connect_args={"timeout": 0.2})
    held = threading.Event()
    release = threading.Event()

    def holder():
        with app.app_context(), tx.write():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    with raw.connect() as other:
        other.exec_driver_sql("PRAGMA busy_timeout=100")
        with pytest.raises(sa.exc.OperationalError, match="locked"):
            other.exec_driver_sql("BEGIN IMMEDIATE")
    release.set()
    thread.join()
    raw.dispose()


@pytest.mark.backends("sqlite")
def test_reads_do_not_take_the_write_lock(app, backend):
    statements = []
    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, "before_cursor_execute")
    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
    assert "BEGIN" in statements and "BEGIN IMMEDIATE" not in statements


def test_failed_write_leaves_nothing_behind(ctx, make_workshop):
    from workshop_app.models import Proposal

    workshop = make_workshop()
    with pytest.raises(RuntimeError), tx.write():
        db.session.add(Proposal(workshop_id=workshop.id, title="half", author_kind="moderator"))
        db.session.flush()
        raise RuntimeError("crash in the middle")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 0


def _round_with_ballot(workshop):
    from workshop_app.models import Participant, Proposal, VotingRound

    group = workshop.groups[0]
    participant = Participant(workshop_id=workshop.id, group_id=group.id, secret_hash="h" * 64)
    proposal = Proposal(workshop_id=workshop.id, title="Kita", author_kind="moderator")
    round_ = VotingRound(workshop_id=workshop.id, method="dots", budget=5, max_per_proposal=3)
    db.session.add_all([participant, proposal, round_])
    db.session.flush()
    return participant, proposal, round_, group


def test_database_enforces_one_ballot_per_participant_and_round(ctx, make_workshop):
    workshop = make_workshop()
    participant, _proposal, round_, group = _round_with_ballot(workshop)
    db.session.add(Ballot(round_id=round_.id, participant_id=participant.id, group_id=group.id))
    db.session.commit()
    db.session.add(Ballot(round_id=round_.id, participant_id=participant.id, group_id=group.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_database_enforces_vote_value_range_and_foreign_keys(ctx, make_workshop):
    workshop = make_workshop()
    participant, proposal, round_, group = _round_with_ballot(workshop)
    ballot = Ballot(round_id=round_.id, participant_id=participant.id, group_id=group.id)
    db.session.add(ballot)
    db.session.flush()
    db.session.add(Vote(ballot_id=ballot.id, proposal_id=proposal.id, round_id=round_.id, value=10_000))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Vote(ballot_id=123456, proposal_id=proposal.id, round_id=round_.id, value=1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_join_codes_are_unique(ctx, make_workshop):
    from workshop_app.models import Workshop

    first = make_workshop()
    second = make_workshop()
    second = db.session.get(Workshop, second.id)
    second.join_code = first.join_code
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.backends("sqlite")
def test_writers_of_one_process_queue_in_python_not_in_sqlite(app):
    """A second writer of the same process waits on the process's writer lock (cooperative under
    gevent) instead of in SQLite's busy handler, which would block the whole gevent hub."""
    from workshop_app import database

    order = []
    inside = threading.Event()

    def first():
        with app.app_context(), tx.write():
            inside.set()
            order.append("first begins")
            threading.Event().wait(0.3)
            order.append("first commits")

    def second():
        inside.wait(5)
        with app.app_context(), tx.write():
            order.append("second begins")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert order == ["first begins", "first commits", "second begins"]
    with app.app_context():
        lock = database._writers[str(db.engine.url.database)]
    assert not lock.locked(), "the writer lock is released after commit"
