"""The unit of work: one write transaction per use case, then publish.

``with write() as uow:`` starts a transaction that holds the write lock from its first statement
on SQLite (``BEGIN IMMEDIATE``), commits on success, rolls back on any error, and only then sends
the events collected with ``uow.publish``. Nothing is pushed that is not stored.

Most changes to a workshop end the same way: a new version (the consoles and screens redraw from
it), the audit entry, and an event; ``uow.record`` does those three steps.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from blinker import Signal
from flask import current_app

from ...database import IMMEDIATE
from ...extensions import db
from ...models import Workshop
from . import audit


@dataclass
class UnitOfWork:
    pending: list[tuple[Signal, dict[str, Any]]] = field(default_factory=list)

    def publish(self, signal: Signal, **payload: Any) -> None:
        self.pending.append((signal, payload))

    def record(self, actor: audit.Actor, action: str, target: Any, workshop: Workshop, *,
               before: dict | None = None, after: dict | None = None,
               event: Signal | None = None, **payload: Any) -> int:
        """Bump ``workshop``'s version, audit ``action`` on ``target``, and queue ``event`` (if
        given) with ``workshop_id``, ``payload`` and the new ``version``; returns the version.

        ``workshop`` must be the row locked for this write (services.plumbing.locking). The caller
        builds ``payload`` before this runs: flush a new ``target`` first if it names its id."""
        version = workshop.bump()
        audit.record(actor, action, target, workshop_id=workshop.id, process_id=workshop.process_id,
                     before=before, after=after)
        if event is not None:
            self.publish(event, workshop_id=workshop.id, **payload, version=version)
        return version


_current: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


@contextmanager
def write() -> Iterator[UnitOfWork]:
    outer = _current.get()
    if outer is not None:  # a use case called from another joins its transaction
        yield outer
        return
    session = db.session()  # the request's own Session behind the scoped proxy
    # A read transaction may be open from loading the page's objects; a deferred SQLite
    # transaction cannot safely be upgraded to a writer, so end it and start a locking one.
    if session.in_transaction():
        session.rollback()
    session.connection(execution_options={IMMEDIATE: True})
    uow = UnitOfWork()
    token = _current.set(uow)
    try:
        yield uow
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        _current.reset(token)
    sender = current_app._get_current_object()
    for signal, payload in uow.pending:
        signal.send(sender, **payload)
