"""Priority × feasibility (issue 17, item 6): feasibility rounds over a closed priority round,
assessor-only ballots (phones of the assessor group, named staff accounts in console and API),
the results and the matrix, the screen, the documents and the archive — on both databases."""
from __future__ import annotations

import pytest
from flask import g

from tests.conftest import csrf_token_from, login
from tests.integration.moderator_support import add_participant, vote
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Ballot, Role, VotingRound
from workshop_app.services import apikeys
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture
def api(client, make_user, make_workshop):
    user = make_user()
    _key, secret = apikeys.create_api_key(SYSTEM, user)
    workshop = make_workshop()

    def call(method, path, body=None, key=secret, **headers):
        if key:
            headers["Authorization"] = f"Bearer {key}"
        g.pop("_login_user", None)  # the test's app context outlives requests: forget the last caller
        g.pop("api_key", None)
        return client.open(f"/api/v1{path}", method=method, json=body, headers=headers)

    call.workshop, call.user = workshop, user
    return call


def _priority_round(api):
    """Four goals; a closed dots round in which the three groups gave them different priority."""
    code = api.workshop.join_code
    ids = [api("POST", f"/workshops/{code}/moderator-proposals", {"title": t}).get_json()["id"]
           for t in ("Kita-Plätze ausbauen", "Radweg zur Schule", "Familienbüro im Rathaus", "Spielplatz sanieren")]
    round_id = api("POST", f"/workshops/{code}/rounds", {"method": "dots", "budget": 5}).get_json()["id"]
    assert api("POST", f"/rounds/{round_id}/open").status_code == 200
    a, b, c, d = ids
    for group, votes in (("politik", {a: 3, b: 2}), ("verwaltung", {a: 2, c: 3}),
                         ("zivilgesellschaft", {a: 3, b: 1, d: 1})):
        participant, _ = add_participant(api.workshop.id, group)
        vote(participant, round_id, votes)
    assert api("POST", f"/rounds/{round_id}/close").status_code == 200
    return round_id, ids


def _assessor(api, make_user, email="kaemmerin@example.org"):
    """A moderator account assigned to the workshop, with its own API key."""
    from workshop_app.models import WorkshopModerator
    from workshop_app.services.plumbing import tx
    user = make_user(email, role=Role.MODERATOR)
    with tx.write():
        db.session.add(WorkshopModerator(workshop_id=api.workshop.id, user_id=user.id))
    _key, secret = apikeys.create_api_key(SYSTEM, user)
    return user, secret


def test_a_feasibility_round_assesses_a_closed_priority_round(api, make_user):
    code = api.workshop.join_code
    draft = api("POST", f"/workshops/{code}/rounds", {"method": "dots"}).get_json()["id"]
    refused = api("POST", f"/rounds/{draft}/feasibility", {})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "round_not_closed"
    api("POST", f"/rounds/{draft}/reset", {"confirm": True})
    priority, ids = _priority_round(api)
    bad = api("POST", f"/rounds/{priority}/feasibility", {"group": "nobody"})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_choice"
    bad = api("POST", f"/rounds/{priority}/feasibility", {"assessors": [999999]})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "invalid_choice"
    created = api("POST", f"/rounds/{priority}/feasibility", {"title": "Wie gut umsetzbar?"})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["method"] == "rating" and body["purpose"] == "feasibility"
    assert body["assessor_group"] == "verwaltung" and body["assesses_round"] == priority
    again = api("POST", f"/rounds/{body['id']}/feasibility", {})
    assert again.status_code == 422 and again.get_json()["error"]["code"] == "not_a_priority_round"
    opened = api("POST", f"/rounds/{body['id']}/open").get_json()
    assert opened["proposals"] == ids  # the priority round's items, in its order
    assert "round.create" in [e.action for e in db.session.scalars(db.select(AuditEvent))]


def test_only_assessors_rate(api, make_user, client):
    priority, ids = _priority_round(api)
    assessor, assessor_key = _assessor(api, make_user)
    round_id = api("POST", f"/rounds/{priority}/feasibility", {"assessors": [assessor.id]}).get_json()["id"]
    api("POST", f"/rounds/{round_id}/open")
    _admin, admin_secret = add_participant(api.workshop.id, "verwaltung")
    politics, politics_secret = add_participant(api.workshop.id, "politik")

    def ballot(secret, votes, language="de"):
        return api("PUT", f"/rounds/{round_id}/ballot", {"votes": votes}, key=secret, **{"Accept-Language": language})

    assert ballot(admin_secret, {str(ids[0]): 5, str(ids[1]): 2}).status_code == 200
    refused = ballot(politics_secret, {str(ids[0]): 1})
    assert refused.status_code == 403
    error = refused.get_json()["error"]
    assert error["code"] == "not_assessor" and error["message"]
    assert "bewertet die Verwaltung die Umsetzbarkeit" in error["message"]  # the phone's language
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot).where(
        Ballot.participant_id == politics.id)) == 0

    # the named account rates over the API (a staff ballot, audited); the organizer is not named
    rated = api("PUT", f"/rounds/{round_id}/assessment", {"votes": {str(ids[0]): 4, str(ids[2]): 1}},
                key=assessor_key)
    assert rated.status_code == 200, rated.get_json()
    assert rated.get_json()["votes"] == {str(ids[0]): 4, str(ids[2]): 1}
    again = api("PUT", f"/rounds/{round_id}/assessment", {"votes": {str(ids[0]): 3, str(ids[2]): 1}},
                key=assessor_key)
    assert again.get_json()["revision"] == 2
    assert api("GET", f"/rounds/{round_id}/assessment", key=assessor_key).get_json()["votes"] == {
        str(ids[0]): 3, str(ids[2]): 1}
    not_named = api("PUT", f"/rounds/{round_id}/assessment", {"votes": {str(ids[0]): 5}})
    assert not_named.status_code == 403 and not_named.get_json()["error"]["code"] == "not_assessor"
    bad = api("PUT", f"/rounds/{round_id}/assessment", {"votes": {str(ids[0]): 6}}, key=assessor_key)
    assert bad.status_code == 422
    staff = db.session.scalar(db.select(Ballot).where(Ballot.user_id == assessor.id))
    assert staff.participant_id is None and staff.group.key == "verwaltung"
    assert [e.action for e in db.session.scalars(db.select(AuditEvent).filter_by(action="round.assess"))] == [
        "round.assess", "round.assess"]

    matrix = api("GET", f"/rounds/{round_id}/matrix").get_json()
    assert matrix["progress"]["group"] == {"key": "verwaltung", "name": matrix["progress"]["group"]["name"],
                                           "joined": 2, "voted": 1}
    progress = matrix["progress"]
    assert progress["accounts"][0]["rated"] == 2 and progress["goals"] == 4 and progress["raters"] == 2
    goals = {g["id"]: g for g in matrix["matrix"]["goals"]}
    assert goals[ids[0]]["feasibility"] == 4.0 and goals[ids[0]]["raters"] == 2  # (5 + 3) / 2
    assert goals[ids[1]]["feasibility"] == 2.0 and goals[ids[2]]["feasibility"] == 1.0
    assert goals[ids[3]]["feasibility"] is None and goals[ids[3]]["quadrant"] is None
    assert goals[ids[0]]["priority"] == 1.0 and goals[ids[0]]["number"] == 1
    assert goals[ids[0]]["quadrant"] == "quick_wins"
    assert matrix["matrix"]["unassessed"] == [ids[3]]
    assert len(matrix["matrix"]["layout"]["markers"]) == 3


def test_matrix_authorisation(api, make_user, client):
    priority, _ids = _priority_round(api)
    round_id = api("POST", f"/rounds/{priority}/feasibility", {}).get_json()["id"]
    _participant, secret = add_participant(api.workshop.id, "verwaltung")
    assert api("GET", f"/rounds/{round_id}/matrix", key=secret).status_code == 401
    assert api("GET", f"/rounds/{round_id}/matrix", key=None).status_code == 401
    stranger, stranger_key = _assessor(api, make_user, "fremd@example.org")
    from workshop_app.models import WorkshopModerator
    from workshop_app.services.plumbing import tx
    with tx.write():
        db.session.execute(db.delete(WorkshopModerator).where(WorkshopModerator.user_id == stranger.id))
    assert api("GET", f"/rounds/{round_id}/matrix", key=stranger_key).status_code == 403
    assert api("POST", f"/rounds/{priority}/feasibility", {}, key=stranger_key).status_code == 403
    assert api("GET", f"/rounds/{priority}/matrix").status_code == 404  # not a feasibility round


def _form(client, url, data, csrf):
    g.pop("_login_user", None)
    return client.post(url, data={**data, "csrf_token": csrf})


def test_console_flow_and_screen_matrix(api, client):
    """The organizer names themself, rates in the console over plain HTTP forms (no JavaScript),
    closes with the matrix on the screen; the screen's page and its pushed state show it."""
    priority, ids = _priority_round(api)
    code = api.workshop.join_code
    login(client, api.user.email)
    page = client.get(f"/moderate/{code}/feasibility")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="group"' in html and 'value="verwaltung" selected' in html
    csrf = csrf_token_from(page)
    refused = _form(client, f"/moderate/{code}/feasibility", {"round": str(priority), "group": "nope"}, csrf)
    assert refused.status_code == 422 and 'role="alert"' in refused.get_data(as_text=True)
    created = _form(client, f"/moderate/{code}/feasibility",
                    {"round": str(priority), "group": "verwaltung", "assessors": str(api.user.id)}, csrf)
    assert created.status_code == 302
    round_ = db.session.scalar(db.select(VotingRound).filter_by(purpose="feasibility"))
    assert _form(client, f"/moderate/{code}/rounds/{round_.id}/start", {}, csrf).status_code == 302
    html = client.get(f"/moderate/{code}/feasibility").get_data(as_text=True)
    assert f'name="rating-{ids[0]}"' in html
    bad = _form(client, f"/moderate/{code}/feasibility/{round_.id}/assessment", {f"rating-{ids[0]}": "9"}, csrf)
    assert bad.status_code == 422
    saved = _form(client, f"/moderate/{code}/feasibility/{round_.id}/assessment",
                  {f"rating-{ids[0]}": "5", f"rating-{ids[1]}": "1", f"rating-{ids[2]}": "4",
                   f"rating-{ids[3]}": "0"}, csrf)
    assert saved.status_code == 302
    html = client.get(f"/moderate/{code}/feasibility").get_data(as_text=True)
    assert "3 of 4 goals rated" in html and f'name="rating-{ids[0]}" value="5" checked' in html
    assert "round.assess" in [e.action for e in db.session.scalars(db.select(AuditEvent))]
    closed = _form(client, f"/moderate/{code}/rounds/{round_.id}/close", {"show_results": "on"}, csrf)
    assert closed.status_code == 302

    screen = client.get(f"/screen/{api.workshop.screen_secret}").get_data(as_text=True)
    assert 'data-mode="matrix"' in screen and 'class="matrix-chart"' in screen
    markers = sum(screen.count(f'<g class="matrix-marker q-{quadrant}')
                  for quadrant in ("quick", "major", "fill", "recon"))
    assert markers == 3 and "Kita-Plätze ausbauen" in screen
    assert 'id="tpl-matrix"' in screen and "/static/js/screen-matrix.js" in screen
    assert " style=" not in screen
    state = client.get(f"/screen/{api.workshop.screen_secret}/state").get_json()
    assert state["mode"] == "matrix"
    assert state["matrix"]["quadrants"]["quick_wins"] == [ids[0], ids[2]]  # c ties at the median
    html = client.get(f"/moderate/{code}/feasibility").get_data(as_text=True)
    assert 'class="matrix-chart"' in html and "Quick wins" in html

    # on demand, like any closed round's results: the screen follows the phase, then shows the matrix
    assert api("PATCH", f"/workshops/{code}", {"phase": "collect"}).status_code == 200
    assert client.get(f"/screen/{api.workshop.screen_secret}/state").get_json()["mode"] == "collect"
    assert api("POST", f"/workshops/{code}/screen-round", {"round": round_.id}).status_code == 200
    state = client.get(f"/screen/{api.workshop.screen_secret}/state").get_json()
    assert state["mode"] == "matrix" and len(state["matrix"]["layout"]["markers"]) == 3


def _assessed(api, make_user):
    """A closed feasibility round: the administration's phone and a named account rated."""
    priority, ids = _priority_round(api)
    assessor, assessor_key = _assessor(api, make_user)
    round_id = api("POST", f"/rounds/{priority}/feasibility", {"assessors": [assessor.id]}).get_json()["id"]
    api("POST", f"/rounds/{round_id}/open")
    _admin, admin_secret = add_participant(api.workshop.id, "verwaltung")
    assert api("PUT", f"/rounds/{round_id}/ballot", {"votes": {str(ids[0]): 5, str(ids[1]): 2}},
               key=admin_secret).status_code == 200
    assert api("PUT", f"/rounds/{round_id}/assessment", {"votes": {str(ids[0]): 4, str(ids[2]): 2}},
               key=assessor_key).status_code == 200
    api("POST", f"/rounds/{round_id}/close")
    return round_id, ids


def test_documents_show_the_matrix_as_chart_and_table(api, make_user):
    import csv
    import io

    from docx import Document as DocxDocument
    from openpyxl import load_workbook
    from pypdf import PdfReader

    _round_id, _ids = _assessed(api, make_user)
    code = api.workshop.join_code
    docx = api("GET", f"/workshops/{code}/export/docx?lang=en")
    assert docx.status_code == 200, docx.get_data(as_text=True)[:300]
    document = DocxDocument(io.BytesIO(docx.data))
    text = "\n".join([p.text for p in document.paragraphs] +
                     [c.text for t in document.tables for row in t.rows for c in row.cells])
    assert "Priority and feasibility" in text and "Quick wins" in text and "Major projects" in text
    assert "Radweg zur Schule" in text and "Not assessed yet" in text
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) >= 2  # the feasibility round's bar chart and the matrix
    pdf = api("GET", f"/workshops/{code}/export/pdf?lang=de")
    assert pdf.status_code == 200
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Priorität und Umsetzbarkeit" in pdf_text and "Schnelle Erfolge" in pdf_text
    odt = api("GET", f"/workshops/{code}/export/odt?lang=en")
    assert odt.status_code == 200 and b"Pictures/" in odt.data
    rows = list(csv.reader(io.StringIO(api("GET", f"/workshops/{code}/export/csv?lang=en").data.decode("utf-8-sig"))))
    header = rows[0]
    quadrant = header.index("Quadrant (priority × feasibility)")
    assessed = {r[header.index("Proposal")]: r for r in rows[1:] if r[quadrant]}
    assert assessed["Kita-Plätze ausbauen"][quadrant] == "Quick wins"
    assert float(assessed["Kita-Plätze ausbauen"][header.index("Mean")]) == 4.5
    book = load_workbook(io.BytesIO(api("GET", f"/workshops/{code}/export/xlsx?lang=en").data))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert "Quadrant (priority × feasibility)" in cells and "Quick wins" in cells


def test_archive_round_trips_the_feasibility_round(api, make_user, tmp_path):
    from tests.conftest import make_app
    from workshop_app.models import Process
    from workshop_app.services import archive

    round_id, _ids = _assessed(api, make_user)
    raw = archive.archive_bytes(db.session.get(Process, api.workshop.process_id))
    dumped = next(r for r in archive.parse(raw)["workshops"][0]["rounds"] if r["id"] == round_id)
    assert dumped["purpose"] == "feasibility" and dumped["assesses_round"] is not None
    assert sorted(b["staff"] for b in dumped["ballots"]) == [False, True]
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", tmp_path / "other-instance")
    with other.test_request_context():
        db.create_all()
        copy = archive.import_archive(SYSTEM, raw)
        rounds = {r.purpose: r for r in copy.workshops[0].rounds}
        imported = rounds["feasibility"]
        assert imported.assesses_round_id == rounds["priority"].id
        assert imported.assessor_group.key == "verwaltung" and imported.method == "rating"
        from workshop_app.services import feasibility
        matrix = feasibility.matrix_payload(imported)
        assert [g["feasibility"] for g in matrix["goals"]] == [4.5, 2.0, 2.0, None]
        db.session.remove()
        db.engine.dispose()


def _visible(response) -> str:
    """The page without its <template>s (what the phone shows without JavaScript)."""
    import re
    return re.sub(r"<template.*?</template>", "", response.get_data(as_text=True), flags=re.DOTALL)


def _fresh():
    """The test's app context outlives requests: forget what the last client's request left in g."""
    for name in ("_login_user", "api_key", "csrf_token", "participants"):
        g.pop(name, None)


def test_phones_without_javascript(api, app):
    """The administration's phone gets the rating form; another group's phone says the
    administration is assessing, and a forged form post is refused with that message."""
    priority, ids = _priority_round(api)
    round_id = api("POST", f"/rounds/{priority}/feasibility", {}).get_json()["id"]
    api("POST", f"/rounds/{round_id}/start")
    code = api.workshop.join_code
    phones = {}
    for group in ("verwaltung", "politik"):
        _fresh()
        phone = app.test_client()
        phone.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        page = phone.get(f"/j/{code}")
        assert phone.post(f"/j/{code}", data={"csrf_token": csrf_token_from(page), "group": group}).status_code == 303
        phones[group] = phone
    _fresh()
    admin = _visible(phones["verwaltung"].get(f"/w/{code}"))
    assert 'id="ballot-form"' in admin and f'name="v-{ids[0]}"' in admin and 'id="assessing-notice"' not in admin
    assert "1 = hard to implement" in admin and "Rate the proposals from 1 (weak)" not in admin
    _fresh()
    other_page = phones["politik"].get(f"/w/{code}")
    other = _visible(other_page)
    assert 'id="assessing-notice"' in other and "administration is assessing" in other
    assert 'id="ballot-form"' not in other and "Your votes are saved at once" not in other
    _fresh()
    refused = phones["politik"].post(f"/w/{code}/rounds/{round_id}/ballot",
                                     data={"csrf_token": csrf_token_from(other_page), f"v-{ids[0]}": "5"})
    assert refused.status_code in (303, 403, 422)
    _fresh()
    shown = phones["politik"].get(f"/w/{code}").get_data(as_text=True) if refused.status_code == 303 \
        else refused.get_data(as_text=True)
    assert "Only the assessors can rate here." in shown
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)) == 0
    _fresh()
    assert phones["verwaltung"].post(f"/w/{code}/rounds/{round_id}/ballot", data={
        "csrf_token": csrf_token_from(_fresh() or phones["verwaltung"].get(f"/w/{code}")),
        f"v-{ids[0]}": "4"}).status_code == 303
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot).where(Ballot.round_id == round_id)) == 1


def test_anonymising_unlinks_staff_ballots_too(api, make_user):
    from workshop_app.models import Workshop
    from workshop_app.services import privacy

    _round_id, _ids = _assessed(api, make_user)
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot).where(Ballot.user_id.is_not(None))) == 1
    privacy.anonymise(SYSTEM, db.session.get(Workshop, api.workshop.id))
    assert db.session.scalar(db.select(db.func.count()).select_from(Ballot).where(
        Ballot.user_id.is_not(None) | Ballot.participant_id.is_not(None))) == 0
