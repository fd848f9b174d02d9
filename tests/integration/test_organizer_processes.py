"""Organizer pages: processes from the template, fields of action, workshops and their life."""
from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, FieldOfAction, JoinToken, Participant, Process, Workshop


@pytest.fixture
def organizer(client, make_user):
    make_user()
    english(client)
    login(client)
    return client


def english(client):
    """Assertions read the English messages. Set before the first request: the ``ctx`` fixture's
    application context is shared by every request of a test, so the locale is cached in ``g``."""
    with client.session_transaction() as session:
        session["lang"] = "en"


def _post(client, url, data, page_url=None):
    token = csrf_token_from(client.get(page_url or "/organize/"))
    return client.post(url, data={**data, "csrf_token": token})


def _new_process(client, **extra):
    data = {"municipality": "Musterstadt an der Öhre", "title": "Familiengerechte Kommune 2026–2029",
            "period_start": "2026-01-01", "period_end": "2029-12-31", "council_decision": "2026-05-20",
            "template": "familiengerechte_kommune", **extra}
    return _post(client, "/organize/processes/new", data)


def test_dashboard_needs_sign_in(client):
    response = client.get("/organize/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_moderator_account_cannot_organize(client, make_user):
    make_user(email="mod@example.org", role="moderator")
    login(client, email="mod@example.org")
    assert client.get("/organize/").status_code == 403


def test_create_process_from_template(organizer):
    response = _new_process(organizer)
    assert response.status_code == 302
    process = db.session.scalar(db.select(Process))
    assert process.municipality == "Musterstadt an der Öhre"
    assert [f.name for f in process.fields][:2] == [
        "Steuerung, Vernetzung und Nachhaltigkeit", "Familie und Arbeitswelt, Betreuung"]
    assert len(process.fields) == 10 and sum(f.optional_module for f in process.fields) == 4
    page = organizer.get(response.headers["Location"])
    assert page.status_code == 200 and "Bildung und Erziehung" in page.text
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="process.create")) is not None


def test_empty_template_and_bad_period_keep_input(organizer):
    response = _new_process(organizer, template="empty", period_end="2025-01-01", title="Leer")
    assert response.status_code == 422
    assert "The period ends before it starts." in response.text
    assert 'value="Leer"' in response.text
    assert db.session.scalar(db.select(Process)) is None
    assert _new_process(organizer, template="empty").status_code == 302
    assert db.session.scalar(db.select(Process)).fields == []


def test_fields_edit_colour_and_order(organizer):
    _new_process(organizer, template="empty")
    process = db.session.scalar(db.select(Process))
    url = f"/organize/processes/{process.id}"
    for name in ("Kita", "Schule"):
        assert _post(organizer, f"{url}/fields", {"name": name, "colour": "#009e73"}, url).status_code == 302
    bad = _post(organizer, f"{url}/fields", {"name": "Wohnen", "colour": "grün"}, url)
    assert bad.status_code == 422 and "#rrggbb" in bad.text and 'value="Wohnen"' in bad.text
    dup = _post(organizer, f"{url}/fields", {"name": "Kita", "colour": "#000000"}, url)
    assert dup.status_code == 422
    kita, schule = db.session.scalars(db.select(FieldOfAction).order_by(FieldOfAction.position)).all()
    assert kita.colour == "#009E73"
    _post(organizer, f"/organize/fields/{schule.id}/move", {"direction": "up"}, url)
    db.session.expire_all()
    assert [f.name for f in db.session.get(Process, process.id).fields] == ["Schule", "Kita"]
    edit = _post(organizer, f"/organize/fields/{kita.id}/edit",
                 {"name": "Kinderbetreuung", "description": "U3 und Ü3", "colour": "#123abc"}, url)
    assert edit.status_code == 302
    db.session.expire_all()
    assert db.session.get(FieldOfAction, kita.id).name == "Kinderbetreuung"
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="field.update"))
    assert event.before["name"] == "Kita" and event.after["name"] == "Kinderbetreuung"


def _new_workshop(client, process_id, **extra):
    url = f"/organize/processes/{process_id}"
    data = {"title": "Auftaktworkshop", "date": "2026-03-14", "venue": "Rathaus",
            "join_mode": "open", "languages": "de,en,uk,ar", **extra}
    return _post(client, f"{url}/workshops", data, url)


def test_workshop_page_shows_links_once(organizer):
    _new_process(organizer)
    process = db.session.scalar(db.select(Process))
    response = _new_workshop(organizer, process.id)
    assert response.status_code == 201
    workshop = db.session.scalar(db.select(Workshop))
    assert [g.name for g in workshop.groups] == ["Politik", "Verwaltung", "Zivilgesellschaft"]
    link = re.search(r'href="(http://localhost/m/[^"]+)"', response.text).group(1)
    assert workshop.join_code in response.text
    assert f"/screen/{workshop.screen_secret}" in response.text
    assert f"/moderate/{workshop.join_code}" in response.text
    page = organizer.get(f"/organize/workshops/{workshop.join_code}")
    assert "/m/" not in page.text  # the moderator link is not shown again
    # The link works for a co-moderator without an account.
    other = organizer.application.test_client()
    assert other.get(link.replace("http://localhost", "")).status_code == 302
    # Regenerating revokes the old one.
    assert _post(organizer, f"/organize/workshops/{workshop.join_code}/moderator-link", {}).status_code == 200
    third = organizer.application.test_client()
    assert third.get(link.replace("http://localhost", "")).status_code == 404


def test_workshop_settings_groups_copy_and_state(organizer):
    _new_process(organizer)
    process = db.session.scalar(db.select(Process))
    _new_workshop(organizer, process.id)
    workshop = db.session.scalar(db.select(Workshop))
    base = f"/organize/workshops/{workshop.join_code}"
    bad = _post(organizer, f"{base}/settings", {"title": "Neu", "join_mode": "open", "languages": "deutsch!"}, base)
    assert bad.status_code == 422 and "separated by commas" in bad.text
    ok = _post(organizer, f"{base}/settings", {"title": "Neu", "date": "2026-04-01", "venue": "Aula",
                                               "join_mode": "group_codes", "languages": "de,uk"}, base)
    assert ok.status_code == 302
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    assert workshop.title == "Neu" and workshop.languages == "de,uk"
    assert all(g.join_code for g in workshop.groups)
    groups = _post(organizer, f"{base}/groups", {"groups": "Politik\nVerwaltung\nBürgerschaft\nJugend"}, base)
    assert groups.status_code == 302
    db.session.expire_all()
    assert [g.name for g in db.session.get(Workshop, workshop.id).groups] == [
        "Politik", "Verwaltung", "Bürgerschaft", "Jugend"]
    sheet = organizer.get(f"{base}/group-codes.pdf")
    assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF")
    # Life cycle: draft -> open -> closed -> archived.
    for state in ("open", "closed", "archived"):
        assert _post(organizer, f"{base}/state", {"state": state}, base).status_code == 302
    refused = _post(organizer, f"{base}/state", {"state": "open"}, base)
    assert refused.status_code == 409
    copy = _post(organizer, f"{base}/copy", {}, base)
    assert copy.status_code == 201
    copies = db.session.scalars(db.select(Workshop).order_by(Workshop.id)).all()
    assert len(copies) == 2 and copies[1].state == "draft" and copies[1].join_code != copies[0].join_code
    assert [g.name for g in copies[1].groups] == ["Politik", "Verwaltung", "Bürgerschaft", "Jugend"]


def test_tokens_and_sheet(organizer):
    _new_process(organizer)
    process = db.session.scalar(db.select(Process))
    _new_workshop(organizer, process.id, join_mode="tokens")
    workshop = db.session.scalar(db.select(Workshop))
    base = f"/organize/workshops/{workshop.join_code}"
    assert _post(organizer, f"{base}/tokens", {"count": "0"}, base).status_code == 422
    first_group = str(workshop.groups[0].id)
    assert _post(organizer, f"{base}/tokens", {"count": "12", "group": first_group}, base).status_code == 302
    tokens = db.session.scalars(db.select(JoinToken)).all()
    assert len(tokens) == 12 and len({t.code for t in tokens}) == 12
    sheet = organizer.get(f"{base}/tokens.pdf")
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(sheet.data)).pages)
    assert all(t.code in text.replace("-", "").replace(" ", "") for t in tokens)


def test_delete_needs_join_code_and_removes_personal_data(organizer, ctx):
    _new_process(organizer)
    process = db.session.scalar(db.select(Process))
    _new_workshop(organizer, process.id)
    workshop = db.session.scalar(db.select(Workshop))
    db.session.add(Participant(workshop_id=workshop.id, group_id=workshop.groups[0].id,
                               display_name="Anna", secret_hash="x" * 64))
    db.session.commit()
    base = f"/organize/workshops/{workshop.join_code}"
    wrong = _post(organizer, f"{base}/delete", {"confirmation": "nope"}, base)
    assert wrong.status_code == 422 and workshop.join_code in wrong.text
    assert db.session.scalar(db.select(Participant)) is not None
    done = _post(organizer, f"{base}/delete", {"confirmation": workshop.join_code.lower()}, base)
    assert done.status_code == 302
    assert db.session.scalar(db.select(Workshop)) is None
    assert db.session.scalar(db.select(Participant)) is None
    assert db.session.scalar(db.select(AuditEvent).filter_by(action="workshop.delete")) is not None


def test_state_change_reaches_the_room(app, make_workshop):
    from tests.integration.moderator_support import add_participant
    from workshop_app.extensions import socketio
    from workshop_app.services import workshops
    from workshop_app.services.plumbing.audit import SYSTEM

    workshop = make_workshop()
    _participant, secret = add_participant(workshop.id, "politik")
    phone = socketio.test_client(app, namespace="/participant",
                                 auth={"workshop": workshop.join_code, "token": secret})
    screen = socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret})
    assert phone.is_connected("/participant") and screen.is_connected("/screen")
    phone.get_received("/participant")  # the snapshot
    closed = workshops.change_state(SYSTEM, workshop, "closed")
    events = [e for e in phone.get_received("/participant") if e["name"] == "workshop"]
    assert events and events[-1]["args"][0] == {"state": "closed", "version": closed.version}
    assert not screen.is_connected("/screen")  # closing retires the screen secret (issue 13)
    phone.disconnect("/participant")
