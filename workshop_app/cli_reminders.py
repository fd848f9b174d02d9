"""`flask send-reminders`: the day's reminder mails, for cron.

Idempotent per day: a mail already sent today (per kind and address) is not sent again; one that
failed is tried again by the next run. Exits non-zero when mail is not configured, when
``PUBLIC_URL`` is missing (the links would not reach anyone) or when any mail failed — listing
the addresses — so that cron reports it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from .mailer import Mailer, MailFailed, MailNotConfigured, MailSettings


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def send_all(settings: MailSettings, *, day: date, days: int, language: str) -> Report:
    """Send the day's digests and summaries; every outcome is in the report and the log."""
    from .reminder_mail import compose
    from .services import reminders

    report = Report()
    with current_app.test_request_context(), Mailer(settings) as mailer:  # url_for outside a request
        for mail in [*reminders.digests(day, days), *reminders.summaries(day)]:
            label = f"{mail.kind} to {mail.email}"
            try:
                message = compose(mail, day=day, days=days, language=language, settings=settings)
            except Exception as error:
                current_app.logger.exception("could not compose the %s", label)
                report.failed.append((label, f"could not be composed: {error}"))
                continue
            if not reminders.claim(mail.kind, mail.email, day):
                report.skipped.append(label)
                continue
            try:
                mailer.send(message)
            except MailFailed as error:
                reminders.finish(mail.kind, mail.email, day, str(error))
                report.failed.append((label, str(error)))
                continue
            reminders.finish(mail.kind, mail.email, day)
            report.sent.append(label)
    return report


@click.command("send-reminders")
@with_appcontext
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge deadlines on this day and log the mails under it (default: today).")
@click.option("--days", type=click.IntRange(0, 366), default=None,
              help="Remind of measures due within this many days (default: REMINDER_DAYS, 30).")
@click.option("--language", default=None,
              help="Language of the mails (default: REMINDER_LANGUAGE, else BABEL_DEFAULT_LOCALE).")
def send_reminders_command(day, days: int | None, language: str | None) -> None:
    """Mail each responsible address its due and overdue measures with its personal update link,
    and each organizer the overdue measures of their processes."""
    config = current_app.config
    try:
        settings = MailSettings.from_config(config)
    except MailNotConfigured as error:
        raise click.ClickException(str(error)) from None
    if not config.get("PUBLIC_URL"):
        raise click.ClickException("PUBLIC_URL is not set: the links in the mails need the address this "
                                   "installation is reached at, e.g. https://zielwerkstatt.stadt.example")
    language = language or config.get("REMINDER_LANGUAGE") or config["BABEL_DEFAULT_LOCALE"]
    if language not in config["LANGUAGES"]:
        raise click.ClickException(f"Unknown language {language!r}; offered: {', '.join(config['LANGUAGES'])}.")
    day = day.date() if day else date.today()
    days = config["REMINDER_DAYS"] if days is None else days
    report = send_all(settings, day=day, days=days, language=language)
    for label in report.sent:
        click.echo(f"sent: {label}")
    for label, reason in report.failed:
        click.echo(f"FAILED: {label}: {reason}", err=True)
    click.echo(f"{day.isoformat()}: {len(report.sent)} sent, {len(report.skipped)} already sent today, "
               f"{len(report.failed)} failed.")
    if report.failed:
        raise click.exceptions.Exit(1)
