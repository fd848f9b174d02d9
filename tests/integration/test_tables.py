"""Tables (stations, world café): set-up, seats, balance, rotation, refusals, the phone's choice,
the QR join, authorisation and the audit trail (services.tables, services.table_seats,
api/tables.py, participant/table_views.py, moderator/tables.py)."""
from __future__ import annotations

import re
from collections import Counter

import pytest
from flask import g

from tests.conftest import csrf_token_from
from tests.integration.moderator_support import add_participant, signed_in
from tests.integration.participant_support import bearer, make_round
from tests.polling import events
from workshop_app.extensions import db, socketio
from workshop_app.models import AuditEvent, Participant, Proposal, Workshop, WorkshopTable
from workshop_app.services import proposals, tables
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import snapshots  # noqa: F401  (first: services.measures imports proposals)


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": 0.01, "TALLY_INTERVAL_PARTICIPANT": 0.01,
            "PRESENCE_INTERVAL": 0.01, "PROPOSAL_INTERVAL": 0.01, "SEATS_DELAY": 0.05}


def _audit(workshop_id: int) -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).filter_by(workshop_id=workshop_id)
                                   .where(AuditEvent.action.like("table.%")).order_by(AuditEvent.id)))


def _seats(workshop_id: int) -> dict[int, int | None]:
    db.session.expire_all()
    return dict(db.session.execute(db.select(Participant.id, Participant.table_id).filter_by(
        workshop_id=workshop_id)).all())


def _tables(workshop, count=3) -> list[WorkshopTable]:
    fields = list(workshop.process.fields)
    return [tables.create(SYSTEM, workshop.id, name=f"Tisch {i + 1}", field=fields[i].id)
            for i in range(count)]


def _people(workshop, groups: dict[str, int]) -> list[tuple[Participant, str]]:
    return [add_participant(workshop.id, key) for key, count in groups.items() for _ in range(count)]


def test_crud_through_the_api_is_audited(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    headers = {"X-CSRFToken": token}
    fields = [f.id for f in workshop.process.fields]
    made = [client.post(f"/api/v1/workshops/{workshop.join_code}/tables", headers=headers,
                        json={"name": name, "field": fields[i]}) for i, name in enumerate(["A", "B", "C"])]
    assert [r.status_code for r in made] == [201] * 3
    ids = [r.get_json()["id"] for r in made]
    assert [r.get_json()["position"] for r in made] == [0, 1, 2]
    assert f"/w/{workshop.join_code}/table/{ids[0]}/" in made[0].get_json()["qr_url"]
    changed = client.patch(f"/api/v1/tables/{ids[2]}", headers=headers,
                           json={"name": "Café", "field": None, "position": 0})
    assert changed.status_code == 200 and changed.get_json()["position"] == 0
    listing = client.get(f"/api/v1/workshops/{workshop.join_code}/tables").get_json()
    assert [(t["name"], t["position"]) for t in listing["tables"]] == [("Café", 0), ("A", 1), ("B", 2)]
    assert listing["tables"][0]["field"] is None and listing["tables"][1]["field"]["id"] == fields[0]
    for bad in ({"name": ""}, {"name": "x" * 81}, {"field": 999999}, {"position": 7}):
        response = client.patch(f"/api/v1/tables/{ids[0]}", headers=headers, json=bad)
        assert response.status_code == 422, bad
    assert client.post(f"/api/v1/workshops/{workshop.join_code}/tables", headers=headers,
                       json={"name": "  "}).get_json()["error"]["code"] == "required"
    assert client.patch("/api/v1/tables/999999", headers=headers, json={"name": "x"}).status_code == 404
    assert _audit(workshop.id) == ["table.create"] * 3 + ["table.update"]
    document = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "put" in document["/api/v1/workshops/{code}/table"]
    assert "post" in document["/api/v1/workshops/{code}/tables/rotate"]


def test_delete_refuses_a_table_with_cards_and_sends_its_people_to_the_plenary(client, make_user, make_workshop):
    workshop = make_workshop()
    headers = {"X-CSRFToken": signed_in(client, make_user)}
    _first, second, third = _tables(workshop)
    person, _secret = add_participant(workshop.id, "politik")
    with tx.write():
        db.session.get(Participant, person.id).table_id = second.id
    proposals.submit(person.id, workshop.id, title="Mehr Bänke im Park")
    refused = client.delete(f"/api/v1/tables/{second.id}", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "table_has_cards"
    assert "Tisch 2" in refused.get_json()["error"]["message"]
    assert db.session.get(WorkshopTable, second.id) is not None
    with tx.write():
        db.session.get(Participant, person.id).table_id = third.id
    deleted = client.delete(f"/api/v1/tables/{third.id}", headers=headers)
    assert deleted.status_code == 200 and deleted.get_json()["deleted"]["to_plenary"] == [person.id]
    assert _seats(workshop.id)[person.id] is None
    assert [(t.name, t.position) for t in tables.tables_of(workshop.id)] == [("Tisch 1", 0), ("Tisch 2", 1)]
    event = db.session.scalars(db.select(AuditEvent).filter_by(action="table.delete")).one()
    assert event.before["to_plenary"] == [person.id]
    # The card keeps its table.
    assert db.session.scalar(db.select(Proposal.table_id).filter_by(title="Mehr Bänke im Park")) == second.id


def test_balance_spreads_groups_evenly_in_one_action(client, make_user, make_workshop):
    workshop = make_workshop()
    headers = {"X-CSRFToken": signed_in(client, make_user)}
    made = _tables(workshop)
    people = _people(workshop, {"politik": 4, "verwaltung": 5, "zivilgesellschaft": 4})
    assert client.post(f"/api/v1/workshops/{workshop.join_code}/tables/balance",
                       headers=headers).get_json() == {"people": 13, "moved": 13, "tables": 3}
    seats = _seats(workshop.id)
    sizes = Counter(seats.values())
    assert set(sizes) == {t.id for t in made} and max(sizes.values()) - min(sizes.values()) <= 1
    group_of = {p.id: p.group.key for p, _s in people}
    for key in ("politik", "verwaltung", "zivilgesellschaft"):
        per_table = Counter(seats[p] for p in seats if group_of[p] == key)
        assert max(per_table.values()) - min(per_table.values()) <= 1 and len(per_table) == 3
    again = client.post(f"/api/v1/workshops/{workshop.join_code}/tables/balance", headers=headers)
    assert again.get_json()["moved"] == 0  # a balanced room stays as it is
    overview = tables.table_overview(workshop.id)
    assert sum(t["people"] for t in overview) == 13
    assert sum(t["by_group"].get("verwaltung", 0) for t in overview) == 5
    assert _audit(workshop.id)[-2:] == ["table.balance", "table.balance"]
    # Another workshop's table (or participant) is unknown here; nothing moves.
    other = make_workshop(title="Anderer Workshop")
    (foreign,) = _tables(other, 1)
    stranger, _s = add_participant(other.id, "politik")
    pid = people[0][0].id
    wrong = client.put(f"/api/v1/workshops/{workshop.join_code}/participants/{pid}/table",
                       headers=headers, json={"table": foreign.id})
    assert wrong.status_code == 404 and wrong.get_json()["error"]["code"] == "table_not_found"
    wrong = client.put(f"/api/v1/workshops/{workshop.join_code}/participants/{stranger.id}/table",
                       headers=headers, json={"table": made[0].id})
    assert wrong.status_code == 404 and wrong.get_json()["error"]["code"] == "participant_not_found"
    assert _seats(workshop.id) == seats and _seats(other.id)[stranger.id] is None


def test_rotation_moves_people_cards_stay_and_phones_follow(app, client, make_user, make_workshop):
    workshop = make_workshop()
    headers = {"X-CSRFToken": signed_in(client, make_user)}
    one, two, three = _tables(workshop)
    (alice, alice_secret), (bob, bob_secret), (carl, _c) = _people(
        workshop, {"politik": 1, "verwaltung": 1, "zivilgesellschaft": 1})
    with tx.write():
        db.session.get(Participant, alice.id).table_id = one.id
        db.session.get(Participant, bob.id).table_id = three.id
    written = proposals.submit(alice.id, workshop.id, title="Spielstraße am Markt",
                               field=two.field_id)
    assert (written.table_id, written.field_id) == (one.id, one.field_id)  # the table's field wins
    phones = {p.id: socketio.test_client(app, namespace="/participant",
                                         auth={"workshop": workshop.join_code, "token": s})
              for p, s in ((alice, alice_secret), (bob, bob_secret))}
    for sock in phones.values():
        [snapshot] = events(sock, "snapshot")
    assert snapshot["participant"]["table"] == three.id and len(snapshot["tables"]) == 3
    assert client.post(f"/api/v1/workshops/{workshop.join_code}/tables/rotate", headers=headers,
                       json={"step": 3}).get_json()["error"]["code"] == "rotation_step"
    rotated = client.post(f"/api/v1/workshops/{workshop.join_code}/tables/rotate", headers=headers,
                          json={"step": 1})
    assert rotated.status_code == 200 and rotated.get_json()["rotation"] == 1
    seats = _seats(workshop.id)
    assert (seats[alice.id], seats[bob.id], seats[carl.id]) == (two.id, one.id, None)
    assert db.session.get(Workshop, workshop.id).table_rotations == 1
    # The card stayed at its table: the next visitors of table one (Bob) see it there.
    assert db.session.get(Proposal, written.id).table_id == one.id
    for sock in phones.values():
        [event] = events(sock, "tables")
        assert event["rotation"] == 1 and "seats" not in event
        assert [t["id"] for t in event["tables"]] == [one.id, two.id, three.id]
        assert not events(sock, "seat", wait=0.2)  # nobody's seat is broadcast
    card = next(t for t in event["tables"] if t["id"] == one.id)
    assert card["cards"] == 1
    # A single move reaches the moved phone alone.
    assert client.put(f"/api/v1/workshops/{workshop.join_code}/participants/{bob.id}/table",
                      headers=headers, json={"table": two.id}).status_code == 200
    assert events(phones[bob.id], "seat")[0] == {"table": two.id}
    assert not events(phones[alice.id], "seat", wait=0.3)
    # Seats alone move no version and reach no other phone (no O(phones²) pushes while a room
    # scans its tables' QR codes); the moved phone's own snapshot has the seat.
    assert not events(phones[alice.id], "tables", wait=0.2)
    state = client.get(f"/api/v1/workshops/{workshop.join_code}/state", headers=bearer(bob_secret)).get_json()
    assert state["participant"]["table"] == two.id
    assert any(p.get("table") == one.id and p["title"] == "Spielstraße am Markt" for p in state["proposals"])
    assert client.post(f"/api/v1/workshops/{workshop.join_code}/tables/plenary",
                       headers=headers).get_json() == {"moved": 2}
    assert set(_seats(workshop.id).values()) == {None}
    assert _audit(workshop.id)[-3:] == ["table.rotate", "table.assign", "table.plenary"]
    for sock in phones.values():
        sock.disconnect("/participant")


def test_no_moves_while_a_round_is_open(app, client, make_user, make_workshop):
    workshop = make_workshop()
    headers = {"X-CSRFToken": signed_in(client, make_user)}
    one, two, _three = _tables(workshop)
    person, secret = add_participant(workshop.id, "politik")
    make_round(workshop.id, [], method="dots")
    base = f"/api/v1/workshops/{workshop.join_code}"
    for path, body in (("/tables/rotate", {"step": 1}), ("/tables/balance", None), ("/tables/plenary", None)):
        response = client.post(base + path, headers=headers, json=body) if body else \
            client.post(base + path, headers=headers)
        assert response.status_code == 409 and response.get_json()["error"]["code"] == "tables_round_open"
    moved = client.put(f"{base}/participants/{person.id}/table", headers=headers, json={"table": one.id})
    assert moved.status_code == 409 and moved.get_json()["error"]["code"] == "seat_round_open"
    chosen = client.put(f"{base}/table", headers=bearer(secret), json={"table": two.id})
    assert chosen.status_code == 409 and chosen.get_json()["error"]["code"] == "seat_round_open"
    assert "voting round" in chosen.get_json()["error"]["message"]
    assert _seats(workshop.id)[person.id] is None and db.session.get(Workshop, workshop.id).table_rotations == 0
    phone = app.test_client()
    phone.set_cookie(f"zw_participant_{workshop.id}", secret)
    g.pop("csrf_token", None)  # the test's app context (and g) is shared with its requests
    page = phone.get(f"/w/{workshop.join_code}")
    html = page.get_data(as_text=True)
    assert re.search(r'id="table-form"[^>]*hidden', html)
    assert re.search(r'id="table-locked" class="hint">', html)  # "… while voting is open", shown
    sent = phone.post(f"/w/{workshop.join_code}/table", data={"table": str(one.id),
                                                               "csrf_token": csrf_token_from(page)})
    assert sent.status_code == 303, sent.get_data(as_text=True)[:300]
    g.pop("participants", None)
    assert "Nobody can change tables while a voting round is open." in phone.get(sent.location).get_data(as_text=True)
    assert _seats(workshop.id)[person.id] is None


def test_participant_chooses_a_table_by_form_and_api(app, make_workshop):
    workshop = make_workshop()
    one, two, _three = _tables(workshop)
    person, secret = add_participant(workshop.id, "verwaltung")
    phone = app.test_client()
    phone.set_cookie(f"zw_participant_{workshop.id}", secret)
    page = phone.get(f"/w/{workshop.join_code}")
    html = page.get_data(as_text=True)
    assert 'id="table"' in html and "You are in the plenary" in html and "Tisch 2" in html
    sent = phone.post(f"/w/{workshop.join_code}/table", data={"table": str(two.id),
                                                               "csrf_token": csrf_token_from(page)})
    assert sent.status_code == 303 and sent.location.endswith("#table")
    assert _seats(workshop.id)[person.id] == two.id
    html = phone.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    assert re.search(r'id="table-name">Tisch 2<', html)
    # The proposal form defaults to the table's field; the card carries the table.
    assert re.search(rf'<option selected value="{two.field_id}"|<option value="{two.field_id}" selected', html)
    api = phone.put(f"/api/v1/workshops/{workshop.join_code}/table", json={"table": one.id},
                    headers={"X-CSRFToken": csrf_token_from(page)})
    assert api.status_code == 200 and api.get_json()["participant"]["table"] == one.id
    # Another workshop's table is unknown here.
    other = make_workshop(title="Anderer Workshop")
    (foreign,) = _tables(other, 1)
    refused = phone.put(f"/api/v1/workshops/{workshop.join_code}/table", json={"table": foreign.id},
                        headers={"X-CSRFToken": csrf_token_from(page)})
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "table_not_found"
    assert _seats(workshop.id)[person.id] == one.id
    assert phone.put(f"/api/v1/workshops/{workshop.join_code}/table", json={"table": None},
                     headers={"X-CSRFToken": csrf_token_from(page)}).get_json()["participant"]["table"] is None


def test_qr_code_joins_then_seats_and_a_guessed_token_gets_nothing(app, make_workshop):
    workshop = make_workshop()
    _one, two = _tables(workshop, 2)
    address = f"/w/{workshop.join_code}/table/{two.id}/{tables.qr_token(two)}"
    phone = app.test_client()
    assert phone.get(f"/w/{workshop.join_code}/table/{two.id}/0000000000000000").status_code == 404
    other = make_workshop(title="Anderer Workshop")
    assert phone.get(f"/w/{other.join_code}/table/{two.id}/{tables.qr_token(two)}").status_code == 404
    first = phone.get(address)
    assert first.status_code == 302 and f"/j/{workshop.join_code}" in first.location
    join_page = phone.get(first.location)
    joined = phone.post(f"/j/{workshop.join_code}", data={"group": "politik", "name": "",
                                                          "csrf_token": csrf_token_from(join_page)})
    assert joined.status_code == 303
    g.pop("participants", None)  # the test's app context is shared with its requests
    home = phone.get(joined.location)
    assert "You are at the table “Tisch 2” now." in home.get_data(as_text=True)
    person = db.session.scalars(db.select(Participant).filter_by(workshop_id=workshop.id)).one()
    assert _seats(workshop.id)[person.id] == two.id
    # Scanning again later (already joined) just sits down again.
    with tx.write():
        db.session.get(Participant, person.id).table_id = None
    assert phone.get(address).status_code == 303 and _seats(workshop.id)[person.id] == two.id


def test_participants_cannot_use_staff_endpoints(app, make_workshop):
    workshop = make_workshop()
    (one,) = _tables(workshop, 1)
    person, secret = add_participant(workshop.id, "politik")
    phone = app.test_client()
    base = f"/api/v1/workshops/{workshop.join_code}"
    for method, path, body in (("post", f"{base}/tables", {"name": "x"}), ("get", f"{base}/tables", None),
                               ("post", f"{base}/tables/balance", {}), ("post", f"{base}/tables/rotate", {"step": 1}),
                               ("post", f"{base}/tables/plenary", {}),
                               ("put", f"{base}/participants/{person.id}/table", {"table": one.id}),
                               ("patch", f"/api/v1/tables/{one.id}", {"name": "x"}),
                               ("delete", f"/api/v1/tables/{one.id}", None),
                               ("post", f"/api/v1/tables/{one.id}/facilitator", {})):
        kwargs = {"headers": bearer(secret)}
        if body is not None:
            kwargs["json"] = body
        response = getattr(phone, method)(path, **kwargs)
        assert response.status_code in (401, 403), (method, path, response.status_code)
    assert _audit(workshop.id) == ["table.create"]
    assert _seats(workshop.id)[person.id] is None


def test_moderator_forms_without_javascript(client, make_user, make_workshop):
    workshop = make_workshop()
    signed_in(client, make_user)
    console = client.get(f"/moderate/{workshop.join_code}")
    token = csrf_token_from(console)
    assert 'id="tables"' in console.get_data(as_text=True)
    base = f"/moderate/{workshop.join_code}/tables"
    fields = [f.id for f in workshop.process.fields]
    for name, field in (("Tisch Nord", fields[0]), ("Tisch Süd", fields[1])):
        assert client.post(base, data={"csrf_token": token, "name": name, "field": field}).status_code == 302
    north, south = tables.tables_of(workshop.id)
    people = _people(workshop, {"politik": 2, "verwaltung": 2})
    assert client.post(f"{base}/balance", data={"csrf_token": token}).status_code == 302
    assert set(_seats(workshop.id).values()) == {north.id, south.id}
    before = _seats(workshop.id)
    assert client.post(f"{base}/rotate", data={"csrf_token": token, "step": "1"}).status_code == 302
    after = _seats(workshop.id)
    assert all(after[p] == (south.id if before[p] == north.id else north.id) for p in before)
    console_page = client.get(f"/moderate/{workshop.join_code}").get_data(as_text=True)
    assert re.search(r'id="tables-rotation-count">1<', console_page)
    pid = people[0][0].id
    assert client.post(f"{base}/seat", data={"csrf_token": token, "participant": pid,
                                             "table": ""}).status_code == 302
    assert _seats(workshop.id)[pid] is None
    bad = client.post(f"{base}/rotate", data={"csrf_token": token, "step": "2"})
    assert bad.status_code == 422 and "back to their own table" in bad.get_data(as_text=True)
    page = client.post(f"{base}/{north.id}/facilitator", data={"csrf_token": token})
    assert page.status_code == 200 and re.search(r"/table/[A-Za-z0-9_-]{20,}", page.get_data(as_text=True))
    assert client.post(f"{base}/{north.id}", data={"csrf_token": token, "name": "Tisch Ost",
                                                   "field": ""}).status_code == 302
    assert client.post(f"{base}/{south.id}/move", data={"csrf_token": token, "position": "0"}).status_code == 302
    assert [t.name for t in tables.tables_of(workshop.id)] == ["Tisch Süd", "Tisch Ost"]
    assert client.post(f"{base}/plenary", data={"csrf_token": token}).status_code == 302
    # moderator.js sends the same forms with fetch: the answer is the message and the console state.
    answer = client.post(f"{base}/seat", data={"csrf_token": token, "participant": pid, "table": north.id},
                         headers={"Accept": "application/json"}).get_json()
    assert answer["ok"] and {p["id"]: p["table"] for p in answer["state"]["seats"]}[pid] == north.id
    assert [t["name"] for t in answer["state"]["tables"]] == ["Tisch Süd", "Tisch Ost"]
    refused = client.post(f"{base}/rotate", data={"csrf_token": token, "step": "0"},
                          headers={"Accept": "application/json"})
    assert refused.status_code == 422 and refused.get_json()["code"] == "rotation_step"
    assert client.post(f"{base}/{south.id}/delete", data={"csrf_token": token}).status_code == 302
    html = client.get(f"/moderate/{workshop.join_code}").get_data(as_text=True)
    assert "Tisch Ost" in html and "Tisch Süd" not in html
    assert _audit(workshop.id) == ["table.create", "table.create", "table.balance", "table.rotate",
                                   "table.assign", "table.facilitator_link", "table.update",
                                   "table.update", "table.plenary", "table.assign", "table.delete"]


def test_facilitator_link_is_shown_once_rotated_and_revoked(client, make_user, make_workshop):
    workshop = make_workshop()
    headers = {"X-CSRFToken": signed_in(client, make_user)}
    (one,) = _tables(workshop, 1)
    first = client.post(f"/api/v1/tables/{one.id}/facilitator", headers=headers)
    assert first.status_code == 201
    url = first.get_json()["facilitator_url"]
    secret = url.rsplit("/", 1)[1]
    assert client.get(f"/table/{secret}").status_code == 200
    assert tables.table_overview(workshop.id)[0]["facilitator"] is True
    second = client.post(f"/api/v1/tables/{one.id}/facilitator", headers=headers).get_json()
    assert second["facilitator_url"] != url and client.get(f"/table/{secret}").status_code == 404
    assert client.delete(f"/api/v1/tables/{one.id}/facilitator", headers=headers).get_json()["facilitator"] is False
    assert client.get(f"/table/{second['facilitator_url'].rsplit('/', 1)[1]}").status_code == 404
    assert "facilitator_url" not in client.get(f"/api/v1/workshops/{workshop.join_code}/tables").get_data(as_text=True)
    assert _audit(workshop.id) == ["table.create", "table.facilitator_link", "table.facilitator_link",
                                   "table.facilitator_revoke"]


def test_console_gets_new_participants_in_its_seat_list(app, client, make_user, make_workshop):
    workshop = make_workshop()
    signed_in(client, make_user)
    _tables(workshop, 2)
    console = socketio.test_client(app, namespace="/moderator", auth={"workshop": workshop.join_code},
                                   flask_test_client=client)
    [snapshot] = events(console, "snapshot", namespace="/moderator")
    assert len(snapshot["tables"]) == 2 and snapshot["seats"] == []
    phone = app.test_client()
    facts = phone.get(f"/api/v1/workshops/{workshop.join_code}").get_json()
    joined = phone.post(f"/api/v1/workshops/{workshop.join_code}/join", json={"group": "politik"},
                        headers={"X-CSRFToken": facts["csrf_token"]})
    assert joined.status_code == 201
    pushed = events(console, "tables", namespace="/moderator")
    assert pushed and [p["id"] for p in pushed[-1]["seats"]] == [joined.get_json()["participant"]["id"]]
    assert "version" not in pushed[-1]  # moves no version: never dropped as stale
    console.disconnect("/moderator")
