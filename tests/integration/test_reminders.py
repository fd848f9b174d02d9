"""`flask send-reminders` against a real local SMTP server: digests with working personal links,
organizer summaries, both languages, idempotence per day, retries of refused recipients."""
from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest

from tests.conftest import login
from tests.integration.responsible_support import JUGENDAMT, SCHULAMT, link_path, seed_plan
from tests.integration.smtp_support import free_port, smtp_server  # noqa: F401  (fixture)
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Process, ReminderLog, ResponsibleLink
from workshop_app.services import responsible_links
from workshop_app.services.plumbing.audit import SYSTEM

ORGANIZER = "organizer@example.org"


@pytest.fixture
def app_config(smtp_server):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_server.port, "MAIL_TIMEOUT": 5,
            "MAIL_FROM": "Zielwerkstatt <zielwerkstatt@stadt.example>", "PUBLIC_URL": "https://zw.stadt.example"}


@pytest.fixture
def data(ctx, make_user):
    seeded = seed_plan()
    make_user(ORGANIZER)
    return seeded


def _run(runner, *args):
    result = runner.invoke(args=["send-reminders", *args])
    db.session.expire_all()
    return result


def _log():
    db.session.expire_all()
    return {(r.kind, r.email): r.state for r in db.session.scalars(db.select(ReminderLog))}


@pytest.mark.parametrize("language, words, date_pattern", [
    ("en", ("Deadline", "Responsible body", "in progress", "planned"), r"[A-Z][a-z]{2} \d{1,2}, \d{4}"),
    ("de", ("Frist", "Verantwortliche Stelle", "in Umsetzung", "geplant"), r"\d{2}\.\d{2}\.\d{4}"),
])
def test_digests_and_summary_arrive_with_working_links(client, runner, smtp_server, data, language, words,
                                                        date_pattern):
    result = _run(runner, "--language", language)
    assert result.exit_code == 0, result.output
    assert "3 sent, 0 already sent today, 0 failed" in result.output
    assert sorted(r for d in smtp_server.delivered for r in d.recipients) == [JUGENDAMT, ORGANIZER, SCHULAMT]

    (digest,) = smtp_server.to(JUGENDAMT)
    message = digest.message
    assert message.get_content_type() == "multipart/alternative"
    assert message["Content-Language"] == language and message["Auto-Submitted"] == "auto-generated"
    assert message["From"] == "Zielwerkstatt <zielwerkstatt@stadt.example>" and message["To"] == JUGENDAMT
    assert "3" in message["Subject"]
    text, html = digest.text, digest.html
    assert f'<html lang="{language}"' in html
    for word in words:
        assert word in text and word in html
    assert re.search(date_pattern, text)
    # due soon, overdue, and the other process's measure; not the later, done or other people's ones
    for title in ("Elternbefragung", "Maßnahme in Prozess B"):
        assert title in text and title in html
    assert "Bedarfsplanung Kita <b>2027</b>" in text and "Bedarfsplanung Kita &lt;b&gt;2027&lt;/b&gt;" in html
    for title in ("Neubau Kita Nord", "Ferienbetreuung", "Sichere Schulwege", "Ohne Adresse"):
        assert title not in text
    links = sorted(set(re.findall(r"https://zw\.stadt\.example/report/[A-Za-z0-9_-]+(?=\s|$)", text, re.M)))
    assert len(links) == 2  # one per process
    for link in links:
        assert link in html
    pages = [client.get(link_path(link)) for link in links]
    assert all(page.status_code == 200 for page in pages)
    shown = " ".join(page.text for page in pages)
    assert "Elternbefragung" in shown and "Maßnahme in Prozess B" in shown and "Sichere Schulwege" not in shown
    calendar = client.get(link_path(links[0]) + "/deadlines.ics")
    assert calendar.status_code == 200 and "BEGIN:VCALENDAR" in calendar.text and JUGENDAMT not in calendar.text

    (summary,) = smtp_server.to(ORGANIZER)
    assert "Elternbefragung" in summary.text and JUGENDAMT in summary.text  # who to chase
    assert "Bedarfsplanung" not in summary.text  # due soon, not overdue
    assert f"https://zw.stadt.example/organize/processes/{data.process_a}/plan" in summary.text
    assert all(d.recipients != [ORGANIZER] or "/report/" not in d.text for d in smtp_server.delivered)

    created = db.session.scalars(db.select(AuditEvent).filter_by(action="responsible_link.create")).all()
    assert len(created) == 3 and all("send-reminders" in e.actor_label for e in created)
    assert _log() == {("digest", JUGENDAMT): "sent", ("digest", SCHULAMT): "sent", ("summary", ORGANIZER): "sent"}


def test_second_run_of_a_day_sends_nothing_and_next_day_sends_again(runner, smtp_server, data):
    assert _run(runner).exit_code == 0
    assert len(smtp_server.delivered) == 3
    second = _run(runner)
    assert second.exit_code == 0 and "0 sent, 3 already sent today, 0 failed" in second.output
    assert len(smtp_server.delivered) == 3
    # the same link again: stable for bookmarks and calendar subscriptions
    first_links = re.findall(r"/report/[A-Za-z0-9_-]+", smtp_server.to(SCHULAMT)[0].text)
    tomorrow = (data.today + timedelta(days=1)).isoformat()
    assert _run(runner, "--date", tomorrow).exit_code == 0
    assert len(smtp_server.delivered) == 6
    assert re.findall(r"/report/[A-Za-z0-9_-]+", smtp_server.to(SCHULAMT)[1].text) == first_links


def test_refused_recipient_is_reported_and_retried_next_run(client, runner, smtp_server, data):
    smtp_server.refuse = {SCHULAMT}
    first = _run(runner)
    assert first.exit_code == 1
    assert f"FAILED: digest to {SCHULAMT}" in first.output and "550" in first.output
    assert [r for d in smtp_server.delivered for r in d.recipients] == [JUGENDAMT, ORGANIZER]
    assert _log()[("digest", SCHULAMT)] == "failed"
    login(client, ORGANIZER)
    overview = client.get(f"/organize/processes/{data.process_a}/responsible").text
    assert "failed on" in overview and "mailbox unavailable" in overview and "sent on" in overview
    smtp_server.refuse = set()
    second = _run(runner)
    assert second.exit_code == 0, second.output
    assert "1 sent, 2 already sent today, 0 failed" in second.output
    assert [r for d in smtp_server.delivered for r in d.recipients] == [JUGENDAMT, ORGANIZER, SCHULAMT]
    assert set(_log().values()) == {"sent"}
    assert db.session.scalar(db.select(ReminderLog).filter_by(email=SCHULAMT)).attempts == 2


def test_unreachable_server_marks_nothing_sent(app, runner, smtp_server, data):
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    result = _run(runner)
    assert result.exit_code == 1
    for address in (JUGENDAMT, SCHULAMT, ORGANIZER):
        assert "FAILED: " in result.output and address in result.output
    assert "not reachable" in result.output
    assert set(_log().values()) == {"failed"}
    app.config["MAIL_PORT"] = smtp_server.port
    assert _run(runner).exit_code == 0
    assert len(smtp_server.delivered) == 3 and set(_log().values()) == {"sent"}


def test_revoked_link_stops_reminders_of_that_process(runner, smtp_server, data):
    link, _secret = responsible_links.issue(SYSTEM, db.session.get(Process, data.process_a), JUGENDAMT)
    responsible_links.revoke(SYSTEM, link)
    assert _run(runner).exit_code == 0
    (digest,) = smtp_server.to(JUGENDAMT)
    assert "Maßnahme in Prozess B" in digest.text and "Elternbefragung" not in digest.text
    assert db.session.scalar(db.select(ResponsibleLink)
                             .filter_by(process_id=data.process_a, email=JUGENDAMT)).revoked_at


def test_without_mail_server_or_public_url_the_command_refuses(app, runner, smtp_server, data):
    app.config["MAIL_SERVER"] = None
    result = _run(runner)
    assert result.exit_code != 0 and "Mail is not configured" in result.output
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["PUBLIC_URL"] = None
    result = _run(runner)
    assert result.exit_code != 0 and "PUBLIC_URL is not set" in result.output
    assert smtp_server.delivered == [] and _log() == {}
    assert db.session.scalar(db.select(db.func.count()).select_from(ResponsibleLink)) == 0


def test_a_claim_left_by_a_dead_run_is_taken_over_after_a_while(runner, smtp_server, data):
    from datetime import datetime

    from workshop_app.services.plumbing import tx

    with tx.write():
        for email, minutes in ((JUGENDAMT, 20), (SCHULAMT, 1)):  # died 20 minutes ago / is sending now
            db.session.add(ReminderLog(kind="digest", email=email, day=data.today, state="sending", attempts=1,
                                       updated_at=datetime.now(UTC) - timedelta(minutes=minutes)))
    result = _run(runner)
    assert result.exit_code == 0 and "2 sent, 1 already sent today" in result.output
    assert [r for d in smtp_server.delivered for r in d.recipients] == [JUGENDAMT, ORGANIZER]
    assert _log()[("digest", SCHULAMT)] == "sending"
