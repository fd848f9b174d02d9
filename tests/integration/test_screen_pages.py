"""The projector screen: secret, join panel with QR, wall, vote progress, results SVG + table."""
from __future__ import annotations

import re

import pytest

from tests.integration.moderator_support import add_participant, vote
from workshop_app.domain.phases import Phase
from workshop_app.services import moderation, paper, room, rounds
from workshop_app.services.plumbing.audit import SYSTEM


@pytest.fixture
def app_config():
    return {"PUBLIC_URL": "http://192.168.1.20:5000"}


def test_wrong_secret_is_404(client, make_workshop):
    workshop = make_workshop()
    assert client.get("/screen/not-the-secret").status_code == 404
    assert client.get("/screen/not-the-secret/panel").status_code == 404
    assert client.get(f"/screen/{workshop.screen_secret}").status_code == 200


def test_join_panel(client, make_workshop):
    workshop = make_workshop()
    add_participant(workshop.id, "politik")
    add_participant(workshop.id, "politik")
    page = client.get(f"/screen/{workshop.screen_secret}")
    html = page.get_data(as_text=True)
    code = workshop.join_code
    assert f"{code[:3]}-{code[3:]}" in html
    assert f"http://192.168.1.20:5000/j/{code}" in html
    assert '<svg viewBox="0 0' in html and 'class="qrline"' in html
    assert 'data-mode="join"' in html
    assert re.search(r"Politik</bdi></span>\s*<span class=\"count\">2</span>", html)
    assert " style=" not in html and "<script>" not in html
    assert "/static/js/screen.js" in html


def test_wall_is_grouped_and_escaped(client, make_workshop):
    workshop = make_workshop()
    field = workshop.process.fields[1]
    moderation.add(SYSTEM, workshop.id, title="<script>alert(1)</script>", field=field.id)
    room.change_phase(SYSTEM, workshop.id, "collect")
    html = client.get(f"/screen/{workshop.screen_secret}/panel").get_data(as_text=True)
    assert 'data-mode="collect"' in html and field.name in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_vote_progress_and_results(client, make_workshop):
    workshop = make_workshop(languages="en,de")  # the screen speaks the workshop's language
    a = moderation.add(SYSTEM, workshop.id, title="Kita-Plätze").id
    b = moderation.add(SYSTEM, workshop.id, title="Schulwege").id
    round_ = rounds.create(SYSTEM, workshop.id, method="dots", budget=3)
    rounds.open_round(SYSTEM, round_.id)
    room.change_phase(SYSTEM, workshop.id, "vote")
    voters = [add_participant(workshop.id, g)[0] for g in ("politik", "verwaltung", "zivilgesellschaft", "politik")]
    vote(voters[0], round_.id, {a: 2, b: 1})
    vote(voters[1], round_.id, {a: 3})
    vote(voters[2], round_.id, {a: 2, b: 1})
    panel = client.get(f"/screen/{workshop.screen_secret}/panel").get_data(as_text=True)
    assert 'data-mode="vote"' in panel and "1 of 2 have voted" in panel
    assert "bar-segment" not in panel  # no tallies while live results are off
    rounds.close_round(SYSTEM, round_.id)
    paper.record(SYSTEM, round_, "verwaltung", 1, {b: 3})
    room.change_phase(SYSTEM, workshop.id, Phase.RESULTS.value)
    panel = client.get(f"/screen/{workshop.screen_secret}/panel").get_data(as_text=True)
    assert 'data-mode="results"' in panel
    assert panel.count('class="bar-segment group-') >= 3 and 'class="bar-pattern pattern-' in panel
    assert "carried by all groups" in panel
    rows = re.findall(r'<tr data-proposal="(\d+)">.*?data-points>(\d+)<', panel, re.S)
    assert rows == [(str(a), "7"), (str(b), "5")]
    assert "3 on paper" in panel
    room.spotlight(SYSTEM, workshop.id, b)
    panel = client.get(f"/screen/{workshop.screen_secret}/panel").get_data(as_text=True)
    assert 'data-mode="spotlight"' in panel and "Schulwege" in panel


def test_theme_follows_setting(client, make_workshop):
    workshop = make_workshop()
    room.update_settings(SYSTEM, workshop.id, theme="light")
    assert 'data-theme="light"' in client.get(f"/screen/{workshop.screen_secret}").get_data(as_text=True)
