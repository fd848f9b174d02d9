"""The moderator console through its HTML forms: every action, both databases."""
from __future__ import annotations

from tests.integration.moderator_support import audit_actions, signed_in
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Proposal, VotingRound, Workshop


def _post(client, path, token, **data):
    return client.post(path, data={"csrf_token": token, **data})


def test_console_renders_for_organizer(client, make_user, make_workshop):
    workshop = make_workshop()
    signed_in(client, make_user)
    page = client.get(f"/moderate/{workshop.join_code}")
    assert page.status_code == 200
    assert b"data-shortcut=\"n\"" in page.data and b"<kbd>N</kbd>" in page.data
    assert workshop.screen_secret.encode() in page.data


def test_phase_timer_spotlight_settings(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    base = f"/moderate/{workshop.join_code}"
    field_id = workshop.process.fields[2].id
    assert _post(client, f"{base}/phase", token, phase="collect", field=str(field_id)).status_code == 302
    w = db.session.get(Workshop, workshop.id)
    db.session.refresh(w)
    assert (w.phase, w.focus_field_id) == ("collect", field_id)
    assert _post(client, f"{base}/phase", token, phase="").status_code == 302  # next phase
    db.session.refresh(w)
    assert w.phase == "vote" and w.focus_field_id is None
    assert _post(client, f"{base}/timer", token, action="start", minutes="3").status_code == 302
    db.session.refresh(w)
    assert w.timer_ends_at is not None
    first = w.timer_ends_at
    _post(client, f"{base}/timer", token, action="extend", minutes="1")
    db.session.refresh(w)
    assert 59 <= (w.timer_ends_at - first).total_seconds() <= 61
    bad = _post(client, f"{base}/timer", token, action="start", minutes="abc")
    assert bad.status_code == 422 and b'role="alert"' in bad.data
    _post(client, f"{base}/timer", token, action="stop")
    db.session.refresh(w)
    assert w.timer_ends_at is None
    _post(client, f"{base}/settings", token, premoderation="on", theme="light")
    db.session.refresh(w)
    assert w.premoderation and w.screen_theme == "light"
    assert _post(client, f"{base}/settings", token, theme="pink").status_code == 422
    assert {"workshop.phase", "workshop.timer_start", "workshop.timer_extend", "workshop.timer_stop",
            "workshop.settings"} <= set(audit_actions(workshop.id))


def test_proposal_moderation_forms(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    base = f"/moderate/{workshop.join_code}"
    field_id = workshop.process.fields[0].id
    response = _post(client, f"{base}/proposals", token, title="  Mehr Bänke im Park ", body="",
                     field=str(field_id), from_paper="on")
    assert response.status_code == 302
    proposal = db.session.scalar(db.select(Proposal).filter_by(workshop_id=workshop.id))
    assert (proposal.title, proposal.state, proposal.author_kind) == ("Mehr Bänke im Park", "published", "paper")
    # input kept on error
    bad = _post(client, f"{base}/proposals", token, title="x" * 121, body="Begründung")
    assert bad.status_code == 422 and b"Begr\xc3\xbcndung" in bad.data
    assert _post(client, f"{base}/proposals/{proposal.id}/hide", token).status_code == 302
    db.session.refresh(proposal)
    assert proposal.state == "hidden"
    _post(client, f"{base}/proposals/{proposal.id}/publish", token)  # unhide
    db.session.refresh(proposal)
    assert proposal.state == "published"
    _post(client, f"{base}/proposals/{proposal.id}/edit", token, title="Mehr Sitzbänke im Stadtpark",
          body="", field="")
    db.session.refresh(proposal)
    assert proposal.title == "Mehr Sitzbänke im Stadtpark" and proposal.field_id is None
    edit = db.session.scalar(db.select(AuditEvent).filter_by(action="proposal.edit"))
    assert edit.before["title"] == "Mehr Bänke im Park"
    assert edit.after["title"] == "Mehr Sitzbänke im Stadtpark"
    assert _post(client, f"{base}/spotlight", token, proposal=str(proposal.id)).status_code == 302
    w = db.session.get(Workshop, workshop.id)
    db.session.refresh(w)
    assert w.spotlight_proposal_id == proposal.id
    _post(client, f"{base}/spotlight", token, proposal="")
    db.session.refresh(w)
    assert w.spotlight_proposal_id is None
    assert _post(client, f"{base}/proposals/999999/hide", token).status_code == 404


def test_round_lifecycle_forms(client, make_user, make_workshop):
    workshop = make_workshop()
    token = signed_in(client, make_user)
    base = f"/moderate/{workshop.join_code}"
    _post(client, f"{base}/proposals", token, title="A")
    _post(client, f"{base}/proposals", token, title="B")
    bad = _post(client, f"{base}/rounds", token, method="dots", budget="500", title="Frage")
    assert bad.status_code == 422 and b"Frage" in bad.data
    assert _post(client, f"{base}/rounds", token, method="dots", budget="3", max_per_proposal="2").status_code == 302
    round_ = db.session.scalar(db.select(VotingRound).filter_by(workshop_id=workshop.id))
    assert (round_.budget, round_.max_per_proposal, round_.live_results) == (3, 2, False)
    assert _post(client, f"{base}/rounds/{round_.id}/open", token).status_code == 302
    db.session.refresh(round_)
    assert round_.state == "open" and len(round_.items) == 2
    assert _post(client, f"{base}/rounds/{round_.id}/reset", token, confirm="on").status_code == 409
    _post(client, f"{base}/rounds/{round_.id}/close", token)
    db.session.refresh(round_)
    assert round_.state == "closed"
    no_confirm = _post(client, f"{base}/rounds/{round_.id}/reset", token)
    assert no_confirm.status_code == 422
    db.session.refresh(round_)
    assert round_.state == "closed"
    _post(client, f"{base}/rounds/{round_.id}/reset", token, confirm="on")
    db.session.refresh(round_)
    assert round_.state == "draft" and round_.items == []
    _post(client, f"{base}/rounds/{round_.id}/open", token)
    _post(client, f"{base}/rounds/{round_.id}/close", token)
    _post(client, f"{base}/rounds/{round_.id}/publish", token)
    db.session.refresh(round_)
    assert round_.results_published
    assert {"round.create", "round.open", "round.close", "round.reset", "round.publish"} <= set(
        audit_actions(workshop.id))
