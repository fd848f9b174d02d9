"""Issue 14, the phone: group correction until the first vote, group explanations, earlier
published results, the approval limit said and kept, "saved" next to the tapped item, the ranking
that shows its own number, no contradictory messages, and the similar-proposal hint that counts
proposals waiting for approval without revealing them."""
from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token_from
from workshop_app.domain.phases import Phase, ProposalState
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Ballot, Participant, StakeholderGroup
from workshop_app.services import workshops
from workshop_app.services.plumbing.audit import SYSTEM

from .participant_support import (  # noqa: F401
    add_proposal,
    api_join,
    bearer,
    client,
    create_workshop,
    in_app,
    make_round,
    open_workshop,
    set_phase,
    set_round,
    workshop,
)


@pytest.fixture
def phone(client, open_workshop):
    page = client.get(f"/j/{open_workshop.join_code}")
    response = client.post(f"/j/{open_workshop.join_code}", data={
        "csrf_token": csrf_token_from(page), "group": "politik"})
    assert response.status_code == 303
    return client


def _home(phone, ws, **query):
    return phone.get(f"/w/{ws.join_code}", query_string=query)


def _post(phone, ws, path, **data):
    token = csrf_token_from(_home(phone, ws))
    return phone.post(f"/w/{ws.join_code}{path}", data={"csrf_token": token, **data})


def _groups(app) -> dict[int, str]:
    with in_app(app):
        return {p.id: p.group.key for p in db.session.scalars(db.select(Participant))}


def _audit(app, action: str) -> list[AuditEvent]:
    with in_app(app):
        return list(db.session.scalars(db.select(AuditEvent).filter_by(action=action)))


# --- group correction ---------------------------------------------------------------------------

def test_group_can_be_corrected_until_the_first_vote_by_form(app, phone, open_workshop):
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert 'id="group-change"' in page
    moved = _post(phone, open_workshop, "/group", group="verwaltung")
    assert moved.status_code == 303
    assert list(_groups(app).values()) == ["verwaltung"]
    assert "Your group is now: Verwaltung" in phone.get(moved.headers["Location"]).get_data(as_text=True)
    [event] = _audit(app, "participant.group")
    assert (event.before, event.after) == ({"group": "politik"}, {"group": "verwaltung"})
    assert event.actor_label.startswith("participant #") and event.workshop_id == open_workshop.id

    with in_app(app):
        ids = [add_proposal(open_workshop.id, f"Ziel {k}") for k in range(2)]
        round_id = make_round(open_workshop.id, ids, method="dots", budget=3)
    _post(phone, open_workshop, f"/rounds/{round_id}/ballot", **{f"v-{ids[0]}": "2"})
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert 'id="group-change"' not in page  # no longer offered after voting

    refused = _post(phone, open_workshop, "/group", group="politik")
    assert refused.status_code == 303
    text = phone.get(refused.headers["Location"]).get_data(as_text=True)
    assert "You have already voted, so your group can no longer be changed." in text
    assert list(_groups(app).values()) == ["verwaltung"]
    with in_app(app):  # the ballot keeps the group it was cast in
        assert [b.group.key for b in db.session.scalars(db.select(Ballot))] == ["verwaltung"]
    assert len(_audit(app, "participant.group")) == 1


def test_group_correction_by_api_refuses_after_voting_with_409(app, client, open_workshop):
    token = api_join(client, open_workshop.join_code, group="politik").get_json()["token"]
    url = f"/api/v1/workshops/{open_workshop.join_code}/group"
    unknown = client.put(url, json={"group": "nobody"}, headers=bearer(token))
    assert unknown.status_code == 422 and unknown.get_json()["error"]["code"] == "invalid_choice"
    ok = client.put(url, json={"group": "zivilgesellschaft"}, headers=bearer(token))
    assert ok.status_code == 200 and ok.get_json()["participant"]["group"] == "zivilgesellschaft"
    with in_app(app):
        pid = add_proposal(open_workshop.id, "Ziel")
        round_id = make_round(open_workshop.id, [pid], method="approval")
    assert client.put(f"/api/v1/rounds/{round_id}/ballot", json={"votes": {str(pid): 1}},
                      headers=bearer(token)).status_code == 200
    locked = client.put(url, json={"group": "politik"}, headers=bearer(token))
    assert locked.status_code == 409
    error = locked.get_json()["error"]
    assert error["code"] == "group_locked" and "already voted" in error["message"]
    assert list(_groups(app).values()) == ["zivilgesellschaft"]
    anonymous = client.put(url, json={"group": "politik"})
    assert anonymous.status_code in (400, 401)  # no identity (CSRF or not joined): nothing changes


def test_group_from_a_group_code_cannot_be_changed(app, client):
    ws = create_workshop(app, join_mode="group_codes")
    with in_app(app):
        code = db.session.scalar(db.select(StakeholderGroup.join_code).filter_by(
            workshop_id=ws.id, key="verwaltung"))
    token = api_join(client, code).get_json()["token"]
    response = client.put(f"/api/v1/workshops/{ws.join_code}/group", json={"group": "politik"},
                          headers=bearer(token))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "group_fixed"
    assert list(_groups(app).values()) == ["verwaltung"]
    assert 'id="group-change"' not in client.get(f"/w/{ws.join_code}", headers=bearer(token)).get_data(as_text=True)


def test_group_explanations_are_set_by_the_organizer_and_shown_when_choosing(app, client, open_workshop):
    with in_app(app):
        workshops.update_groups(SYSTEM, workshop(open_workshop.id), [
            "Politik | Gemeinderat und Fraktionen", {"name": "Verwaltung", "description": "Ämter, Kita-Träger"},
            "Zivilgesellschaft"])
    facts = client.get(f"/api/v1/workshops/{open_workshop.join_code}").get_json()
    assert [(g["name"], g["description"]) for g in facts["groups"]] == [
        ("Politik", "Gemeinderat und Fraktionen"), ("Verwaltung", "Ämter, Kita-Träger"),
        ("Zivilgesellschaft", None)]
    page = client.get(f"/j/{open_workshop.join_code}").get_data(as_text=True)
    assert "Gemeinderat und Fraktionen" in page and 'aria-describedby="group-politik-about"' in page
    with in_app(app):  # the organizer's text area reads the same lines back
        assert [g.entry for g in workshop(open_workshop.id).groups] == [
            "Politik | Gemeinderat und Fraktionen", "Verwaltung | Ämter, Kita-Träger", "Zivilgesellschaft"]
        with pytest.raises(Exception) as too_long:
            workshops.update_groups(SYSTEM, workshop(open_workshop.id), ["Politik | " + "x" * 161])
        assert getattr(too_long.value, "code", "") == "too_long"


# --- results ---------------------------------------------------------------------------------

def test_earlier_published_results_stay_reachable(app, phone, open_workshop):
    with in_app(app):
        ids = [add_proposal(open_workshop.id, f"Ziel {k}") for k in range(3)]
        first = make_round(open_workshop.id, ids[:2], method="dots", budget=3)
    _post(phone, open_workshop, f"/rounds/{first}/ballot", **{f"v-{ids[1]}": "3"})
    with in_app(app):
        set_round(first, "close")
        set_round(first, "publish")
        hidden = make_round(open_workshop.id, ids, method="approval", budget=2)  # closed, unpublished
        set_round(hidden, "close")
        later = make_round(open_workshop.id, ids, method="rating")  # the newest, open
    home = _home(phone, open_workshop).get_data(as_text=True)
    assert f'data-round="{later}"' in home and f'href="/w/{open_workshop.join_code}/results"' in home
    page = phone.get(f"/w/{open_workshop.join_code}/results")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'id="round-{first}"' in text and f'id="round-{hidden}"' not in text
    assert f'id="round-{later}"' not in text  # open without live results: not visible yet
    rows = re.findall(r'<td><bdi>([^<]+)</bdi></td>\s*'
                      r'<td class="num"><span class="score"><span dir="ltr">([^<]+)</span>', text)
    assert rows == [("Ziel 1", "3"), ("Ziel 0", "0")]
    assert "Value = points per voter" in text


def test_ranking_shows_the_number_it_sorts_by(app, client, open_workshop):
    """Raw points would read 5 above 3 in the wrong order: the group-balanced value never does."""
    with in_app(app):
        a = add_proposal(open_workshop.id, "Viele Stimmen einer Gruppe")
        b = add_proposal(open_workshop.id, "Getragen von allen")
        round_id = make_round(open_workshop.id, [a, b], method="dots", budget=5, max_per_proposal=5)
    votes = [("politik", {a: 5}), ("politik", {a: 1}), ("politik", {b: 1}),
             ("verwaltung", {b: 2}), ("zivilgesellschaft", {b: 1})]
    for group, ballot in votes:
        voter = app.test_client()
        token = api_join(voter, open_workshop.join_code, group=group).get_json()["token"]
        assert voter.put(f"/api/v1/rounds/{round_id}/ballot", headers=bearer(token),
                         json={"votes": {str(k): v for k, v in ballot.items()}}).status_code == 200
    with in_app(app):
        set_round(round_id, "close")
        set_round(round_id, "publish")
    text = client.get(f"/w/{open_workshop.join_code}/results", headers=bearer(token)).get_data(as_text=True)
    rows = re.findall(r'<td class="num">(\d+)</td><td><bdi>([^<]+)</bdi></td>\s*'
                      r'<td class="num"><span class="score"><span dir="ltr">([^<]+)</span>', text)
    # a: 6 points, all from politik (3 voters): (6/3 + 0 + 0) / 3 = 0.67;
    # b: 4 points from every group: (1/3 + 2 + 1) / 3 = 1.11 — b ranks first and shows more
    assert rows == [("1", "Getragen von allen", "1.11"), ("2", "Viele Stimmen einer Gruppe", "0.67")]
    values = [float(v) for _, _, v in rows]
    assert values == sorted(values, reverse=True)


# --- the ballot's words -----------------------------------------------------------------------

def test_approval_over_the_limit_is_said_and_stays(app, phone, open_workshop):
    with in_app(app):
        ids = [add_proposal(open_workshop.id, f"Ziel {k}") for k in range(3)]
        round_id = make_round(open_workshop.id, ids, method="approval", budget=2)
    over = _post(phone, open_workshop, f"/rounds/{round_id}/ballot", **{f"v-{i}": "1" for i in ids})
    assert over.status_code == 303
    page = phone.get(over.headers["Location"]).get_data(as_text=True)
    assert "You can support at most 2 proposals. Untick one to choose another." in page
    assert 'class="alert alert-error"' in page or "alert-error" in page
    with in_app(app):
        assert db.session.scalar(db.select(db.func.count()).select_from(Ballot)) == 0
    # the API says why, in words, with the code the phone's script recognises
    token = api_join(app.test_client(), open_workshop.join_code).get_json()["token"]
    response = phone.put(f"/api/v1/rounds/{round_id}/ballot", headers=bearer(token),
                         json={"votes": {str(i): 1 for i in ids}})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "over_budget"


def test_saved_marker_next_to_the_tapped_item_and_rating_not_preselected(app, phone, open_workshop):
    with in_app(app):
        ids = [add_proposal(open_workshop.id, f"Ziel {k}") for k in range(2)]
        dots = make_round(open_workshop.id, ids, method="dots", budget=3)
    stepped = _post(phone, open_workshop, f"/rounds/{dots}/ballot", step=f"{ids[1]}:+1")
    assert f"saved={ids[1]}" in stepped.headers["Location"] and stepped.headers["Location"].endswith(f"#item-{ids[1]}")
    page = phone.get(stepped.headers["Location"]).get_data(as_text=True)
    item = re.search(rf'<li class="proposal-item" id="item-{ids[1]}".*?</li>', page, re.S).group(0)
    other = re.search(rf'<li class="proposal-item" id="item-{ids[0]}".*?</li>', page, re.S).group(0)
    assert 'class="saved-indicator" role="status">Saved.' in item and "Saved." not in other
    with in_app(app):
        set_round(dots, "close")
        rating = make_round(open_workshop.id, ids, method="rating")
    page = _home(phone, open_workshop).get_data(as_text=True)
    form = re.search(rf'<form method="post" action="[^"]*/rounds/{rating}/ballot" id="ballot-form".*?</form>',
                     page, re.S).group(0)
    assert f'name="v-{ids[0]}" value="3"' in form and not re.search(r"\schecked[\s>]", form)


# --- no contradictory messages ----------------------------------------------------------------

def _live_part(phone, ws) -> str:
    return _home(phone, ws).get_data(as_text=True).split('<div id="live-templates"')[0]


@pytest.mark.parametrize("phase", [Phase.VOTE, Phase.LOBBY])
def test_a_round_closed_in_a_waiting_phase_says_closed_once(app, phone, open_workshop, phase):
    """The walkthrough saw "starts soon" and "closed" at once: the round closed after the phase."""
    with in_app(app):
        if phase is Phase.VOTE:
            set_phase(open_workshop.id, Phase.COLLECT)
            set_phase(open_workshop.id, Phase.VOTE)
        pid = add_proposal(open_workshop.id, "Ziel")
        round_id = make_round(open_workshop.id, [pid], method="approval")
        set_round(round_id, "close")
    page = _live_part(phone, open_workshop)
    assert "This voting round has closed. Please wait for the moderators." in page
    assert "starts soon" not in page and "Thank you for voting!" not in page


@pytest.mark.parametrize("phase", [Phase.VOTE, Phase.LOBBY])
def test_a_waiting_phase_set_after_the_close_says_starts_soon_once(app, phone, open_workshop, phase):
    with in_app(app):
        pid = add_proposal(open_workshop.id, "Ziel")
        round_id = make_round(open_workshop.id, [pid], method="approval")
        set_round(round_id, "close")
        set_phase(open_workshop.id, Phase.COLLECT)
        set_phase(open_workshop.id, phase)
    page = _live_part(phone, open_workshop)
    assert ("Voting starts soon" if phase is Phase.VOTE else "The workshop starts soon") in page
    assert "has closed" not in page and "Thank you for voting!" not in page
    with in_app(app):
        set_phase(open_workshop.id, Phase.RESULTS)
    page = _live_part(phone, open_workshop)  # no waiting message: the round says it has closed
    assert "This voting round has closed. Thank you for voting!" in page


# --- similar proposals ------------------------------------------------------------------------

def test_similar_hint_finds_paraphrases_and_keeps_pending_text_private(app, client, open_workshop):
    author = api_join(client, open_workshop.join_code).get_json()["token"]
    other = api_join(app.test_client(), open_workshop.join_code, group="verwaltung").get_json()["token"]
    with in_app(app):
        published = add_proposal(open_workshop.id, "Mehr Kita-Plätze für unter Dreijährige schaffen")
        add_proposal(open_workshop.id, "Tempo 30 vor Schulen", state=ProposalState.PENDING)
    url = f"/api/v1/workshops/{open_workshop.join_code}/similar"
    found = client.get(url, query_string={"q": "Mehr Kitaplätze für Kinder unter 3"}, headers=bearer(other))
    assert [p["id"] for p in found.get_json()["similar"]] == [published]
    assert found.get_json()["waiting"] is False
    waiting = client.get(url, query_string={"q": "Tempo 30 an Schulen"}, headers=bearer(other))
    body = waiting.get_data(as_text=True)
    assert waiting.get_json() == {"similar": [], "waiting": True}
    assert "Tempo" not in body  # the waiting proposal's text is not revealed
    # the author's own waiting proposal is theirs to see under "Your proposals", not a hint
    mine = client.post(f"/api/v1/workshops/{open_workshop.join_code}/proposals",
                       json={"title": "Nachtbus am Wochenende"}, headers=bearer(author))
    assert mine.status_code == 201 and mine.get_json()["state"] == "published"
    with in_app(app):  # under pre-moderation it would wait: make it wait
        from workshop_app.models import Proposal
        from workshop_app.services.plumbing import tx
        with tx.write():
            db.session.get(Proposal, mine.get_json()["id"]).state = ProposalState.PENDING.value
    assert client.get(url, query_string={"q": "Nachtbusse am Wochenende"},
                      headers=bearer(other)).get_json()["waiting"] is True  # others: it waits
    assert client.get(url, query_string={"q": "Nachtbusse am Wochenende"},
                      headers=bearer(author)).get_json()["waiting"] is False


def test_similar_check_without_javascript_links_and_mentions_waiting(app, phone, open_workshop):
    with in_app(app):
        published = add_proposal(open_workshop.id, "Mehr Kita-Plätze für unter Dreijährige schaffen")
        add_proposal(open_workshop.id, "Mehr Kitaplätze für Kinder unter 3", state=ProposalState.PENDING)
    response = _post(phone, open_workshop, "/proposals", title="Kitaplätze für Dreijährige", check="1")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<a href="#p-{published}"><bdi>Mehr Kita-Plätze für unter Dreijährige schaffen</bdi></a>' in text
    assert f'id="p-{published}"' in text  # the link's target in the list of proposals
    assert "A similar proposal is waiting for the moderators" in text
    assert text.count("Mehr Kitaplätze für Kinder unter 3") == 0


@pytest.mark.parametrize(("method", "score", "expected"), [
    ("dots", 1.1111, "1.11"), ("approval", 0.6667, "67 %"), ("rating", 0.8125, "4.25"),
    ("rating", 0.0, "1"), ("yes_no_abstain", 0.4, "+40 %"), ("yes_no_abstain", -0.25, "\u221225 %"),
    ("yes_no_abstain", 0.0, "0 %"),
])
def test_shown_value_is_the_balanced_score_in_the_methods_unit(app, method, score, expected):
    from workshop_app.participant.page import score_text

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert score_text(method, score) == expected


def test_organizer_form_takes_one_line_explanations(app, client, make_user):
    from tests.conftest import login

    ws = create_workshop(app)
    make_user()
    login(client)
    base = f"/organize/workshops/{ws.join_code}"
    page = client.get(base)
    assert page.status_code == 200 and "one-line explanation" in page.get_data(as_text=True)
    saved = client.post(f"{base}/groups", data={"csrf_token": csrf_token_from(page), "groups":
                        "Politik | Gemeinderat\nVerwaltung|Ämter und Träger\nZivilgesellschaft"})
    assert saved.status_code == 302
    text = client.get(base).get_data(as_text=True)  # the text area reads the lines back
    assert "Politik | Gemeinderat\nVerwaltung | Ämter und Träger\nZivilgesellschaft</textarea>" in text
    with in_app(app):
        groups = workshop(ws.id).groups
        assert [(g.name, g.description) for g in groups] == [
            ("Politik", "Gemeinderat"), ("Verwaltung", "Ämter und Träger"), ("Zivilgesellschaft", None)]
    [event] = _audit(app, "workshop.groups")
    assert event.after["descriptions"] == ["Gemeinderat", "Ämter und Träger", None]
