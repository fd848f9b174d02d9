"""What every API endpoint shares: JSON in, JSON errors out, CSRF unless a bearer token is used."""
from __future__ import annotations

from typing import Any

from flask import abort, make_response, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from ..access import bearer_token
from ..domain.errors import DomainError
from ..errors import error_response
from ..extensions import csrf
from ..messages import describe
from . import bp

#: HTTP status per domain error code; anything else is a 422 (valid JSON, invalid content).
CONFLICT_CODES = frozenset({
    "invalid_state_transition", "workshop_not_open", "round_not_draft", "round_not_open",
    "round_open", "round_published", "round_not_closed", "invalid_proposal_transition",
    "round_already_open", "merge_round_open",  # moderator
    "archive_id_clash",  # organizer: the archive's join codes are taken here
})


#: Domain error codes that mean "who are you?" or "no such thing" rather than invalid content.
STATUS_BY_CODE = {"not_joined": 401, "round_not_found": 404}


@bp.before_request
def _csrf_unless_bearer() -> None:
    # A bearer token cannot be sent by a forged cross-site form; cookies can, so they need CSRF.
    if request.method not in ("GET", "HEAD", "OPTIONS") and not bearer_token():
        csrf.protect()


@bp.errorhandler(DomainError)
def _domain_error(error: DomainError):
    status = 409 if error.code in CONFLICT_CODES else STATUS_BY_CODE.get(error.code, 422)
    return error_response(status, error.code, describe(error), **_safe_params(error.params))


def _safe_params(params: dict[str, Any]) -> dict[str, Any]:
    plain = {k: v for k, v in params.items() if isinstance(v, (str, int, float, bool, type(None)))}
    return {"params": plain} if plain else {}


def json_body(*, allow_empty: bool = False) -> dict[str, Any]:
    """The request's JSON object, or a clear 400; never a stack trace on malformed input."""
    if not request.is_json:
        if allow_empty and not request.get_data():
            return {}
        abort(make_response(error_response(415, "unsupported_media_type", _("Please send JSON (Content-Type: application/json)."))))
    try:
        data = request.get_json()
    except BadRequest:
        abort(make_response(error_response(400, "malformed_json", _("The request body is not valid JSON."))))
    if not isinstance(data, dict):
        abort(make_response(error_response(400, "malformed_json", _("The request body must be a JSON object."))))
    return data
