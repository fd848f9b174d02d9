"""Proposing and voting through the plain HTML forms (no JavaScript)."""
from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token_from
from workshop_app.domain.phases import ProposalState
from workshop_app.extensions import db
from workshop_app.models import Proposal, Vote

from .participant_support import (  # noqa: F401
    add_proposal,
    client,
    create_workshop,
    in_app,
    make_round,
    open_workshop,
    set_round,
    set_workshop,
)


@pytest.fixture
def phone(client, open_workshop):
    page = client.get(f"/j/{open_workshop.join_code}")
    response = client.post(f"/j/{open_workshop.join_code}", data={
        "csrf_token": csrf_token_from(page), "group": "zivilgesellschaft"})
    assert response.status_code == 303
    return client


def _home(phone, workshop):
    return phone.get(f"/w/{workshop.join_code}")


def _post(phone, workshop, path, **data):
    token = csrf_token_from(_home(phone, workshop))
    return phone.post(f"/w/{workshop.join_code}{path}", data={"csrf_token": token, **data})


def _titles(app):
    with in_app(app):
        return [(p.title, p.state) for p in db.session.scalars(db.select(Proposal).order_by(Proposal.id))]


def test_home_requires_joining(app, open_workshop):
    from .participant_support import english_client

    response = english_client(app).get(f"/w/{open_workshop.join_code}")
    assert response.status_code == 302 and f"/j/{open_workshop.join_code}" in response.headers["Location"]


def test_propose_shows_published_and_own(app, phone, open_workshop):
    field = open_workshop.fields[1]
    response = _post(phone, open_workshop, "/proposals", title="Ferienbetreuung", body="", field=str(field))
    assert response.status_code == 303
    page = phone.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your proposal has been published." in page
    assert page.count("Ferienbetreuung") == 2  # own list and all proposals
    assert _titles(app) == [("Ferienbetreuung", "published")]


def test_focus_field_is_preselected(app, phone, open_workshop):
    with in_app(app):
        set_workshop(open_workshop.id, focus_field_id=open_workshop.fields[3], phase="collect")
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert f'<option value="{open_workshop.fields[3]}" selected>' in page


@pytest.mark.parametrize("title, message", [
    ("", "Please fill in this field."), ("   ", "Please fill in this field."),
    ("x" * 121, "At most 120 characters"), ("Bell\x07", "control characters"),
])
def test_bad_proposal_keeps_input_and_stores_nothing(app, phone, open_workshop, title, message):
    response = _post(phone, open_workshop, "/proposals", title=title, body="Meine Begründung")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text and "Meine Begründung" in text and 'aria-invalid="true"' in text
    assert _titles(app) == []


def test_foreign_field_is_refused(app, phone, open_workshop):
    other = create_workshop(app)
    response = _post(phone, open_workshop, "/proposals", title="Gut", field=str(other.fields[0]))
    assert response.status_code == 422
    assert "Please choose one of the offered options." in response.get_data(as_text=True)
    assert _titles(app) == []


def test_csrf_is_required(app, phone, open_workshop):
    response = phone.post(f"/w/{open_workshop.join_code}/proposals", data={"title": "Ohne Token"})
    assert response.status_code == 400 and _titles(app) == []


def test_premoderation_waiting_edit_and_withdraw(app, phone, open_workshop):
    with in_app(app):
        set_workshop(open_workshop.id, premoderation=True)
    response = _post(phone, open_workshop, "/proposals", title="Bänke im Park")
    page = phone.get(response.headers["Location"]).get_data(as_text=True)
    assert "waiting for the moderators" in page and "Waiting for the moderators" in page
    proposal_id = int(re.search(r'id="own-(\d+)"', page).group(1))

    edit_url = f"/w/{open_workshop.join_code}/proposals/{proposal_id}/edit"
    form = phone.get(edit_url)
    assert "Bänke im Park" in form.get_data(as_text=True)
    bad = phone.post(edit_url, data={"csrf_token": csrf_token_from(form), "title": ""})
    assert bad.status_code == 422
    ok = phone.post(edit_url, data={"csrf_token": csrf_token_from(form), "title": "Mehr Bänke im Park"})
    assert ok.status_code == 303 and _titles(app) == [("Mehr Bänke im Park", "pending")]

    _post(phone, open_workshop, f"/proposals/{proposal_id}/withdraw")
    assert _titles(app) == [("Mehr Bänke im Park", "withdrawn")]
    assert "Withdrawn" in _home(phone, open_workshop).get_data(as_text=True)


def test_similar_check_without_javascript(app, phone, open_workshop):
    with in_app(app):
        add_proposal(open_workshop.id, "Mehr Kita-Plätze schaffen")
    response = _post(phone, open_workshop, "/proposals", title="Kitaplätze", check="1")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Support one of them instead?" in text
    assert _titles(app) == [("Mehr Kita-Plätze schaffen", "published")]


def _round(app, workshop, method="dots", n=3, **settings):
    with in_app(app):
        ids = [add_proposal(workshop.id, f"Ziel {k}") for k in range(n)]
        return make_round(workshop.id, ids, method=method, **settings), ids


def _votes(app):
    with in_app(app):
        return {v.proposal_id: v.value for v in db.session.scalars(db.select(Vote))}


def test_dots_stepper_without_javascript(app, phone, open_workshop):
    round_id, ids = _round(app, open_workshop, budget=3, max_per_proposal=2)
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert 'id="remaining" class="num">3<' in page and f'value="{ids[0]}:+1"' in page
    url = f"/rounds/{round_id}/ballot"
    values = {f"v-{i}": "0" for i in ids}
    response = _post(phone, open_workshop, url, step=f"{ids[0]}:+1", **values)
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#item-{ids[0]}")
    assert _votes(app) == {ids[0]: 1}
    _post(phone, open_workshop, url, step=f"{ids[0]}:+1", **{**values, f"v-{ids[0]}": "1"})
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert "Saved." in page and 'id="remaining" class="num">1<' in page
    # Over the per-proposal maximum: refused with a message, the stored ballot stays.
    _post(phone, open_workshop, url, step=f"{ids[0]}:+1", **{**values, f"v-{ids[0]}": "2"})
    assert "This value is not allowed here." in _home(phone, open_workshop).get_data(as_text=True)
    assert _votes(app) == {ids[0]: 2}
    _post(phone, open_workshop, url, **{**values, f"v-{ids[0]}": "2", f"v-{ids[1]}": "2"})
    assert "You have only 3 points to give." in _home(phone, open_workshop).get_data(as_text=True)
    assert _votes(app) == {ids[0]: 2}


@pytest.mark.parametrize("method, form, expected", [
    ("approval", lambda ids: {f"v-{ids[0]}": "1", f"v-{ids[2]}": "1"}, lambda ids: {ids[0]: 1, ids[2]: 1}),
    ("rating", lambda ids: {f"v-{ids[0]}": "5", f"v-{ids[1]}": "2", f"v-{ids[2]}": "0"},
     lambda ids: {ids[0]: 5, ids[1]: 2}),
])
def test_approval_and_rating_forms(app, phone, open_workshop, method, form, expected):
    round_id, ids = _round(app, open_workshop, method=method)
    assert "Save my vote" in _home(phone, open_workshop).get_data(as_text=True)
    response = _post(phone, open_workshop, f"/rounds/{round_id}/ballot", **form(ids))
    assert response.status_code == 303 and _votes(app) == expected(ids)


def test_yes_no_abstain_form(app, phone, open_workshop):
    round_id, [motion] = _round(app, open_workshop, method="yes_no_abstain", n=1)
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert "Abstain" in page
    _post(phone, open_workshop, f"/rounds/{round_id}/ballot", **{f"v-{motion}": "-1"})
    assert _votes(app) == {motion: -1}
    _post(phone, open_workshop, f"/rounds/{round_id}/ballot", **{f"v-{motion}": "abc"})
    assert "Votes must be whole numbers." in _home(phone, open_workshop).get_data(as_text=True)
    assert _votes(app) == {motion: -1}


def test_closed_round_and_published_results(app, phone, open_workshop):
    round_id, ids = _round(app, open_workshop, budget=5)
    _post(phone, open_workshop, f"/rounds/{round_id}/ballot", **{f"v-{ids[1]}": "4"})
    with in_app(app):
        set_round(round_id, "close")
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert "This voting round has closed." in page and "results will be shown here" in page
    late = _post(phone, open_workshop, f"/rounds/{round_id}/ballot", **{f"v-{ids[0]}": "1"})
    assert "not open (anymore)" in phone.get(late.headers["Location"]).get_data(as_text=True)
    assert _votes(app) == {ids[1]: 4}
    with in_app(app):
        set_round(round_id, "publish")
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert 'id="results-table"' in page
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td><bdi>([^<]+)</bdi>", page)
    assert rows[0] == ("1", "Ziel 1")


def test_hidden_proposal_drops_out_of_the_ballot(app, phone, open_workshop):
    _round_id, ids = _round(app, open_workshop)
    with in_app(app):
        from workshop_app.services.plumbing import tx

        with tx.write():
            db.session.get(Proposal, ids[2]).move_to(ProposalState.HIDDEN)
    page = _home(phone, open_workshop).get_data(as_text=True)
    assert f'id="item-{ids[2]}"' not in page and f'id="item-{ids[0]}"' in page
