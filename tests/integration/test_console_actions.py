"""Issue 14, console actions (items 5, 8, 10): one-action start and close (forms and API), bulk
publish/hide, paper-vote errors that name the group and the field, the timer's minutes, likely
duplicates in the moderator state. Both databases."""
from __future__ import annotations

import pytest

from tests.integration.moderator_support import audit_actions, signed_in
from workshop_app import events
from workshop_app.domain.phases import WorkshopState
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Proposal, RoundItem, VotingRound, Workshop
from workshop_app.moderator import page as console_page
from workshop_app.services import moderation, room, rounds, voting_flow
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import console

JSON = {"Accept": "application/json"}


def _post(client, path, token, headers=None, **data):
    return client.post(path, data={"csrf_token": token, **data}, headers=headers or {})


def _fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def _round_with_proposals(workshop, titles=("Mehr Bänke", "Bessere Busse", "Licht am Radweg"), **settings):
    ids = [moderation.add(SYSTEM, workshop.id, title=t).id for t in titles]
    round_ = rounds.create(SYSTEM, workshop.id, method=settings.pop("method", "dots"),
                           budget=settings.pop("budget", 5), **settings)
    return round_, ids


@pytest.fixture
def pushed(app):
    """The round and phase events as sent after commit, with the room they describe then."""
    seen = []

    def record(name):
        def handler(_sender, **payload):
            workshop = _fresh(Workshop, payload["workshop_id"])
            opened = db.session.scalar(db.select(VotingRound.state).filter_by(workshop_id=workshop.id)
                                       .order_by(VotingRound.id.desc()))
            seen.append((name, payload["version"], workshop.phase, opened))
        return handler

    handlers = {"round": record("round"), "phase": record("phase")}
    events.round_changed.connect(handlers["round"], sender=app)
    events.phase_changed.connect(handlers["phase"], sender=app)
    yield seen
    events.round_changed.disconnect(handlers["round"], sender=app)
    events.phase_changed.disconnect(handlers["phase"], sender=app)


def test_start_voting_is_one_transaction_published_after_commit(client, make_user, make_workshop, pushed):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    round_, _ids = _round_with_proposals(workshop, field=None)
    pushed.clear()
    answer = _post(client, f"/moderate/{workshop.join_code}/rounds/{round_.id}/start", token, headers=JSON)
    assert answer.status_code == 200 and answer.get_json()["ok"]
    state = answer.get_json()["state"]
    assert state["phase"] == "vote" and state["round"]["state"] == "open"
    assert _fresh(VotingRound, round_.id).state == "open"
    assert _fresh(Workshop, workshop.id).phase == "vote"
    # both events leave after the commit, each describing the final room: open round + vote
    assert [(name, phase, opened) for name, _v, phase, opened in pushed] == [
        ("round", "vote", "open"), ("phase", "vote", "open")]
    versions = [v for _n, v, _p, _o in pushed]
    assert versions == sorted(versions) and versions[-1] == _fresh(Workshop, workshop.id).version
    assert audit_actions(workshop.id)[-2:] == ["round.open", "workshop.phase"]


def test_start_voting_changes_nothing_when_refused(client, make_user, make_workshop, pushed):
    workshop = make_workshop(state=WorkshopState.DRAFT)
    token = signed_in(client, make_user)
    round_, _ids = _round_with_proposals(workshop)
    before = audit_actions(workshop.id)
    pushed.clear()
    refused = _post(client, f"/moderate/{workshop.join_code}/rounds/{round_.id}/start", token, headers=JSON)
    assert refused.status_code == 409 and refused.get_json()["code"] == "workshop_not_open"
    assert _fresh(VotingRound, round_.id).state == "draft"
    assert db.session.scalar(db.select(db.func.count()).select_from(RoundItem)) == 0
    assert audit_actions(workshop.id) == before and pushed == []


def test_start_refused_while_another_round_is_open(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    first, _ids = _round_with_proposals(workshop)
    second = rounds.create(SYSTEM, workshop.id, method="approval", budget=2)
    voting_flow.start_voting(SYSTEM, first.id)
    room.change_phase(SYSTEM, workshop.id, "collect")
    refused = _post(client, f"/moderate/{workshop.join_code}/rounds/{second.id}/start", token)
    assert refused.status_code == 409
    assert _fresh(VotingRound, second.id).state == "draft" and _fresh(Workshop, workshop.id).phase == "collect"


def test_close_shows_results_when_asked_and_remembers_it(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    base = f"/moderate/{workshop.join_code}"
    round_, _ids = _round_with_proposals(workshop)
    _post(client, f"{base}/rounds/{round_.id}/start", token)
    closed = _post(client, f"{base}/rounds/{round_.id}/close", token, headers=JSON, show_results="on")
    assert closed.status_code == 200 and closed.get_json()["state"]["phase"] == "results"
    w = _fresh(Workshop, workshop.id)
    assert (w.phase, w.close_shows_results) == ("results", True)
    assert _fresh(VotingRound, round_.id).state == "closed"
    settings = db.session.scalar(db.select(AuditEvent).filter_by(action="workshop.settings"))
    assert settings.after == {"close_shows_results": True}
    # the console offers the box ticked from now on
    second = rounds.create(SYSTEM, workshop.id, method="approval", budget=2)
    _post(client, f"{base}/rounds/{second.id}/start", token)
    page = client.get(base).get_data(as_text=True)
    assert (f'name="show_results" id="round-{second.id}-show-results" data-close-shows-results checked'
            in page)
    # an unticked box closes only, and is remembered as well
    _post(client, f"{base}/rounds/{second.id}/close", token)
    w = _fresh(Workshop, workshop.id)
    assert (w.phase, w.close_shows_results) == ("vote", False)


def test_api_start_and_close(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    headers = {"X-CSRFToken": token}
    round_, _ids = _round_with_proposals(workshop)
    started = client.post(f"/api/v1/rounds/{round_.id}/start", headers=headers)
    assert started.status_code == 200 and started.get_json()["state"] == "open"
    assert _fresh(Workshop, workshop.id).phase == "vote"
    again = client.post(f"/api/v1/rounds/{round_.id}/start", headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "round_not_draft"
    bad = client.post(f"/api/v1/rounds/{round_.id}/close", json={"show_results": "yes"}, headers=headers)
    assert bad.status_code == 422 and _fresh(VotingRound, round_.id).state == "open"
    # remembered choice (set through PATCH) applies when show_results is absent
    patched = client.patch(f"/api/v1/workshops/{workshop.join_code}", json={"close_shows_results": True},
                           headers=headers)
    assert patched.status_code == 200 and patched.get_json()["workshop"]["close_shows_results"] is True
    closed = client.post(f"/api/v1/rounds/{round_.id}/close", headers=headers)
    assert closed.status_code == 200 and _fresh(Workshop, workshop.id).phase == "results"
    second = rounds.create(SYSTEM, workshop.id, method="approval", budget=2)
    client.post(f"/api/v1/rounds/{second.id}/start", headers=headers)
    client.post(f"/api/v1/rounds/{second.id}/close", json={"show_results": False}, headers=headers)
    w = _fresh(Workshop, workshop.id)
    assert (w.phase, w.close_shows_results) == ("vote", True)  # a one-off choice is not remembered
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/rounds/{id}/start" in paths and "show_results" in str(paths["/api/v1/rounds/{id}/close"])
    assert "/api/v1/proposals/{id}/split" in paths and "/api/v1/workshops/{code}/proposals/bulk" in paths


def test_bulk_publish_and_hide(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    base = f"/moderate/{workshop.join_code}"
    room.update_settings(SYSTEM, workshop.id, premoderation=True)
    ids = [moderation.add(SYSTEM, workshop.id, title=t).id for t in ("Eins", "Zwei", "Drei")]
    moderation.hide(SYSTEM, workshop.id, ids[0])
    answer = _post(client, f"{base}/proposals/bulk", token, headers=JSON, action="hide",
                   proposal=[str(i) for i in ids[:2]])
    assert answer.status_code == 200 and "1" in answer.get_json()["message"]  # one changed
    assert [_fresh(Proposal, i).state for i in ids] == ["hidden", "hidden", "published"]
    shown = _post(client, f"{base}/proposals/bulk", token, action="publish", proposal=[str(i) for i in ids])
    assert shown.status_code == 302
    assert {_fresh(Proposal, i).state for i in ids} == {"published"}
    assert audit_actions(workshop.id).count("proposal.publish") == 2
    # one that cannot change refuses all, naming it
    from workshop_app.services import merging
    merging.merge_proposals(SYSTEM, workshop.id, [ids[2]], ids[1])
    refused = _post(client, f"{base}/proposals/bulk", token, headers=JSON, action="hide",
                    proposal=[str(ids[0]), str(ids[2])])
    assert refused.status_code == 409 and "Drei" in refused.get_json()["error"]
    assert _fresh(Proposal, ids[0]).state == "published"
    empty = _post(client, f"{base}/proposals/bulk", token, headers=JSON, action="hide")
    assert empty.status_code == 422 and empty.get_json()["code"] == "proposals_required"
    api = client.post(f"/api/v1/workshops/{workshop.join_code}/proposals/bulk",
                      json={"action": "hide", "proposals": [ids[0], ids[1]]}, headers={"X-CSRFToken": token})
    assert api.status_code == 200 and {p["state"] for p in api.get_json()["changed"]} == {"hidden"}
    wrong = client.post(f"/api/v1/workshops/{workshop.join_code}/proposals/bulk",
                        json={"action": ["hide"], "proposals": ["x"]}, headers={"X-CSRFToken": token})
    assert wrong.status_code == 422 and wrong.get_json()["error"]["code"] == "invalid_choice"


def test_paper_vote_errors_name_group_and_field(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    round_, ids = _round_with_proposals(workshop, max_per_proposal=3)
    voting_flow.start_voting(SYSTEM, round_.id)
    url = f"/moderate/{workshop.join_code}/rounds/{round_.id}/paper"
    too_many = _post(client, url, token, group="verwaltung", voters="2", **{f"points-{ids[1]}": "7"})
    page = too_many.get_data(as_text=True)
    assert too_many.status_code == 422
    assert "Verwaltung, “Bessere Busse”" in page and "between 0 and 6" in page
    assert (f'id="points-{ids[1]}-verwaltung" name="points-{ids[1]}" inputmode="numeric" value="7" '
            'aria-invalid="true"') in page
    not_a_number = _post(client, url, token, group="politik", voters="zwei")
    text = not_a_number.get_data(as_text=True)
    assert not_a_number.status_code == 422 and "Politik, number of paper voters" in text
    assert 'id="voters-politik" name="voters" inputmode="numeric" value="zwei" aria-invalid="true"' in text
    over = _post(client, url, token, group="politik", voters="1", **{f"points-{i}": "2" for i in ids})
    assert over.status_code == 422 and "at most 5 points in total" in over.get_data(as_text=True)
    assert _post(client, url, token, group="politik", voters="1", **{f"points-{ids[0]}": "3"}).status_code == 302


def test_timer_keeps_the_entered_minutes(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    base = f"/moderate/{workshop.join_code}"
    timer_field = 'id="timer-minutes" name="minutes" inputmode="numeric" size="4" value="{}"'
    assert timer_field.format(5) in client.get(base).get_data(as_text=True)
    _post(client, f"{base}/timer", token, action="start", minutes="12")
    assert timer_field.format(12) in client.get(base).get_data(as_text=True)


def test_moderator_state_flags_likely_duplicates(ctx, make_workshop):
    workshop = make_workshop()
    a = moderation.add(SYSTEM, workshop.id, title="Mehr Kita-Plätze für unter Dreijährige schaffen").id
    b = moderation.add(SYSTEM, workshop.id, title="Mehr Kitaplätze für Kinder unter drei Jahren").id
    c = moderation.add(SYSTEM, workshop.id, title="Bessere Busanbindung am Abend").id
    similar = {p["id"]: p["similar"] for p in console.moderator_state(workshop)["proposals"]}
    assert b in similar[a] and a in similar[b] and similar[c] == []
    moderation.hide(SYSTEM, workshop.id, b)
    assert console_page.console_view(_fresh(Workshop, workshop.id))["similar"].get(a) == [b]  # hidden still counts
    moderation.edit(SYSTEM, workshop.id, a, title="Bessere Busanbindung am Abend schaffen")
    found = console_page.console_view(_fresh(Workshop, workshop.id))["similar"]  # reworded: compared again
    assert found.get(a) == [c] and found.get(c) == [a] and b not in found
    moderation.edit(SYSTEM, workshop.id, a, title="Mehr Kita-Plätze für unter Dreijährige schaffen")
    assert console_page.console_view(_fresh(Workshop, workshop.id))["similar"].get(a) == [b]
    from workshop_app.services import merging
    merging.merge_proposals(SYSTEM, workshop.id, [b], a)
    similar = {p["id"]: p["similar"] for p in console.moderator_state(_fresh(Workshop, workshop.id))["proposals"]}
    assert similar[a] == [] and similar[b] == []


def test_screen_preview_for_the_console_only(app, client, make_user, make_workshop):
    workshop = make_workshop()
    base = f"/moderate/{workshop.join_code}"
    tablet = app.test_client()
    _fresh_g()
    assert tablet.get(f"/m/{workshop.moderator_secret}").status_code in (302, 303)
    page = tablet.get(base)
    assert 'id="screen-preview"' not in page.get_data(as_text=True)  # a moderator link asks first
    assert tablet.get(f"{base}/screen-preview").status_code == 404
    from tests.conftest import csrf_token_from
    shown = tablet.post(f"{base}/screen-link", data={"csrf_token": csrf_token_from(page)})
    assert f'src="{base}/screen-preview"' in shown.get_data(as_text=True)
    preview = tablet.get(f"{base}/screen-preview")
    assert preview.status_code == 200 and 'id="screen"' in preview.get_data(as_text=True)
    assert "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in preview.headers
    assert f'src="{base}/screen-preview"' in tablet.get(base).get_data(as_text=True)  # remembered
    _fresh_g()
    signed_in(client, make_user)
    assert f'src="{base}/screen-preview"' in client.get(base).get_data(as_text=True)
    screen = client.get(f"/screen/{workshop.screen_secret}")
    assert "frame-ancestors 'none'" in screen.headers["Content-Security-Policy"]
    _fresh_g()
    assert app.test_client().get(f"{base}/screen-preview").status_code in (401, 403)


def _fresh_g() -> None:
    """One app context (``ctx``) serves every simulated client here: forget the user and CSRF
    token an earlier client's request cached in ``g``."""
    from flask import g
    for name in ("_login_user", "csrf_token"):
        g.pop(name, None)
