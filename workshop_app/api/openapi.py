"""The OpenAPI document at /api/v1/openapi.json, assembled from each API module's PATHS.

Convention for the modules: ``PATHS`` keys are full paths (``/api/v1/...``); a module may also
expose ``SCHEMAS`` (merged into ``components.schemas``). Error responses are referenced as
``#/components/responses/Error<status>``; security schemes are defined here once.
"""
from __future__ import annotations

from . import bp, facilitator, feasibility, measures, moderation, organizer, participant, support, tables

ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 415, 422, 429)
ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "stable machine-readable code"},
            "message": {"type": "string", "description": "in the caller's language"},
            "params": {"type": "object", "description": "values filled into the message"},
        }}},
}
SECURITY_SCHEMES = {
    "participantToken": {"type": "http", "scheme": "bearer",
                         "description": "the token returned by POST /workshops/{code}/join"},
    "participantCookie": {"type": "apiKey", "in": "cookie", "name": "zw_participant_<workshop id>",
                          "description": "set by joining; needs X-CSRFToken on writes"},
    "csrfHeader": {"type": "apiKey", "in": "header", "name": "X-CSRFToken"},
    "apiKey": {"type": "http", "scheme": "bearer",
               "description": "organizer/moderator API key (zwk_…)"},
}

#: The one statement of when a write needs the X-CSRFToken header (api/common.py enforces it).
CSRF_RULE = (
    "**CSRF.** A write (POST, PUT, PATCH, DELETE) needs the header `X-CSRFToken` (the "
    "`csrf_token` of `GET /api/v1/workshops/{code}`, valid for the session cookie that request "
    "set) whenever the request carries a cookie that could authenticate it: the session cookie "
    "(signed-in staff, moderator links), the remember cookie or a participant cookie "
    "(`zw_participant_<workshop id>`). It needs no CSRF token when it sends "
    "`Authorization: Bearer` (participant token or API key), or when it has a "
    "`Content-Type: application/json` body and carries none of these cookies — such a request "
    "authenticates nobody and cannot be forged cross-site (browsers preflight it; this API grants "
    "no CORS). So a cookie-less JSON client joins with a single "
    "`POST /api/v1/workshops/{code}/join` and then uses the returned token as a bearer token.")


def _error_responses() -> dict:
    return {f"Error{status}": {
        "description": f"Error ({status})",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    } for status in ERROR_STATUSES}


@bp.get("/openapi.json")
def openapi_document():
    paths: dict = {}
    schemas: dict = {"Error": ERROR_SCHEMA}
    for module in (participant, moderation, organizer, facilitator, support, measures, feasibility, tables):
        for path, item in module.PATHS.items():  # modules may share a path (GET here, PATCH there)
            paths.setdefault(path, {}).update(item)
        schemas.update(getattr(module, "SCHEMAS", {}))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Zielwerkstatt API", "version": "1", "description": CSRF_RULE},
        "paths": paths,
        "components": {"schemas": schemas, "responses": _error_responses(),
                       "securitySchemes": SECURITY_SCHEMES},
    }
