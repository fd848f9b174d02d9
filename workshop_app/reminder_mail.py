"""The reminder mails as messages: plain text plus HTML, in one language (Flask-Babel
``force_locale``), with absolute links built on ``PUBLIC_URL`` (``urls.external``).

Rendering only; who gets what is decided in ``services/reminders.py``, sending in ``mailer.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from flask import render_template
from flask_babel import force_locale, ngettext

from .domain.responsible import ReminderKind
from .i18n import RTL_LANGUAGES
from .mailer import MailSettings
from .services.reminders import Mail, Section
from .urls import external


@dataclass
class SectionView:
    """A section with the addresses its mail links to."""

    process: object
    items: list
    report_url: str = ""
    calendar_url: str = ""
    plan_url: str = ""


def _view(mail: Mail, section: Section) -> SectionView:
    view = SectionView(process=section.process, items=section.items)
    if mail.kind == ReminderKind.DIGEST:
        view.report_url = external("responsible.report", secret=section.secret)
        view.calendar_url = external("responsible.calendar", secret=section.secret)
    else:
        view.plan_url = external("organizer.action_plan", process_id=section.process.id)
    return view


def _subject(mail: Mail) -> str:
    count = sum(len(section.items) for section in mail.sections)
    if mail.kind == ReminderKind.DIGEST:
        return ngettext("Reminder: %(num)d measure is due or overdue",
                        "Reminder: %(num)d measures are due or overdue", count)
    return ngettext("Overdue: %(num)d measure in your processes",
                    "Overdue: %(num)d measures in your processes", count)


def compose(mail: Mail, *, day: date, days: int, language: str, settings: MailSettings) -> EmailMessage:
    """The message for one mail, in ``language``; needs an app and request context."""
    with force_locale(language):
        subject = _subject(mail)
        context = {"mail": mail, "day": day, "days": days, "subject": subject, "language": language,
                   "direction": "rtl" if language.split("_")[0] in RTL_LANGUAGES else "ltr"}
        context["mail"] = Mail(mail.kind, mail.email, [_view(mail, s) for s in mail.sections])
        text = render_template(f"mail/reminder_{mail.kind}.txt", **context)
        html = render_template(f"mail/reminder_{mail.kind}.html", **context)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = mail.email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid("reminder", domain=parseaddr(settings.sender)[1].rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = language  # after the parts: making them moves Content-* headers
    return message
