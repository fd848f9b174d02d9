"""Sending e-mail over SMTP with the standard library (``smtplib``).

Configured by ``MAIL_SERVER`` (required), ``MAIL_PORT`` (default 25; 587 is usual with
``MAIL_USE_TLS``, 465 with ``MAIL_USE_SSL``), ``MAIL_FROM`` (required), optional ``MAIL_USERNAME``
and ``MAIL_PASSWORD``, and ``MAIL_TIMEOUT`` (seconds). One connection serves a whole run; each
message is sent on its own and either goes out or raises :class:`MailFailed` with the reason, so
the caller knows exactly which addresses were not served. Once the server cannot be reached, the
remaining messages of the run fail at once instead of each waiting for the timeout again.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any


class MailNotConfigured(RuntimeError):
    """MAIL_SERVER or MAIL_FROM is missing (or TLS and SSL are both asked for)."""


class MailFailed(RuntimeError):
    """This message did not go out; ``str()`` says why."""


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    use_ssl: bool = False
    timeout: float = 30.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        server = (config.get("MAIL_SERVER") or "").strip()
        if not server:
            raise MailNotConfigured("Mail is not configured: set MAIL_SERVER (and MAIL_FROM) to send e-mail.")
        sender = (config.get("MAIL_FROM") or "").strip()
        if not sender or "@" not in parseaddr(sender)[1]:
            raise MailNotConfigured("Mail is not configured: set MAIL_FROM to the sender address, "
                                    "e.g. 'Zielwerkstatt <zielwerkstatt@stadt.example>'.")
        use_tls, use_ssl = bool(config.get("MAIL_USE_TLS")), bool(config.get("MAIL_USE_SSL"))
        if use_tls and use_ssl:
            raise MailNotConfigured("Set only one of MAIL_USE_TLS (STARTTLS) and MAIL_USE_SSL (implicit TLS).")
        return cls(server=server, port=int(config.get("MAIL_PORT") or (465 if use_ssl else 25)),
                   sender=sender, username=config.get("MAIL_USERNAME") or None,
                   password=config.get("MAIL_PASSWORD") or None, use_tls=use_tls, use_ssl=use_ssl,
                   timeout=float(config.get("MAIL_TIMEOUT") or 30.0))


class Mailer:
    """``with Mailer(settings) as mailer: mailer.send(message)`` — connects on the first send."""

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._down: str | None = None  # why the server could not be reached, once it could not

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        if s.use_ssl:
            smtp = smtplib.SMTP_SSL(s.server, s.port, timeout=s.timeout, context=context)
        else:
            smtp = smtplib.SMTP(s.server, s.port, timeout=s.timeout)
        try:
            if s.use_tls:
                smtp.starttls(context=context)
            if s.username:
                smtp.login(s.username, s.password or "")
        except Exception:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self._down is not None:
            raise MailFailed(self._down)
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except (OSError, smtplib.SMTPException) as error:
                self._down = f"mail server {self.settings.server}:{self.settings.port} not reachable: {error}"
                raise MailFailed(self._down) from None
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            reasons = "; ".join(f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
                                for code, text in error.recipients.values())
            raise MailFailed(f"recipient refused: {reasons}") from None
        except smtplib.SMTPResponseException as error:
            detail = error.smtp_error
            if isinstance(detail, bytes):
                detail = detail.decode(errors="replace")
            raise MailFailed(f"refused: {error.smtp_code} {detail}") from None
        except (OSError, smtplib.SMTPException) as error:  # disconnected mid-run: reconnect next time
            self.close()
            raise MailFailed(f"sending failed: {error}") from None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None
