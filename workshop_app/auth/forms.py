"""The sign-in form's own checks (it has no service to validate it): both inputs given, neither
longer than the database column. CSRF is checked app-wide (extensions.csrf)."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

#: Input name → longest accepted value (users.email is 254 characters, RFC 5321).
MAX_LENGTH = {"email": 254, "password": 200}


def login_errors(values: Mapping[str, str]) -> dict[str, str]:
    """Input name → message, for each input that cannot be used (empty or too long)."""
    required = {"email": _("Please enter your email address."), "password": _("Please enter your password.")}
    errors = {}
    for name, limit in MAX_LENGTH.items():
        value = values[name]
        if not value.strip():
            errors[name] = required[name]
        elif len(value) > limit:
            errors[name] = _("At most %(max)d characters.", max=limit)
    return errors
