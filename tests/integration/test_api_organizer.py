"""The organizer API with API keys: processes, fields, workshops, action plan, exports, audit."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from testkit.worlds import seed
from workshop_app.extensions import db
from workshop_app.models import ApiKey, Measure, Process, Role, User, Workshop
from workshop_app.services import apikeys
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture
def key(ctx, make_user):
    user = make_user()
    _record, secret = apikeys.create_api_key(SYSTEM, user, name="test")
    return secret


def _forget_login():
    """The ``ctx`` fixture's app context is shared by the test's requests; Flask-Login caches the
    user there, so drop it to make each request authenticate on its own."""
    from flask import g

    for name in ("_login_user", "api_key"):
        g.pop(name, None)


def call(client, method, url, key=None, **kwargs):
    _forget_login()
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.open(url, method=method, headers=headers, **kwargs)


def test_keys_required_and_revocable(client, key):
    assert call(client, "GET", "/api/v1/processes").status_code == 401
    assert call(client, "GET", "/api/v1/processes", "zwk_wrong").status_code == 401
    assert call(client, "GET", "/api/v1/processes", key).status_code == 200
    moderator = User(email="mod@example.org", role=Role.MODERATOR.value)
    moderator.set_password("x" * 12)
    db.session.add(moderator)
    db.session.commit()
    _r, mod_key = apikeys.create_api_key(SYSTEM, moderator)
    assert call(client, "GET", "/api/v1/processes", mod_key).status_code == 403
    apikeys.revoke_api_key(SYSTEM, db.session.scalar(db.select(ApiKey).filter_by(name="test")))
    assert call(client, "GET", "/api/v1/processes", key).status_code == 401


def test_process_workshop_and_plan_end_to_end(client, key):
    created = call(client, "POST", "/api/v1/processes", key, json={
        "municipality": "Київ-Partnerstadt", "title": "FGK 2026", "template": "familiengerechte_kommune",
        "council_decision": "2026-05-20"})
    assert created.status_code == 201, created.json
    process = created.json
    assert len(process["fields"]) == 10 and process["implementation_deadline"] == "2029-05-20"
    field = call(client, "POST", f"/api/v1/processes/{process['id']}/fields", key,
                 json={"name": "Mobilität", "colour": "#cc79a7"})
    assert field.status_code == 201 and field.json["colour"] == "#CC79A7"
    bad_colour = call(client, "PATCH", f"/api/v1/fields/{field.json['id']}", key, json={"colour": "red"})
    assert bad_colour.status_code == 422 and bad_colour.json["error"]["code"] == "invalid_colour"
    moved = call(client, "PATCH", f"/api/v1/fields/{field.json['id']}", key, json={"direction": "up"})
    assert moved.json["position"] == 9

    workshop = call(client, "POST", f"/api/v1/processes/{process['id']}/workshops", key, json={
        "title": "Auftakt", "date": "2026-03-14", "join_mode": "tokens", "groups": ["Politik", "Bürger:innen"]})
    assert workshop.status_code == 201
    code = workshop.json["code"]
    assert workshop.json["moderator_url"].startswith("http") and "/m/" in workshop.json["moderator_url"]
    assert [g["name"] for g in workshop.json["groups"]] == ["Politik", "Bürger:innen"]
    tokens = call(client, "POST", f"/api/v1/workshops/{code}/tokens", key, json={"count": 3, "group": "politik"})
    assert tokens.status_code == 201 and len(tokens.json["tokens"]) == 3
    assert call(client, "POST", f"/api/v1/workshops/{code}/tokens", key, json={"count": 9999}).status_code == 422
    settings = call(client, "PATCH", f"/api/v1/workshops/{code}/settings", key,
                    json={"venue": "Aula", "languages": "de,uk"})
    assert settings.json["venue"] == "Aula" and settings.json["languages"] == ["de", "uk"]
    assert call(client, "POST", f"/api/v1/workshops/{code}/state", key, json={"state": "open"}).json["state"] == "open"
    conflict = call(client, "POST", f"/api/v1/workshops/{code}/state", key, json={"state": "open"})
    assert conflict.status_code == 409

    goal = call(client, "POST", f"/api/v1/processes/{process['id']}/goals", key,
                json={"title": "Mehr Kita-Plätze", "field": process["fields"][1]["id"]})
    assert goal.status_code == 201
    late = call(client, "POST", f"/api/v1/goals/{goal.json['id']}/measures", key,
                json={"title": "Neubau", "responsible": "Bauamt", "deadline": "2029-05-21"})
    assert late.status_code == 422 and late.json["error"]["code"] == "deadline_too_late"
    assert late.json["error"]["params"]["latest"] == "2029-05-20"
    nobody = call(client, "POST", f"/api/v1/goals/{goal.json['id']}/measures", key,
                  json={"title": "Neubau", "deadline": "2028-01-01"})
    assert nobody.json["error"]["code"] == "responsible_required"
    assert db.session.scalar(db.select(db.func.count()).select_from(Measure)) == 0
    measure = call(client, "POST", f"/api/v1/goals/{goal.json['id']}/measures", key,
                   json={"title": "Neubau", "responsible": "Bauamt", "partners": ["Träger", "Land"],
                         "deadline": "2029-05-20"})
    assert measure.status_code == 201 and measure.json["partners"] == "Träger; Land"
    updated = call(client, "PATCH", f"/api/v1/measures/{measure.json['id']}", key,
                   json={"status": "in_progress", "note": "Grundstück gekauft"})
    assert updated.json["notes"][0]["status_after"] == "in_progress"
    full = call(client, "GET", f"/api/v1/processes/{process['id']}", key).json
    assert full["goals"][0]["measures"][0]["status"] == "in_progress"

    audit = call(client, "GET", f"/api/v1/audit?process={process['id']}&action=measure", key).json
    assert {e["action"] for e in audit["events"]} == {"measure.create", "measure.update"}
    assert all("(api_key)" in e["actor"] for e in audit["events"])

    assert call(client, "DELETE", f"/api/v1/workshops/{code}", key, json={"confirmation": "nope"}).status_code == 422
    assert call(client, "DELETE", f"/api/v1/workshops/{code}", key, json={"confirmation": code}).status_code == 204
    assert db.session.scalar(db.select(Workshop).filter_by(join_code=code)) is None


def test_exports_over_the_api(client, key):
    data = seed()
    response = call(client, "GET", f"/api/v1/workshops/{data.code}/export/xlsx", key)
    assert response.status_code == 200 and "filename*=UTF-8''" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert any(c.value == "رياض أطفال أكثر" for s in book.worksheets for r in s.iter_rows() for c in r)
    semicolon = call(client, "GET", f"/api/v1/processes/{data.process_id}/export/csv?delimiter=;", key)
    assert semicolon.status_code == 200 and b"Jugendamt" in semicolon.data and b";" in semicolon.data
    archive = call(client, "GET", f"/api/v1/processes/{data.process_id}/export/json", key)
    assert archive.json["format"] == "zielwerkstatt-archive"
    assert call(client, "GET", f"/api/v1/processes/{data.process_id}/export/rtf", key).status_code == 404
    assert call(client, "GET", "/api/v1/workshops/NOPE99/export/csv", key).status_code == 404
    assert db.session.get(Process, data.process_id) is not None


def test_openapi_lists_organizer_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/processes", "/api/v1/processes/{id}/goals", "/api/v1/goals/{id}/measures",
                 "/api/v1/workshops/{code}/export/{format}", "/api/v1/processes/{id}/export/{format}",
                 "/api/v1/processes/import"):
        assert path in paths, path
    assert "delete" in paths["/api/v1/workshops/{code}"]
