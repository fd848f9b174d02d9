"""What every API endpoint shares: JSON in, JSON errors out, CSRF unless a bearer token is used."""
from __future__ import annotations

import math
from typing import Any

from flask import abort, current_app, make_response, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from .. import access, lookup
from ..access import bearer_token
from ..domain.errors import DomainError
from ..errors import MAX_ID, error_response
from ..extensions import csrf
from ..models import Workshop
from ..services.plumbing.audit import Actor
from . import bp


def moderated_workshop(code: str) -> tuple[Workshop, Actor]:
    """The workshop a moderator endpoint names, and who acts: 404 for an unknown code, 401/403
    unless the caller may moderate it."""
    workshop = lookup.workshop_or_404(code)
    return workshop, access.require_moderator(workshop)


@bp.before_request
def _csrf_unless_bearer() -> None:
    # A bearer token cannot be sent by a forged cross-site form; cookies can, so they need CSRF.
    # A JSON body without any of our cookies authenticates nobody and cannot be forged either
    # (a cross-site page cannot send application/json without a CORS preflight, which this app
    # never allows), so a cookie-less JSON client joins without fetching a CSRF token first.
    if request.method in ("GET", "HEAD", "OPTIONS") or bearer_token():
        return
    if request.mimetype == "application/json" and not _credential_cookies():
        return
    csrf.protect()


def _credential_cookies() -> bool:
    """Whether the request carries a cookie that could authenticate it: the session (sign-in,
    moderator links), Flask-Login's remember cookie or a participant identity."""
    config = current_app.config
    names = {config["SESSION_COOKIE_NAME"], config.get("REMEMBER_COOKIE_NAME", "remember_token")}
    prefix = f"{config['PARTICIPANT_COOKIE_NAME']}_"
    return any(name in names or name.startswith(prefix) for name in request.cookies)


#: Deeper than any body of this API; deeper bodies are refused before anything walks them.
MAX_JSON_DEPTH = 32


def _malformed(message: str):
    abort(make_response(error_response(400, "malformed_json", message)))


def json_body(*, allow_empty: bool = False) -> dict[str, Any]:
    """The request's JSON object, or a clear 4xx; never a stack trace on malformed input.

    Beyond syntax, the body must be text a database can store and numbers it can hold: no
    NaN/Infinity, no lone surrogates (UTF-16 halves that no UTF-8 encoder accepts), no integer
    beyond the database's range and no nesting deeper than :data:`MAX_JSON_DEPTH` — checked once
    here, so that no endpoint meets such a value further in.
    """
    if not request.is_json:
        if allow_empty and not request.get_data():
            return {}
        abort(make_response(error_response(
            415, "unsupported_media_type", _("Please send JSON (Content-Type: application/json)."))))
    try:
        data = request.get_json()
    except (BadRequest, RecursionError):  # the parser recurses: 100,000 "[" exhaust the stack
        _malformed(_("The request body is not valid JSON."))
    if not isinstance(data, dict):
        _malformed(_("The request body must be a JSON object."))
    _check_values(data)
    return data


def _check_values(data: dict[str, Any]) -> None:
    """Walk the parsed body (without recursion) and refuse what no field of the API accepts."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            _malformed(_("The request body is nested too deeply."))
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, path)
                stack.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, path)
        elif isinstance(value, float) and not math.isfinite(value):
            _malformed(_("The request body is not valid JSON."))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
            raise DomainError("value_out_of_range", "number beyond the stored range", field=path)


def _check_text(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DomainError("control_characters", "lone surrogate in text", field=path or "body") from None
