"""Issue 17, item 1: supporting an existing proposal instead of writing a duplicate — the API
(idempotent support and withdrawal, refusals in the participant's language), the phone's no-JS
forms (card and similar-proposal hint), counts in every snapshot and live event (whom a phone
supports only in its own state), merge carry-over and its exact undo, tallies untouched, exports
and the archive round trip. Both databases."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from tests import polling
from tests.conftest import login, make_app
from workshop_app import events
from workshop_app.domain.phases import ProposalState, RoundState, WorkshopState
from workshop_app.extensions import db, socketio
from workshop_app.models import Participant, Process, ProposalSupport, Workshop
from workshop_app.services import archive, merging, participants, screen, support
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import console, results, snapshots

from .participant_support import (  # noqa: F401
    add_proposal,
    api_join,
    bearer,
    client,
    create_workshop,
    english_client,
    in_app,
    make_round,
    open_workshop,
    set_workshop,
)


@pytest.fixture
def app_config():
    return {"PROPOSAL_INTERVAL": 0.0}


def _join(app, workshop, group="politik"):
    response = api_join(english_client(app), workshop.join_code, group=group)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"], response.get_json()["participant"]["id"]


def _post(client, proposal_id, token, method="post"):
    return getattr(client, method)(f"/api/v1/proposals/{proposal_id}/support", headers=bearer(token))


def _version(app, workshop_id):
    with in_app(app):
        return db.session.get(Workshop, workshop_id).version


def _supporters(app, proposal_id):
    with in_app(app):
        return sorted(db.session.scalars(db.select(ProposalSupport.participant_id)
                                         .filter_by(proposal_id=proposal_id)))


def test_support_and_withdraw_are_idempotent(app, client, open_workshop):
    with in_app(app):
        target = add_proposal(open_workshop.id, "Mehr Bänke im Stadtpark")
    ann, _ = _join(app, open_workshop)
    ben, _ = _join(app, open_workshop, "verwaltung")
    before = _version(app, open_workshop.id)
    first = _post(client, target, ann)
    assert first.status_code == 200
    assert first.get_json() == {"proposal_id": target, "supporters": 1, "supported": True}
    assert _version(app, open_workshop.id) == before + 1
    again = _post(client, target, ann)  # a second POST changes nothing and answers the same
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert _version(app, open_workshop.id) == before + 1
    assert _post(client, target, ben).get_json()["supporters"] == 2
    gone = _post(client, target, ann, "delete")
    assert gone.status_code == 200
    assert gone.get_json() == {"proposal_id": target, "supporters": 1, "supported": False}
    assert _post(client, target, ann, "delete").get_json() == gone.get_json()
    assert _version(app, open_workshop.id) == before + 3
    assert len(_supporters(app, target)) == 1


def test_refusals_are_clear_and_write_nothing(app, client, open_workshop):
    with in_app(app):
        published = add_proposal(open_workshop.id, "Spielplatz am Markt")
        pending = add_proposal(open_workshop.id, "Wartet", state=ProposalState.PENDING)
        hidden = add_proposal(open_workshop.id, "Versteckt", state=ProposalState.HIDDEN)
        merged_away = add_proposal(open_workshop.id, "Spielplatz am Marktplatz")
        merging.merge_proposals(SYSTEM, open_workshop.id, [merged_away], published)
    ann, _ = _join(app, open_workshop)
    for proposal_id in (pending, hidden, merged_away):
        response = _post(client, proposal_id, ann)
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert error["code"] == "proposal_not_supportable"
        assert error["message"].startswith("Only published proposals can be supported")
    own = client.post(f"/api/v1/workshops/{open_workshop.join_code}/proposals",
                      json={"title": "Mein eigener Vorschlag"}, headers=bearer(ann)).get_json()["id"]
    refused = _post(client, own, ann)
    assert refused.status_code == 422 and refused.get_json()["error"]["code"] == "support_own"
    assert "your own proposal" in refused.get_json()["error"]["message"]
    # no identity, another workshop's identity, no such proposal
    assert client.post(f"/api/v1/proposals/{published}/support").status_code in (400, 401)
    assert english_client(app).post(f"/api/v1/proposals/{published}/support",
                                    headers=bearer("x" * 40)).status_code == 401
    other = create_workshop(app)
    stranger, _ = _join(app, other)
    assert _post(client, published, stranger).status_code == 401
    missing = _post(client, 987654, ann)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "no_such_proposal"
    # a closed workshop takes no new supports
    with in_app(app):
        set_workshop(open_workshop.id, state=WorkshopState.CLOSED.value)
    closed = _post(client, published, ann)
    assert closed.status_code == 409 and closed.get_json()["error"]["code"] == "workshop_not_open"
    assert _supporters(app, published) == [] and _supporters(app, own) == []


def test_counts_in_snapshots_and_personal_state_only_in_ones_own(app, client, open_workshop):
    with in_app(app):
        a = add_proposal(open_workshop.id, "Mehr Bänke")
        b = add_proposal(open_workshop.id, "Bessere Busse")
    ann, ann_id = _join(app, open_workshop)
    ben, _ = _join(app, open_workshop, "zivilgesellschaft")
    _post(client, a, ann)
    _post(client, a, ben)
    _post(client, b, ben)
    mine = client.get(f"/api/v1/workshops/{open_workshop.join_code}/state", headers=bearer(ann)).get_json()
    cards = {p["id"]: p for p in mine["proposals"]}
    assert cards[a]["supporters"] == 2 and cards[b]["supporters"] == 1
    assert cards[a]["supported"] is True and "supported" not in cards[b]
    with in_app(app):
        workshop = db.session.get(Workshop, open_workshop.id)
        room = snapshots.room_state(workshop)
        assert all("supported" not in p for p in room["proposals"])  # shared by every phone
        wall = {p["id"]: p["supporters"] for p in screen.screen_state(workshop)["proposals"]}
        staff = {p["id"]: p["supporters"] for p in console.moderator_state(workshop)["proposals"]}
        assert wall == staff == {a: 2, b: 1}
        # a removed participant's support no longer counts, and the new count goes out
        pushed = []
        handler = lambda _sender, **payload: pushed.append(payload)  # noqa: E731
        events.proposal_changed.connect(handler, sender=app)
        try:
            participants.remove(SYSTEM, workshop, [ann_id])
        finally:
            events.proposal_changed.disconnect(handler, sender=app)
        assert support.counts(open_workshop.id) == {a: 1, b: 1}
        assert [(e["proposal"]["id"], e["proposal"]["supporters"]) for e in pushed] == [(a, 1)]


def test_support_is_pushed_live_with_the_count(app, client, open_workshop):
    with in_app(app):
        target = add_proposal(open_workshop.id, "Mehr Bänke")
    ann, _ = _join(app, open_workshop)
    ben, _ = _join(app, open_workshop, "verwaltung")
    phone = socketio.test_client(app, namespace="/participant",
                                 auth={"workshop": open_workshop.join_code, "token": ben})
    wall = socketio.test_client(app, namespace="/screen", auth={"token": open_workshop.screen_secret})
    assert phone.is_connected("/participant") and wall.is_connected("/screen")
    phone.get_received("/participant"), wall.get_received("/screen")
    version = _version(app, open_workshop.id)
    assert _post(client, target, ann).status_code == 200

    [pushed] = polling.events(phone, "proposal", "/participant", wait=3)
    assert pushed["id"] == target and pushed["supporters"] == 1 and pushed["version"] == version + 1
    assert "supported" not in pushed  # whom a phone supports is never broadcast
    [card] = polling.events(wall, "proposal", "/screen", wait=3)
    assert card["supporters"] == 1


def test_phone_forms_without_javascript(app, open_workshop):
    with in_app(app):
        target = add_proposal(open_workshop.id, "Mehr Sitzbänke im Stadtpark")
    phone = english_client(app)
    assert api_join(phone, open_workshop.join_code).status_code == 201
    page = phone.get(f"/w/{open_workshop.join_code}")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                      page.text)
    csrf = token.group(1) or token.group(2)
    url = f"/w/{open_workshop.join_code}/proposals/{target}/support"
    assert f'action="{url}"' in page.text and ">Support</button>" in page.text
    done = phone.post(url, data={"csrf_token": csrf, "action": "support"})
    assert done.status_code == 303 and done.location.endswith(f"#p-{target}")
    page = phone.get(f"/w/{open_workshop.join_code}")
    assert "You support this proposal" in page.text and "Withdraw support" in page.text
    card = page.text[page.text.index(f'id="p-{target}"'):]
    assert re.search(r'data-field="supporters">1<', card)
    assert phone.post(url, data={"action": "support"}).status_code == 400  # CSRF is checked
    phone.post(url, data={"csrf_token": csrf, "action": "withdraw"})
    assert _supporters(app, target) == []
    # the similar-proposal hint offers "support this one instead" as a button of the same form
    hint = phone.post(f"/w/{open_workshop.join_code}/proposals",
                      data={"csrf_token": csrf, "title": "Mehr Sitzbänke im Park", "check": "1"})
    assert hint.status_code == 200 and "Support this one instead" in hint.text
    assert f'formaction="{url}"' in hint.text
    # the button posts the proposal form to the support route: supported, nothing proposed
    done = phone.post(url, data={"csrf_token": csrf, "title": "Mehr Sitzbänke im Park", "action": "support"})
    assert done.status_code == 303 and len(_supporters(app, target)) == 1
    with in_app(app):
        assert snapshots.room_state(db.session.get(Workshop, open_workshop.id))["proposals"][-1]["id"] == target
    # one's own proposal shows its count but no button; refusals come back as a message
    own = english_client(app)
    token_own = api_join(own, open_workshop.join_code).get_json()["token"]
    own_id = own.post(f"/api/v1/workshops/{open_workshop.join_code}/proposals",
                      json={"title": "Eigener Vorschlag"}, headers=bearer(token_own)).get_json()["id"]
    page = own.get(f"/w/{open_workshop.join_code}").text
    own_card = page[page.index(f'id="p-{own_id}"'):]
    own_card = own_card[:own_card.index("</li>")]
    assert "Supporters:" in own_card and "<form" not in own_card
    csrf_own = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = own.post(f"/w/{open_workshop.join_code}/proposals/{own_id}/support",
                       data={"csrf_token": csrf_own, "action": "support"}, follow_redirects=True)
    assert "your own proposal" in refused.text


def test_merge_carries_supporters_over_and_undo_restores_them(app, client, open_workshop):
    with in_app(app):
        keep = add_proposal(open_workshop.id, "Mehr Bänke im Park")
        dup1 = add_proposal(open_workshop.id, "Mehr Sitzbänke im Park")
        dup2 = add_proposal(open_workshop.id, "Bänke für den Park")
        ids = [add_proposal(open_workshop.id, "Anderes Ziel")]
        make_round(open_workshop.id, [keep, dup1, dup2, *ids], state=RoundState.CLOSED)
    people = [_join(app, open_workshop, g) for g in ("politik", "verwaltung", "zivilgesellschaft", "politik")]
    (a, a_id), (b, b_id), (c, c_id), (d, d_id) = people
    _post(client, keep, a)
    _post(client, keep, b)
    _post(client, dup1, b)  # supports both: counts once after the merge
    _post(client, dup1, c)
    _post(client, dup2, c)
    _post(client, dup2, d)
    before = {p: _supporters(app, p) for p in (keep, dup1, dup2)}
    with in_app(app):
        workshop = db.session.get(Workshop, open_workshop.id)
        tally_before = results.results_payload(workshop.rounds[0])
        assert merging.preview(workshop.id, [dup1, dup2], keep)["supporters"] == 4  # shown before confirming
        merging.merge_proposals(SYSTEM, workshop.id, [dup1, dup2], keep)
        assert support.counts(open_workshop.id) == {keep: 4}
    assert _supporters(app, keep) == sorted([a_id, b_id, c_id, d_id])
    assert _supporters(app, dup1) == _supporters(app, dup2) == []
    with in_app(app):
        merging.split(SYSTEM, open_workshop.id, dup1)
        round_ = db.session.get(Workshop, open_workshop.id).rounds[0]
        assert results.results_payload(round_)["results"] == tally_before["results"]
    assert {p: _supporters(app, p) for p in (keep, dup1, dup2)} == before
    assert before[keep] == sorted([a_id, b_id])


def test_support_never_enters_a_tally(app, client, open_workshop):
    with in_app(app):
        a = add_proposal(open_workshop.id, "Ziel A")
        b = add_proposal(open_workshop.id, "Ziel B")
        round_id = make_round(open_workshop.id, [a, b], method="approval")
    ann, _ = _join(app, open_workshop)
    client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(a): 1}}, headers=bearer(ann))
    with in_app(app):
        round_ = db.session.get(Workshop, open_workshop.id).rounds[0]
        before = results.results_payload(round_)["results"]
    _post(client, b, ann)
    _post(client, a, _join(app, open_workshop, "verwaltung")[0])
    with in_app(app):
        round_ = db.session.get(Workshop, open_workshop.id).rounds[0]
        assert results.results_payload(round_)["results"] == before


@pytest.fixture
def seeded(ctx):
    from testkit.worlds import seed

    data = seed()
    people = db.session.scalars(db.select(Participant.id).filter_by(workshop_id=data.workshop_id)
                                .order_by(Participant.id)).all()
    workshop = db.session.get(Workshop, data.workshop_id)
    target = next(p for p in workshop.proposals if p.state == "published" and p.participant_id != people[0])
    with tx.write():
        db.session.add_all(ProposalSupport(proposal_id=target.id, participant_id=pid) for pid in people[:3])
    return data, target.id, target.number


def test_exports_carry_a_supporters_column(client, make_user, seeded):
    data, _target, number = seeded
    make_user()
    login(client)
    # CSV: the proposals table is its one table while no round has results (collecting only)
    from workshop_app.services import workshops
    created, _secret = workshops.create_workshop(SYSTEM, db.session.get(Process, data.process_id), title="Ideen")
    with tx.write():
        db.session.get(Workshop, created.id).change_state(WorkshopState.OPEN)
    idea = add_proposal(created.id, "Ein Bolzplatz")
    for group in ("politik", "verwaltung"):
        group_id = next(g.id for g in db.session.get(Workshop, created.id).groups if g.key == group)
        person = Participant(workshop_id=created.id, group_id=group_id, secret_hash=group.ljust(64, "b"))
        with tx.write():
            db.session.add(person)
            db.session.flush()
            db.session.add(ProposalSupport(proposal_id=idea, participant_id=person.id))
    code = db.session.get(Workshop, created.id).join_code
    text = client.get(f"/organize/workshops/{code}/export/csv?delimiter=;").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    column = rows[0].index("Supporters")  # the client asks for English
    assert [r[column] for r in rows[1:]] == ["2"]
    book = load_workbook(io.BytesIO(client.get(f"/organize/workshops/{data.code}/export/xlsx").data))
    sheet = book["Proposals"]
    headings = [c.value for c in sheet[1]]
    counts = {r[0]: r[headings.index("Supporters")] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert counts[number] == 3
    report = json.loads(client.get(f"/organize/workshops/{data.code}/export/json").data)
    found = json.dumps(report)
    assert '"supporters": 3' in found
    from docx import Document as DocxDocument
    document = DocxDocument(io.BytesIO(client.get(f"/organize/workshops/{data.code}/export/docx").data))
    assert any("Supporters" in cell.text for table in document.tables for cell in table.rows[0].cells)


def test_archive_round_trip_keeps_supporters(seeded, tmp_path):
    data, target, _number = seeded
    exported = archive.archive_bytes(db.session.get(Process, data.process_id))
    first = json.loads(exported)
    [card] = [p for p in first["workshops"][0]["proposals"] if p["id"] == target]
    assert len(card["supporters"]) == 3
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", tmp_path / "other-instance")
    with other.test_request_context():
        db.create_all()
        process = archive.import_archive(SYSTEM, exported)
        workshop = process.workshops[0]
        imported = next(p for p in workshop.proposals if p.number == card["number"])
        assert support.counts(workshop.id) == {imported.id: 3}
        again = json.loads(archive.archive_bytes(process))
        assert [len(p["supporters"]) for p in again["workshops"][0]["proposals"]] == \
            [len(p["supporters"]) for p in first["workshops"][0]["proposals"]]
        db.session.remove()
        db.engine.dispose()
    broken = json.loads(exported)
    broken["workshops"][0]["proposals"][0]["supporters"] = [987654]
    from workshop_app.domain.errors import DomainError
    with pytest.raises(DomainError):
        archive.import_archive(SYSTEM, json.dumps(broken))
