"""Audit log page and CSV export; API keys created (shown once) and revoked in the UI."""
from __future__ import annotations

import csv
import io
import re

import pytest

from testkit.worlds import seed
from tests.conftest import csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import ApiKey, AuditEvent
from workshop_app.services import workshops
from workshop_app.services.plumbing.audit import Actor


@pytest.fixture
def organizer(client, make_user, ctx):
    make_user()
    with client.session_transaction() as session:
        session["lang"] = "en"
    login(client)
    return client


def test_audit_filter_and_csv(organizer, make_user):
    data = seed()
    hostile = Actor(label="=cmd|' /C calc'!A0")
    from workshop_app.models import Workshop

    workshops.update_workshop(hostile, db.session.get(Workshop, data.workshop_id), venue="Bürgerhaus")
    page = organizer.get(f"/organize/audit?workshop={data.workshop_id}&action=workshop")
    assert page.status_code == 200
    # The page says what happened in words (vocabulary.AUDIT_ACTIONS), never "workshop.update".
    assert "<td>Workshop changed</td>" in page.text and "Bürgerhaus" in page.text
    assert "<td>Measure added</td>" not in page.text and "<td>workshop.update</td>" not in page.text
    assert organizer.get("/organize/audit?action=measure").text.count("<td>Measure added</td>") == 6
    response = organizer.get(f"/organize/audit.csv?workshop={data.workshop_id}")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "created_at", "actor", "action"]
    actions = [r[3] for r in rows[1:]]
    assert "workshop.update" in actions and "workshop.create" in actions
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    update = next(r for r in rows if r[3] == "workshop.update")
    assert '"venue": "Bürgerhaus"' in update[9] and '"venue": "Rathaus, Großer Saal"' in update[8]


def test_api_key_shown_once_and_revoked(organizer):
    page = organizer.get("/organize/api-keys")
    created = organizer.post("/organize/api-keys", data={"name": "Auswertung", "csrf_token": csrf_token_from(page)})
    assert created.status_code == 201
    key = re.search(r"zwk_[A-Za-z0-9_-]+", created.text).group(0)
    record = db.session.scalar(db.select(ApiKey))
    assert record.key_hash != key and key not in organizer.get("/organize/api-keys").text
    revoked = organizer.post(f"/organize/api-keys/{record.id}/revoke", data={"csrf_token": csrf_token_from(page)})
    assert revoked.status_code == 302
    db.session.expire_all()
    assert db.session.get(ApiKey, record.id).revoked_at is not None
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="api_key.revoke")) is not None


def test_every_organizer_page_renders_without_inline_code(organizer):
    from workshop_app.models import FieldOfAction, Goal, Measure, Workshop

    data = seed()
    code = db.session.get(Workshop, data.workshop_id).join_code
    field = db.session.scalar(db.select(FieldOfAction))
    goal = db.session.scalar(db.select(Goal))
    measure = db.session.scalar(db.select(Measure))
    pages = ["/organize/", "/organize/processes/new", f"/organize/processes/{data.process_id}",
             f"/organize/processes/{data.process_id}/edit", f"/organize/fields/{field.id}/edit",
             f"/organize/workshops/{code}", f"/organize/workshops/{code}/delete",
             f"/organize/processes/{data.process_id}/plan", f"/organize/processes/{data.process_id}/report",
             f"/organize/goals/{goal.id}/edit", f"/organize/goals/{goal.id}/measures/new",
             f"/organize/measures/{measure.id}/edit", "/organize/audit", "/organize/api-keys"]
    for url in pages:
        response = organizer.get(url)
        assert response.status_code == 200, url
        html = response.text
        assert " style=" not in html and "onclick" not in html and "<script>" not in html, url
        assert 'name="csrf_token"' in html or "<form" not in html.split("</nav>", 1)[-1], url
    assert organizer.get("/organize/workshops/NOPE22").status_code == 404
    assert organizer.get("/organize/goals/999999/edit").status_code == 404
