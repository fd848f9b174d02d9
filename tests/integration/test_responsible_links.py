"""Responsible bodies report without an account: personal links, the form, revocation, the API."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.conftest import csrf_token_from, login
from tests.integration.responsible_support import JUGENDAMT, SCHULAMT, link_path, seed_plan
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Measure, Process, ProgressNote, ResponsibleLink
from workshop_app.services import apikeys, responsible_links
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture
def app_config():
    return {"TOKEN_GUESS_RATE_LIMIT": "5 per minute"}


@pytest.fixture
def data(ctx):
    return seed_plan()


def _issue(data, email=JUGENDAMT, process=None) -> str:
    _link, secret = responsible_links.issue(SYSTEM, db.session.get(Process, process or data.process_a), email)
    return f"/report/{secret}"


def _state():
    """Everything an update could touch: measures, notes and the audit trail."""
    db.session.expire_all()
    measures = {m.id: (m.status, m.progress) for m in db.session.scalars(db.select(Measure))}
    notes = db.session.scalar(db.select(db.func.count()).select_from(ProgressNote))
    events = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent))
    return measures, notes, events


def _post(client, path, fields):
    return client.post(path, data={**fields, "csrf_token": csrf_token_from(client.get(path))})


def test_link_lists_only_its_measures_and_records_an_update(client, data):
    path = _issue(data)
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer" and "no-store" in page.headers["Cache-Control"]
    text = page.text
    for name in ("Elternbefragung", "Neubau Kita Nord", "Ferienbetreuung"):
        assert name in text
    assert "Bedarfsplanung Kita &lt;b&gt;2027&lt;/b&gt;" in text  # escaped
    assert "Sichere Schulwege" not in text and "Maßnahme in Prozess B" not in text and "Ohne Adresse" not in text
    overdue = data.measures["overdue"]
    yesterday = (data.today - timedelta(days=1)).isoformat()
    response = _post(client, path, {f"m{overdue}-status": "in_progress", f"m{overdue}-progress": "40",
                                    f"m{overdue}-note": "Fragebogen verschickt", f"m{overdue}-note_date": yesterday,
                                    f"m{overdue}-note_public": "public"})
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    assert "1 measure was updated" in client.get(path).text
    measure = db.session.get(Measure, overdue)
    assert (measure.status, measure.progress) == ("in_progress", 40)
    note = measure.notes[-1]
    assert (note.text, note.date.isoformat(), note.public) == ("Fragebogen verschickt", yesterday, True)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="measure.update", object_id=overdue))
    assert f"via link of {JUGENDAMT}" in event.actor_label and event.actor_user_id is None
    assert event.process_id == data.process_a and event.after["progress"] == 40
    assert db.session.scalar(db.select(ResponsibleLink)).last_used_at is not None


def test_status_change_keeps_default_progress_and_internal_note(client, data):
    path = _issue(data)
    due = data.measures["due_soon"]
    # The form shows the effective 0 % of a planned measure; sent back unchanged, the stored value
    # stays "the status's default", so "in progress" now shows its own default.
    response = _post(client, path, {f"m{due}-status": "in_progress", f"m{due}-progress": "0",
                                    f"m{due}-note": "intern: Personal fehlt", f"m{due}-note_public": "internal"})
    assert response.status_code == 302
    measure = db.session.get(Measure, due)
    assert measure.status == "in_progress" and measure.progress is None
    assert measure.notes[-1].public is False and measure.notes[-1].status_after == "in_progress"


def test_unchanged_form_writes_nothing(client, data):
    path = _issue(data)
    page = client.get(path).text
    fields = dict(re.findall(r'name="(m\d+-(?:status|progress))"[^>]*value="([^"]*)"', page))
    for measure_id in data.measures.values():
        selected = re.search(rf'name="m{measure_id}-status".*?<option value="(\w+)" selected', page, re.S)
        if selected:
            fields[f"m{measure_id}-status"] = selected.group(1)
    assert fields
    before = _state()
    response = _post(client, path, fields)
    assert response.status_code == 302 and _state() == before


@pytest.mark.parametrize("change, message", [
    ({"progress": "101"}, "The progress is a whole percentage from 0 to 100."),
    ({"progress": "-1"}, "The progress is a whole percentage from 0 to 100."),
    ({"progress": "zehn"}, "The progress is a whole percentage from 0 to 100."),
    ({"status": "finished"}, "Please choose one of the offered options."),
    ({"note": "x", "note_date": "2020-01-01"}, "The date of the note lies before the process began"),
    ({"note": "x", "note_date": "FUTURE"}, "The date of the note may not be later than"),
    ({"note": "x", "note_date": "31.12.2026"}, "Please enter the date as YYYY-MM-DD."),
])
def test_bad_values_store_nothing_of_the_whole_form(client, data, change, message):
    path = _issue(data)
    good, bad = data.measures["due_soon"], data.measures["overdue"]
    if change.get("note_date") == "FUTURE":
        change = {**change, "note_date": (data.today + timedelta(days=1)).isoformat()}
    before = _state()
    fields = {f"m{good}-status": "done", f"m{good}-note": "fertig",
              **{f"m{bad}-{key}": value for key, value in change.items()}}
    response = _post(client, path, fields)
    assert response.status_code == 422
    assert "Nothing was saved" in response.text and message in response.text
    assert 'aria-invalid="true"' in response.text
    assert _state() == before


def test_link_of_one_process_cannot_touch_another(client, data):
    path = _issue(data)
    foreign = data.measures["other_process"]
    school = data.measures["school"]
    before = _state()
    response = _post(client, path, {f"m{foreign}-status": "done", f"m{foreign}-note": "fremd",
                                    f"m{school}-status": "dropped"})
    assert response.status_code == 302
    assert "Nothing was changed" in client.get(path).text
    assert _state() == before


def test_revoked_renewed_and_expired_links(client, data):
    old = _issue(data)
    assert client.get(old).status_code == 200
    token = csrf_token_from(client.get(old))
    responsible_links.revoke(SYSTEM, db.session.scalar(db.select(ResponsibleLink)))
    before = _state()
    gone = client.get(old)
    assert gone.status_code == 410 and "withdrawn by the organizers" in gone.text
    assert "Elternbefragung" not in gone.text and JUGENDAMT not in gone.text and "Familiengerechte" not in gone.text
    overdue = data.measures["overdue"]
    posted = client.post(old, data={f"m{overdue}-status": "done", "csrf_token": token})
    assert posted.status_code == 410 and _state() == before

    new = _issue(data)  # renewing revives the address with a new secret; the old one is unknown
    assert client.get(new).status_code == 200
    unknown = client.get(old)
    assert unknown.status_code == 404 and "not valid" in unknown.text

    with tx.write():  # the process period ended yesterday
        process = db.session.get(Process, data.process_a)
        process.period_end = data.today - timedelta(days=1)
        process.council_decision = data.today - timedelta(days=3 * 366 + 2)
        process.period_start = process.council_decision
    expired = client.get(new)
    assert expired.status_code == 410 and "expired" in expired.text


def test_unknown_secrets_spend_guesses(client, data):
    _issue(data)
    answers = [client.get(f"/report/guess{n:04d}abcdefghijklmnopqrstuv").status_code for n in range(7)]
    assert answers[:5] == [404] * 5 and answers[5:] == [429, 429]


def test_organizer_issues_shows_renews_and_revokes(client, make_user, data):
    make_user()
    login(client)
    page = f"/organize/processes/{data.process_a}/responsible"
    overview = client.get(page)
    assert overview.status_code == 200 and JUGENDAMT in overview.text and SCHULAMT in overview.text
    assert "not issued yet" in overview.text
    created = _post(client, page, {"email": " Schulamt@Stadt.Example "})
    assert created.status_code == 201
    url = re.search(r'<p class="secret" dir="ltr">([^<]+)</p>', created.text).group(1)
    link = db.session.scalar(db.select(ResponsibleLink).filter_by(email=SCHULAMT))
    assert link.secret_hash != url and url.split("/")[-1] not in link.secret_sealed  # not stored in clear
    shown = _post(client, f"/organize/responsible-links/{link.id}/show", {})
    assert url in shown.text
    revoked = _post(client, f"/organize/responsible-links/{link.id}/revoke", {})
    assert revoked.status_code == 302
    assert client.get(link_path(url)).status_code == 410
    bad = _post(client, page, {"email": "kein-at-zeichen"})
    assert bad.status_code == 422 and "valid email address" in bad.text
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).filter(
        AuditEvent.action.like("responsible_link.%")).order_by(AuditEvent.id))]
    assert actions == ["responsible_link.create", "responsible_link.reveal", "responsible_link.revoke"]


def test_measure_form_and_api_take_responsible_email(client, make_user, data):
    user = make_user()
    measure_id = data.measures["nobody"]
    login(client)
    edit = f"/organize/measures/{measure_id}/edit"
    form = client.get(edit)
    assert 'name="responsible_email"' in form.text
    fields = {"title": "Ohne Adresse", "responsible": "Kämmerei",
              "deadline": (data.today + timedelta(days=3)).isoformat(),
              "status": "planned", "responsible_email": "falsch@"}
    refused = _post(client, edit, fields)
    assert refused.status_code == 422 and "valid email address" in refused.text
    assert db.session.get(Measure, measure_id).responsible_email is None
    assert _post(client, edit, {**fields, "responsible_email": "Kaemmerei@Stadt.Example"}).status_code == 302
    assert db.session.get(Measure, measure_id).responsible_email == "kaemmerei@stadt.example"

    from flask import g
    _record, key = apikeys.create_api_key(SYSTEM, user, name="test")
    api = client.application.test_client()
    headers = {"Authorization": f"Bearer {key}"}
    g.pop("_login_user", None)
    answer = api.patch(f"/api/v1/measures/{measure_id}", json={"responsible_email": "neu@stadt.example"},
                       headers=headers)
    assert answer.status_code == 200 and answer.json["responsible_email"] == "neu@stadt.example"
    g.pop("_login_user", None)
    wrong = api.patch(f"/api/v1/measures/{measure_id}", json={"responsible_email": ["x"]}, headers=headers)
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "invalid_email"
    g.pop("_login_user", None)
    cleared = api.patch(f"/api/v1/measures/{measure_id}", json={"responsible_email": None}, headers=headers)
    assert cleared.status_code == 200 and cleared.json["responsible_email"] is None


def test_addresses_and_internal_notes_stay_off_public_pages_and_feeds(client, data):
    path = _issue(data)
    due = data.measures["due_soon"]
    _post(client, path, {f"m{due}-status": "in_progress", f"m{due}-note": "Öffentlicher Stand",
                         f"m{due}-note_public": "public"})
    _post(client, path, {f"m{due}-note": "Nur intern: Stelle unbesetzt", f"m{due}-note_public": "internal"})
    with tx.write():
        db.session.get(Process, data.process_a).public = True
    public = client.application.test_client()
    for suffix in ("", "/embed", "/feed.atom", "/feed.json", "/deadlines.ics"):
        answer = public.get(f"/progress/{data.process_a}{suffix}")
        assert answer.status_code == 200, suffix
        assert JUGENDAMT not in answer.text and "stadt.example" not in answer.text, suffix
        assert "Nur intern" not in answer.text, suffix
    assert "Öffentlicher Stand" in public.get(f"/progress/{data.process_a}").text


def test_archives_keep_the_addresses_and_refuse_bad_ones(data):
    import json

    from workshop_app.domain.errors import DomainError
    from workshop_app.services import archive

    exported = json.loads(archive.archive_bytes(db.session.get(Process, data.process_a)))
    measures = [m for g in exported["goals"] for m in g["measures"]]
    assert {m["responsible_email"] for m in measures} == {JUGENDAMT, SCHULAMT, None}
    for m in measures:
        if m["responsible_email"] == SCHULAMT:
            m["responsible_email"] = "kein at"
    with pytest.raises(DomainError) as refused:
        archive.import_archive(SYSTEM, json.dumps(exported))
    assert "responsible_email" in refused.value.params.get("where", "")
    for m in measures:
        if m["responsible_email"] == "kein at":
            m["responsible_email"] = "Schulamt@Stadt.Example"
    with tx.write():
        db.session.delete(db.session.get(Process, data.process_a))
    process = archive.import_archive(SYSTEM, json.dumps(exported))
    emails = sorted(filter(None, (m.responsible_email for g in process.goals for m in g.measures)))
    assert emails == [JUGENDAMT] * 4 + [SCHULAMT]
