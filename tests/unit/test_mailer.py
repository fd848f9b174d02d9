"""Mail settings: what is required, the defaults, and refusing contradictory TLS settings."""
from __future__ import annotations

import pytest

from workshop_app.mailer import MailNotConfigured, MailSettings

BASE = {"MAIL_SERVER": "smtp.stadt.example", "MAIL_FROM": "Zielwerkstatt <zw@stadt.example>"}


def test_defaults():
    settings = MailSettings.from_config(BASE)
    assert ((settings.server, settings.port, settings.use_tls, settings.use_ssl)
            == ("smtp.stadt.example", 25, False, False))
    assert settings.username is None and settings.timeout == 30.0
    assert MailSettings.from_config({**BASE, "MAIL_USE_SSL": True}).port == 465
    assert MailSettings.from_config({**BASE, "MAIL_USE_TLS": True, "MAIL_PORT": 587}).port == 587


@pytest.mark.parametrize("config, message", [
    ({}, "set MAIL_SERVER"),
    ({"MAIL_SERVER": "  "}, "set MAIL_SERVER"),
    ({"MAIL_SERVER": "smtp.stadt.example"}, "set MAIL_FROM"),
    ({"MAIL_SERVER": "smtp.stadt.example", "MAIL_FROM": "Zielwerkstatt"}, "set MAIL_FROM"),
    ({**BASE, "MAIL_USE_TLS": True, "MAIL_USE_SSL": True}, "only one of MAIL_USE_TLS"),
])
def test_incomplete_settings_are_refused_with_a_clear_message(config, message):
    with pytest.raises(MailNotConfigured, match=message):
        MailSettings.from_config(config)
