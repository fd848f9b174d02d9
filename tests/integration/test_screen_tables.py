"""The tables on the projector: every table's progress while the room collects at tables, and
one table's wall put on the screen by the moderator (form and API, audited; a phase change ends
it). The screen gets it all pushed (snapshot facts, ``workshop`` events, cards with their table)."""
from __future__ import annotations

import re

from tests.integration.moderator_support import signed_in
from tests.integration.stations_support import card_at, make_tables, seat
from tests.integration.test_asyncapi import _validator
from workshop_app.extensions import db, socketio
from workshop_app.models import AuditEvent, Workshop


def _collect(client, workshop, token):
    response = client.post(f"/moderate/{workshop.join_code}/phase", data={"csrf_token": token, "phase": "collect"})
    assert response.status_code == 302


def _screen_state(client, workshop):
    return client.get(f"/screen/{workshop.screen_secret}/state").get_json()


def test_progress_of_every_table_while_collecting(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    (one, _s1), (two, _s2), (three, _s3) = make_tables(workshop, 3)
    seat(workshop, one.id, "politik")
    seat(workshop, one.id, "verwaltung")
    seat(workshop, one.id, "verwaltung")
    card_at(workshop, one.id, "Spielplatz am Fluss")
    card_at(workshop, one.id, "Mehr Bänke", paper=True)
    card_at(workshop, two.id, "Radweg zur Schule")
    _collect(client, workshop, token)
    state = _screen_state(client, workshop)
    assert state["mode"] == "tables"
    by_name = {t["name"]: t for t in state["tables"]}
    assert by_name["Tisch 1"]["cards"] == 2 and by_name["Tisch 1"]["by_group"] == {"politik": 1, "verwaltung": 2}
    assert by_name["Tisch 2"]["cards"] == 1 and by_name["Tisch 3"]["cards"] == 0
    assert {p["title"]: p.get("table") for p in state["proposals"]} == {
        "Spielplatz am Fluss": one.id, "Mehr Bänke": one.id, "Radweg zur Schule": two.id}
    panel = client.get(f"/screen/{workshop.screen_secret}/panel").get_data(as_text=True)
    assert 'data-mode="tables"' in panel
    tiles = re.findall(r'<li class="table-tile field-\d+" data-table="(\d+)">', panel)
    assert tiles == [str(one.id), str(two.id), str(three.id)]
    assert one.field.name in panel and "Tisch 3" in panel
    assert re.search(r'class="table-tile-number">2<', panel)
    # The moderator's choice among the tables is offered in the console.
    console = client.get(f"/moderate/{workshop.join_code}").get_data(as_text=True)
    assert 'id="screen-table-choice"' in console and f'<option value="{two.id}">Tisch 2' in console


def test_a_workshop_without_tables_keeps_its_wall(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    _collect(client, workshop, token)
    assert _screen_state(client, workshop)["mode"] == "collect"
    assert 'id="screen-table-choice"' not in client.get(f"/moderate/{workshop.join_code}").get_data(as_text=True)


def test_one_table_on_the_screen_by_api_and_form(app, client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    (one, _s1), (two, _s2) = make_tables(workshop, 2)
    card_at(workshop, one.id, "Spielplatz am Fluss")
    card_at(workshop, two.id, "Radweg zur Schule")
    card_at(workshop, two.id, "Tempo 30 vor Kitas")
    _collect(client, workshop, token)
    screen = socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret})
    screen.get_received("/screen")
    response = client.post(f"/api/v1/workshops/{workshop.join_code}/screen-table", json={"table_id": two.id},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.get_json() == {"screen_table": two.id}
    pushed = [e["args"][0] for e in screen.get_received("/screen") if e["name"] == "workshop"]
    assert pushed and pushed[-1]["mode"] == "table"
    validator = _validator(client.get("/api/v1/asyncapi.json").get_json(), "screen", "workshop")
    assert not [e.message for e in validator.iter_errors(pushed[-1])]
    wall = pushed[-1]["table_wall"]
    assert wall["table"]["name"] == "Tisch 2" and [c["title"] for c in wall["cards"]] == [
        "Tempo 30 vor Kitas", "Radweg zur Schule"]
    panel = client.get(f"/screen/{workshop.screen_secret}/panel").get_data(as_text=True)
    assert 'data-mode="table"' in panel and "Tempo 30 vor Kitas" in panel and "Spielplatz am Fluss" not in panel
    # A card written at the shown table reaches the screen with its table.
    card_at(workshop, two.id, "Zebrastreifen")
    import time
    time.sleep(0.4)  # proposal events are coalesced (PROPOSAL_INTERVAL)
    cards = [e["args"][0] for e in screen.get_received("/screen") if e["name"] == "proposal"]
    assert any(c.get("title") == "Zebrastreifen" and c.get("table") == two.id for c in cards)
    # The form hands the screen back; then the form picks table 1.
    back = client.post(f"/moderate/{workshop.join_code}/screen-table", data={"csrf_token": token, "table": ""})
    assert back.status_code == 302 and _screen_state(client, workshop)["mode"] == "tables"
    chosen = client.post(f"/moderate/{workshop.join_code}/screen-table",
                         data={"csrf_token": token, "table": str(one.id)})
    assert chosen.status_code == 302
    state = _screen_state(client, workshop)
    assert state["mode"] == "table" and state["table_wall"]["table"]["id"] == one.id
    audit = db.session.scalars(db.select(AuditEvent).filter_by(workshop_id=workshop.id, action="workshop.screen_table")
                               .order_by(AuditEvent.id)).all()
    assert [(e.before, e.after) for e in audit] == [
        ({"screen_table": None}, {"screen_table": two.id}), ({"screen_table": two.id}, {"screen_table": None}),
        ({"screen_table": None}, {"screen_table": one.id})]
    # A phase change ends it.
    assert client.post(f"/moderate/{workshop.join_code}/phase",
                       data={"csrf_token": token, "phase": "lobby"}).status_code == 302
    _collect(client, workshop, token)
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).screen_table_id is None
    assert _screen_state(client, workshop)["mode"] == "tables"
    screen.disconnect("/screen")


def test_refusals_leave_the_screen_alone(client, make_user, make_workshop):
    workshop = make_workshop()
    other = make_workshop(title="Anderer Workshop")
    token = signed_in(client, make_user)
    ((mine, _s),) = make_tables(workshop, 1)
    ((foreign, _f),) = make_tables(other, 1)
    for body in ({"table_id": foreign.id}, {"table_id": "1"}, {"table_id": True}, {"table_id": 2**40}):
        response = client.post(f"/api/v1/workshops/{workshop.join_code}/screen-table", json=body,
                               headers={"X-CSRFToken": token})
        assert response.status_code == 422, body
    page = client.post(f"/moderate/{workshop.join_code}/screen-table",
                       data={"csrf_token": token, "table": str(foreign.id)})
    assert page.status_code == 422 and "screen-table-choice" in page.get_data(as_text=True)
    assert client.post(f"/moderate/{workshop.join_code}/screen-table", data={"table": str(mine.id)}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Workshop, workshop.id).screen_table_id is None
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).filter_by(
        workshop_id=workshop.id, action="workshop.screen_table")) == 0
