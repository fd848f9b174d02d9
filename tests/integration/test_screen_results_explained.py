"""Issue 14 (screen): results explain themselves, any closed round can go on the screen, and the
screen speaks the workshop's language."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.integration.moderator_support import add_participant, audit_actions, signed_in, vote
from workshop_app.extensions import db, socketio
from workshop_app.models import Workshop
from workshop_app.services import apikeys, moderation, room, rounds, screen
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM


def _panel(client, workshop) -> str:
    return client.get(f"/screen/{workshop.screen_secret}/panel").get_data(as_text=True)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _closed_round(workshop, method, ballots, **options):
    """A round over the workshop's published proposals, voted by (group, votes) and closed."""
    round_ = rounds.create(SYSTEM, workshop.id, method=method, **options)
    rounds.open_round(SYSTEM, round_.id)
    for group, votes in ballots:
        vote(add_participant(workshop.id, group)[0], round_.id, votes)
    rounds.close_round(SYSTEM, round_.id)
    return round_


def test_motion_shows_each_groups_yes_no_abstain_and_the_outcome(client, make_workshop):
    workshop = make_workshop(languages="en,de")
    motion = moderation.add(SYSTEM, workshop.id, title="Spielplatz sanieren").id
    _closed_round(workshop, "yes_no_abstain", [
        ("politik", {motion: -1}), ("politik", {motion: -1}), ("politik", {motion: 1}),
        ("verwaltung", {motion: 1}), ("verwaltung", {motion: 0}),
        ("zivilgesellschaft", {motion: 1}), ("zivilgesellschaft", {motion: 1})])
    room.change_phase(SYSTEM, workshop.id, "results")
    text = _text(_panel(client, workshop))
    # in total 4 yes, 2 no, 1 abstain; Politik's two "no" are visible
    assert "yes 4 (57 %) · no 2 (29 %) · abstain 1 (14 %) · n = 7" in text
    assert "yes 1 (33 %) · no 2 (67 %) · abstain 0 (0 %) · n = 3" in text
    assert "adopted" in text and "rejected" in text  # the room adopts it; Politik rejects it
    assert "Adopted with a simple majority: more yes than no" in text
    # the value is yes minus no per voter, mean of the groups: (-1/3 + 1/2 + 1) / 3 = +38.9 %
    assert re.search(r'class="score" dir="ltr">\+39 %<', _panel(client, workshop))
    state = client.get(f"/screen/{workshop.screen_secret}/state").get_json()
    row = state["results"]["results"][0]
    assert row["motion"]["groups"]["politik"] == {
        "yes": 1, "no": 2, "abstain": 0, "total": 3, "percent": {"yes": 33, "no": 67, "abstain": 0},
        "outcome": "rejected"}
    assert row["motion"]["total"]["outcome"] == "adopted" and row["value"] == pytest.approx(38.8889)
    assert state["results"]["legend"][:3] == ["value.yes_no_abstain", "voters", "bar.motion"]


def test_rating_shows_mean_and_distribution_per_group(client, make_workshop):
    workshop = make_workshop(languages="en,de")
    a = moderation.add(SYSTEM, workshop.id, title="Kita-Plätze").id
    b = moderation.add(SYSTEM, workshop.id, title="Radwege").id
    _closed_round(workshop, "rating", [
        ("politik", {a: 5, b: 2}), ("politik", {a: 4}), ("verwaltung", {a: 3, b: 1}),
        ("zivilgesellschaft", {a: 5, b: 5})])
    room.change_phase(SYSTEM, workshop.id, "results")
    text = _text(_panel(client, workshop))
    assert "mean 4.25 · n = 4 · ratings 1–5: 0 / 0 / 1 / 1 / 2" in text  # the total of a
    assert "mean 4.5 · n = 2 · ratings 1–5: 0 / 0 / 0 / 1 / 1" in text   # Politik on a
    assert "Value = average of the groups' mean ratings (1 to 5)" in text
    rows = re.findall(r'class="score" dir="ltr">([^<]+)<', _panel(client, workshop))
    # sorted by the value shown: a = (4.5 + 3 + 5) / 3, b = (2 + 1 + 5) / 3
    assert rows[:2] == ["4.17", "2.67"]


def test_dots_show_the_sort_value_points_voters_and_the_legend(client, make_workshop):
    workshop = make_workshop(languages="en,de")
    a = moderation.add(SYSTEM, workshop.id, title="Kita-Plätze").id
    b = moderation.add(SYSTEM, workshop.id, title="Radwege").id
    _closed_round(workshop, "dots", [("politik", {a: 1, b: 4}), ("verwaltung", {a: 3}),
                                     ("zivilgesellschaft", {a: 2, b: 1})], budget=5)
    room.change_phase(SYSTEM, workshop.id, "results")
    html = _panel(client, workshop)
    text = _text(html)
    # a: (1 + 3 + 2) / 3 = 2.0 points per voter; b: (4 + 0 + 1) / 3 = 1.67 — b has fewer points
    # in total (5 < 6) and is ranked second; the number shown is the one it is sorted by
    assert re.findall(r'class="score" dir="ltr">([^<]+)<', html)[:2] == ["2.0", "1.67"]
    assert "points: 6 · n = 3" in text and "points: 5 · n = 3" in text
    assert "Value = points per voter, averaged over the groups" in text
    assert "n = number of people who voted" in text and "carried by all groups" in text


def test_any_closed_round_goes_on_the_screen_audited_and_pushed(app, client, make_user, make_workshop):
    workshop = make_workshop(languages="en,de")
    a = moderation.add(SYSTEM, workshop.id, title="Kita-Plätze").id
    first = _closed_round(workshop, "dots", [("politik", {a: 2})], budget=3, title="Erste Runde")
    second = _closed_round(workshop, "approval", [("politik", {a: 1})], title="Zweite Runde")
    room.change_phase(SYSTEM, workshop.id, "results")
    assert "Zweite Runde" in _panel(client, workshop)
    sock = socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret})
    sock.get_received("/screen")
    token = signed_in(client, make_user)
    response = client.post(f"/moderate/{workshop.join_code}/screen-round",
                           data={"csrf_token": token, "round": str(first.id)})
    assert response.status_code == 302
    panel = _panel(client, workshop)
    assert 'data-mode="results"' in panel and "Erste Runde" in panel and "Zweite Runde" not in panel
    pushed = [e["args"][0] for e in sock.get_received("/screen") if e["name"] == "workshop"]
    assert pushed and pushed[-1]["mode"] == "results" and pushed[-1]["round"]["id"] == first.id
    assert pushed[-1]["results"]["round_id"] == first.id
    assert "workshop.screen_round" in audit_actions(workshop.id)
    # the console offers every closed round
    console = client.get(f"/moderate/{workshop.join_code}").get_data(as_text=True)
    assert f'<option value="{first.id}" selected>Erste Runde' in console
    # without the CSRF token nothing changes
    assert client.post(f"/moderate/{workshop.join_code}/screen-round",
                       data={"round": ""}).status_code == 400
    # a phase change hands the screen back to the phase
    room.change_phase(SYSTEM, workshop.id, "collect")
    room.change_phase(SYSTEM, workshop.id, "results")
    assert "Zweite Runde" in _panel(client, workshop)
    sock.disconnect("/screen")
    assert second.id != first.id


def test_screen_round_through_the_api_refuses_open_and_foreign_rounds(app, client, make_user, make_workshop):
    user = make_user()
    _key, secret = apikeys.create_api_key(SYSTEM, user)
    headers = {"Authorization": f"Bearer {secret}"}
    workshop = make_workshop()
    other = make_workshop(title="Anderer Workshop")
    a = moderation.add(SYSTEM, workshop.id, title="Kita-Plätze").id
    moderation.add(SYSTEM, other.id, title="Radwege")
    closed = _closed_round(workshop, "dots", [("politik", {a: 1})], budget=3)
    foreign = _closed_round(other, "approval", [])
    running = rounds.create(SYSTEM, workshop.id, method="approval")
    rounds.open_round(SYSTEM, running.id)
    url = f"/api/v1/workshops/{workshop.join_code}/screen-round"
    answer = client.post(url, json={"round": foreign.id}, headers=headers)
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "invalid_choice"
    answer = client.post(url, json={"round": running.id}, headers=headers)
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "round_not_closed"
    assert client.post(url, json={"round": "1"}, headers=headers).status_code == 422
    assert client.post(url, json={"round": closed.id}, headers=headers).get_json() == {"screen_round": closed.id}
    # while a round is open the screen shows the vote, not the old results
    room.change_phase(SYSTEM, workshop.id, "vote")
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop.id)
    assert screen.live_facts(workshop)["mode"] == "vote"
    assert client.post(url, json={"round": None}, headers=headers).get_json() == {"screen_round": None}
    # who may call it: tests/integration/test_moderator_authz.py checks every moderator route


def test_screen_uses_the_workshops_language_not_the_browsers(client, make_workshop):
    german = make_workshop()  # de first
    arabic = make_workshop(title="ورشة", languages="ar,de")
    page = client.get(f"/screen/{german.screen_secret}", headers={"Accept-Language": "en"})
    assert '<html lang="de" dir="ltr"' in page.get_data(as_text=True)
    page = client.get(f"/screen/{arabic.screen_secret}", headers={"Accept-Language": "de"})
    assert '<html lang="ar" dir="rtl"' in page.get_data(as_text=True)


def test_cards_carry_their_authors_language(client, make_workshop):
    from workshop_app.services import proposals as proposal_service

    workshop = make_workshop()
    participant, _secret = add_participant(workshop.id, "politik")
    with tx.write():
        participant.language = "uk"
    mine = proposal_service.submit(participant.id, workshop.id, title="Більше дитячих садків")
    moderation.add(SYSTEM, workshop.id, title="Mehr Kitaplätze")
    room.change_phase(SYSTEM, workshop.id, "collect")
    html = _panel(client, workshop)
    assert re.search(rf'data-proposal="{mine.id}" lang="uk"', html)
    assert re.search(r'lang="de" dir="auto"[^>]*><span[^>]*>Mehr Kitaplätze<', html)
    state = client.get(f"/screen/{workshop.screen_secret}/state").get_json()
    assert {p["title"]: p["lang"] for p in state["proposals"]} == {
        "Більше дитячих садків": "uk", "Mehr Kitaplätze": None}
    assert state["language"] == "de"
