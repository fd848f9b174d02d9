"""uow.record: the usual ending of a workshop write (new version, audit entry, event after commit)."""
from __future__ import annotations

import pytest
from blinker import Signal

from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Workshop
from workshop_app.services.plumbing import locking, tx
from workshop_app.services.plumbing.audit import SYSTEM


def test_record_bumps_audits_and_publishes_after_the_commit(ctx, make_workshop):
    workshop_id = make_workshop().id
    signal, heard = Signal(), []
    signal.connect(lambda _sender, **payload: heard.append(
        (payload, db.session.get(Workshop, workshop_id).version)), weak=False)
    before = db.session.get(Workshop, workshop_id).version
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        version = uow.record(SYSTEM, "workshop.test", locked, locked, after={"x": 1},
                             event=signal, colour="blue")
        assert heard == []  # nothing is pushed before it is stored
    assert version == before + 1
    assert heard == [({"workshop_id": workshop_id, "colour": "blue", "version": version}, version)]
    event = db.session.scalars(db.select(AuditEvent).filter_by(action="workshop.test")).one()
    assert (event.workshop_id, event.object_id, event.after) == (workshop_id, workshop_id, {"x": 1})
    assert event.process_id == db.session.get(Workshop, workshop_id).process_id


def test_a_failed_write_records_and_publishes_nothing(ctx, make_workshop):
    workshop_id = make_workshop().id
    signal, heard = Signal(), []
    signal.connect(lambda _sender, **payload: heard.append(payload), weak=False)
    before = db.session.get(Workshop, workshop_id).version
    with pytest.raises(RuntimeError), tx.write() as uow:
        uow.record(SYSTEM, "workshop.test", None, locking.lock_workshop(workshop_id), event=signal)
        raise RuntimeError("crash after recording")
    assert heard == []
    assert db.session.get(Workshop, workshop_id).version == before
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .filter_by(action="workshop.test")) == 0
