"""Close and anonymise, and the retention purge: the links to people go, the aggregates stay."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from testkit.worlds import seed
from tests.conftest import csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Ballot, JoinToken, Participant, Proposal, VotingRound, Workshop
from workshop_app.services import privacy
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import results


@pytest.fixture
def data(ctx):
    return seed()


def _results(round_id):
    return results.results_payload(db.session.get(VotingRound, round_id))["results"]


def _links(workshop_id):
    ballots = db.session.scalar(db.select(db.func.count()).select_from(Ballot)
                                .where(Ballot.participant_id.is_not(None)))
    proposals = db.session.scalar(db.select(db.func.count()).select_from(Proposal)
                                  .where(Proposal.workshop_id == workshop_id, Proposal.participant_id.is_not(None)))
    names = db.session.scalar(db.select(db.func.count()).select_from(Participant)
                              .where(Participant.display_name.is_not(None)))
    return ballots, proposals, names


def test_anonymise_keeps_aggregates_and_removes_links(data):
    before = _results(data.round_id)
    secrets_before = set(db.session.scalars(db.select(Participant.secret_hash)))
    assert all(_links(data.workshop_id))
    counts = privacy.anonymise(SYSTEM, db.session.get(Workshop, data.workshop_id))
    assert counts["ballots"] == 9 and counts["participants"] == 9
    db.session.expire_all()
    assert _links(data.workshop_id) == (0, 0, 0)
    assert _results(data.round_id) == before
    workshop = db.session.get(Workshop, data.workshop_id)
    assert workshop.state == "closed" and workshop.anonymised_at is not None
    assert not secrets_before & set(db.session.scalars(db.select(Participant.secret_hash)))
    assert db.session.scalar(db.select(db.func.count()).select_from(Participant)) == 9  # headcount stays
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="workshop.anonymise"))
    assert event.after["ballots"] == 9


def test_purge_only_touches_workshops_closed_longer_ago(data, runner, app):
    from workshop_app.services import processes, workshops

    process = processes.create_process(SYSTEM, municipality="Nebenan", title="Zweiter Prozess")
    fresh, _ = workshops.create_workshop(SYSTEM, process, title="Frisch geschlossen")
    workshops.change_state(SYSTEM, fresh, "open")
    workshops.change_state(SYSTEM, fresh, "closed")
    db.session.add(Participant(workshop_id=fresh.id, group_id=fresh.groups[0].id, display_name="Zoë",
                               secret_hash="f" * 64))
    old = db.session.get(Workshop, data.workshop_id)
    old.change_state("closed")
    old.closed_at = datetime.now(UTC) - timedelta(days=200)
    db.session.commit()
    before = _results(data.round_id)

    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0 and old.join_code in dry.output and "1 workshop(s) due" in dry.output
    assert _links(data.workshop_id)[0] == 9
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 workshop(s) closed more than 180 days ago." in result.output
    db.session.expire_all()
    assert _links(data.workshop_id)[:2] == (0, 0)
    assert db.session.scalar(db.select(Participant.display_name).filter_by(workshop_id=fresh.id)) == "Zoë"
    assert _results(data.round_id) == before
    again = runner.invoke(args=["purge", "--days", "0"])
    assert "Anonymised 1 workshop(s)" in again.output  # the fresh one, with zero retention
    db.session.expire_all()
    assert db.session.scalar(db.select(Participant.display_name).filter_by(workshop_id=fresh.id)) is None


def test_anonymise_button_needs_confirmation(client, make_user, data):
    make_user()
    with client.session_transaction() as session:
        session["lang"] = "en"
    login(client)
    workshop = db.session.get(Workshop, data.workshop_id)
    db.session.add(JoinToken(workshop_id=workshop.id, code="ABCDEFGH"))
    db.session.commit()
    page = client.get(f"/organize/workshops/{workshop.join_code}")
    token = csrf_token_from(page)
    refused = client.post(f"/organize/workshops/{workshop.join_code}/anonymise", data={"csrf_token": token})
    assert refused.status_code == 422 and "cannot be undone" in refused.text
    assert _links(data.workshop_id)[0] == 9
    done = client.post(f"/organize/workshops/{workshop.join_code}/anonymise",
                       data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 302
    db.session.expire_all()
    assert _links(data.workshop_id) == (0, 0, 0)


def test_export_command_writes_files(data, runner, tmp_path):
    target = tmp_path / "plan.docx"
    result = runner.invoke(args=["export", "--process", str(data.process_id), "--format", "docx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK"
    code = db.session.get(Workshop, data.workshop_id).join_code
    csv_out = runner.invoke(args=["export", "--workshop", code.lower(), "--format", "csv", "--delimiter", ","])
    assert csv_out.exit_code == 0 and "Sichere Schulwege für Kinder" in csv_out.output
    assert runner.invoke(args=["export", "--format", "csv"]).exit_code != 0


def test_privacy_page_says_what_is_stored(client, app):
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = client.get("/privacy")
    assert page.status_code == 200
    assert "What exactly is stored about participants" in page.text
    assert f"closed more than {app.config['RETENTION_DAYS']} days ago" in page.text
