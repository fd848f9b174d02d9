"""The facilitator device of a table: opened by the table's secret alone; paper cards of the
table; merging duplicates among the table's own cards; refusals for other tables' cards; live
pushes to the device; a rotated secret stops working, also on an open socket."""
from __future__ import annotations

import re

from tests.conftest import csrf_token_from
from tests.integration.stations_support import card_at, make_tables, seat
from tests.integration.test_asyncapi import _validator
from workshop_app.domain.phases import WorkshopState
from workshop_app.extensions import db, socketio
from workshop_app.models import AuditEvent, Proposal
from workshop_app.services import tables, workshops
from workshop_app.services.plumbing.audit import SYSTEM


def _audit(workshop_id: int) -> list[tuple[str, str]]:
    return [(e.action, e.actor_label) for e in db.session.scalars(
        db.select(AuditEvent).filter_by(workshop_id=workshop_id).order_by(AuditEvent.id))]


def _state(proposal_id: int) -> tuple[str, int | None]:
    db.session.expire_all()
    row = db.session.get(Proposal, proposal_id)
    return row.state, row.merged_into_id


def test_page_opens_with_the_secret_only(client, make_workshop):
    workshop = make_workshop()
    (table, secret), (other, _s) = make_tables(workshop, 2)
    seat(workshop, table.id, "politik")
    seat(workshop, table.id, "politik")
    seat(workshop, other.id, "verwaltung")
    card_at(workshop, table.id, "Mehr Spielplätze am Fluss")
    card_at(workshop, other.id, "Karte vom anderen Tisch")
    page = client.get(f"/table/{secret}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Tisch 1" in html and "Mehr Spielplätze am Fluss" in html
    assert "Karte vom anderen Tisch" not in html
    assert table.field.name in html
    assert re.search(r'id="seated-total" class="count">2<', html)
    for wrong in ("wrong-secret", "x" * 300):
        assert client.get(f"/table/{wrong}").status_code == 404
        assert client.get(f"/api/v1/tables/{wrong}").status_code == 404
    state = client.get(f"/api/v1/tables/{secret}").get_json()
    assert state["table"]["name"] == "Tisch 1" and state["people"] == 2
    assert {row["key"]: row["count"] for row in state["seated"]}["politik"] == 2
    assert [c["title"] for c in state["cards"]] == ["Mehr Spielplätze am Fluss"]


def test_paper_card_form_and_api(client, make_workshop):
    workshop = make_workshop()
    ((table, secret),) = make_tables(workshop, 1)
    token = csrf_token_from(client.get(f"/table/{secret}"))
    # Without CSRF the form is refused and nothing is written.
    assert client.post(f"/table/{secret}/cards", data={"title": "Ohne Token"}).status_code == 400
    response = client.post(f"/table/{secret}/cards", data={"csrf_token": token, "title": "Sichere Schulwege",
                                                           "body": "Zebrastreifen"})
    assert response.status_code == 302 and response.location.endswith(f"/table/{secret}#card")
    response = client.post(f"/api/v1/tables/{secret}/cards", json={"title": "Familienzentrum"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 201
    assert response.get_json()["table"]["cards"][0]["title"] == "Familienzentrum"
    cards = db.session.scalars(db.select(Proposal).filter_by(workshop_id=workshop.id).order_by(Proposal.id)).all()
    assert [(c.title, c.author_kind, c.table_id, c.field_id, c.state) for c in cards] == [
        ("Sichere Schulwege", "paper", table.id, table.field_id, "published"),
        ("Familienzentrum", "paper", table.id, table.field_id, "published")]
    actor = f"facilitator of table Tisch 1 (#{table.id}) (facilitator)"
    assert _audit(workshop.id)[-2:] == [("proposal.add", actor)] * 2
    # Bad input: the form is shown again with the message; the API answers 422; nothing written.
    page = client.post(f"/table/{secret}/cards", data={"csrf_token": token, "title": "  "})
    assert page.status_code == 422 and 'aria-invalid="true"' in page.get_data(as_text=True)
    bad = client.post(f"/api/v1/tables/{secret}/cards", json={"title": "x" * 500}, headers={"X-CSRFToken": token})
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "too_long"
    assert db.session.scalar(db.select(db.func.count()).select_from(Proposal)
                             .filter_by(workshop_id=workshop.id)) == 2


def test_merge_within_the_table_and_undo(client, make_workshop):
    workshop = make_workshop()
    ((table, secret),) = make_tables(workshop, 1)
    a = card_at(workshop, table.id, "Mehr Kitaplätze schaffen").id
    b = card_at(workshop, table.id, "Mehr Kitaplätze schaffen!", paper=True).id
    card_at(workshop, table.id, "Radwege zur Schule")
    # the console's duplicate rule hints which cards of the table look alike
    hints = {c["id"]: c["similar"] for c in client.get(f"/api/v1/tables/{secret}").get_json()["cards"]}
    numbers = {c.id: c.number for c in db.session.scalars(db.select(Proposal).filter_by(workshop_id=workshop.id))}
    assert hints[a] == [numbers[b]] and hints[b] == [numbers[a]] and sorted(hints.values())[0] == []
    page = client.get(f"/table/{secret}")
    assert f"ähnlich wie #{numbers[b]}" in page.get_data(as_text=True)  # the room's German
    token = csrf_token_from(page)
    preview = client.post(f"/table/{secret}/merge", data={"csrf_token": token, "merge": [str(b)], "into": str(a)})
    assert preview.status_code == 200 and "Mehr Kitaplätze schaffen!" in preview.get_data(as_text=True)
    assert _state(b) == ("published", None)  # a preview writes nothing
    done = client.post(f"/table/{secret}/merge/confirm", data={"csrf_token": token, "merge": [str(b)], "into": str(a)})
    assert done.status_code == 302
    assert _state(b) == ("merged", a)
    page = client.get(f"/table/{secret}").get_data(as_text=True)
    assert f"/table/{secret}/cards/{b}/split" in page
    undo = client.post(f"/table/{secret}/cards/{b}/split", data={"csrf_token": token})
    assert undo.status_code == 302 and _state(b) == ("published", None)
    # The JSON API does the same.
    api = client.post(f"/api/v1/tables/{secret}/merge", json={"merge": [b], "into": a}, headers={"X-CSRFToken": token})
    assert api.status_code == 200 and _state(b) == ("merged", a)
    labels = {label for action, label in _audit(workshop.id) if action in ("proposal.merge", "proposal.split")}
    assert labels == {f"facilitator of table Tisch 1 (#{table.id}) (facilitator)"}


def test_cards_of_another_table_are_refused(client, make_workshop):
    workshop = make_workshop()
    (table, secret), (other, other_secret) = make_tables(workshop, 2)
    mine = card_at(workshop, table.id, "Jugendtreff").id
    mine2 = card_at(workshop, table.id, "Treff für Jugendliche").id
    theirs = card_at(workshop, other.id, "Radwege").id
    plenary = card_at(workshop, None, "Aus dem Plenum").id
    token = csrf_token_from(client.get(f"/table/{secret}"))
    before = len(_audit(workshop.id))
    for sources, into in (([theirs], mine), ([mine], theirs), ([plenary], mine), ([mine2, theirs], mine)):
        form = client.post(f"/table/{secret}/merge/confirm",
                           data={"csrf_token": token, "merge": [str(s) for s in sources], "into": str(into)})
        assert form.status_code == 404
        api = client.post(f"/api/v1/tables/{secret}/merge", json={"merge": sources, "into": into},
                          headers={"X-CSRFToken": token})
        assert api.status_code == 404 and api.get_json()["error"]["code"] == "card_not_at_table"
    # Table B's link on table A's cards: refused the same way.
    api = client.post(f"/api/v1/tables/{other_secret}/merge", json={"merge": [mine2], "into": mine},
                      headers={"X-CSRFToken": token})
    assert api.status_code == 404
    assert client.post(f"/api/v1/tables/{other_secret}/cards/{mine2}/split", json={},
                       headers={"X-CSRFToken": token}).status_code == 404
    assert all(_state(p) == ("published", None) for p in (mine, mine2, theirs, plenary))
    assert len(_audit(workshop.id)) == before


def test_device_socket_gets_pushes_and_loses_a_rotated_secret(app, client, make_workshop):
    workshop = make_workshop()
    (table, secret), (other, _other_secret) = make_tables(workshop, 2)
    assert not socketio.test_client(app, namespace="/facilitator", auth={"token": "wrong"}).is_connected("/facilitator")
    device = socketio.test_client(app, namespace="/facilitator", auth={"token": secret})
    assert device.is_connected("/facilitator")
    first = [e["args"][0] for e in device.get_received("/facilitator") if e["name"] == "snapshot"]
    assert first and first[-1]["table"]["id"] == table.id and first[-1]["cards"] == []
    card_at(workshop, table.id, "Neue Karte")
    pushed = [e["args"][0] for e in device.get_received("/facilitator") if e["name"] == "snapshot"]
    assert pushed and [c["title"] for c in pushed[-1]["cards"]] == ["Neue Karte"]
    card_at(workshop, other.id, "Karte am Nachbartisch")  # another table's card: no push here
    assert device.get_received("/facilitator") == []
    seat(workshop, table.id, "zivilgesellschaft")
    pushed = [e["args"][0] for e in device.get_received("/facilitator") if e["name"] == "snapshot"]
    assert pushed and pushed[-1]["people"] == 1
    # what the device gets is what the AsyncAPI document promises
    validator = _validator(client.get("/api/v1/asyncapi.json").get_json(), "facilitator", "snapshot")
    assert not [e.message for e in validator.iter_errors(pushed[-1])]
    neighbour = socketio.test_client(app, namespace="/facilitator", auth={"token": _other_secret})
    assert neighbour.is_connected("/facilitator")
    # A new link for the table (the old secret retires): the open socket goes at once, the
    # neighbouring table's device stays.
    _table, renewed = tables.facilitator_link(SYSTEM, workshop.id, table.id)
    assert not device.is_connected("/facilitator") and neighbour.is_connected("/facilitator")
    assert client.get(f"/table/{secret}").status_code == 404
    assert client.get(f"/table/{renewed}").status_code == 200
    assert not socketio.test_client(app, namespace="/facilitator", auth={"token": secret}).is_connected("/facilitator")
    tables.revoke_facilitator(SYSTEM, workshop.id, table.id)
    assert client.get(f"/table/{renewed}").status_code == 404


def test_closing_the_workshop_retires_the_device(app, client, make_workshop):
    workshop = make_workshop()
    ((_table, secret),) = make_tables(workshop, 1)
    device = socketio.test_client(app, namespace="/facilitator", auth={"token": secret})
    assert device.is_connected("/facilitator")
    workshops.change_state(SYSTEM, workshop, WorkshopState.CLOSED.value)
    assert not device.is_connected("/facilitator")
    assert client.get(f"/table/{secret}").status_code == 404
