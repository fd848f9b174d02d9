"""Friendly, translated error pages and JSON errors; never a stack trace."""
from __future__ import annotations

import logging
from typing import Any

from flask import abort, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.routing import IntegerConverter

from .domain.errors import DomainError
from .domain.values import MAX_ID
from .error_status import status_for
from .extensions import db
from .messages import describe

log = logging.getLogger(__name__)

MESSAGES = {
    400: _l("The request could not be processed. Please check your input and try again."),
    401: _l("Please sign in to continue."),
    403: _l("You are not allowed to do this."),
    404: _l("This page does not exist. Please check the address or the code."),
    405: _l("This action is not available here."),
    409: _l("This could not be done because the data changed meanwhile. Please reload."),
    413: _l("What you sent is too large."),
    422: _l("Please check your input."),
    429: _l("Too many attempts. Please wait a moment and try again."),
    500: _l("Something went wrong on our side. Nothing you sent was half-saved; please try again."),
}
CSRF_MESSAGE = _l("The form has expired or was sent from elsewhere. Please send it again.")


class DatabaseInt(IntegerConverter):
    """``<int:…>`` in every route: a number no row can have does not match (a 404), instead of
    reaching the database and overflowing its integer type there (a 500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app) -> None:
    # Before the blueprints register their routes: rules bind their converters when added.
    app.url_map.converters["int"] = DatabaseInt
    app.before_request(refuse_nul_characters)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def refuse_nul_characters() -> None:
    """A NUL character in the path, the query or a form is a 400 before any view runs: no input
    of this app may contain one (text is refused with ``control_characters``), and PostgreSQL
    cannot even compare text with it, so a lookup such as ``/w/%00`` would fail in the database.
    Multipart bodies (the archive upload) are left to their view, which sets their size limit."""
    texts = [request.path, *(part for pair in request.args.items(multi=True) for part in pair)]
    if request.mimetype == "application/x-www-form-urlencoded":
        texts += [part for pair in request.form.items(multi=True) for part in pair]
    if any("\x00" in text for text in texts):
        abort(400)


def wants_json() -> bool:
    return request.path.startswith("/api/") or (
        request.accept_mimetypes.best == "application/json")


def error_response(status: int, code: str, message: str, **extra):
    if wants_json():
        body = {"error": {"code": code, "message": str(message), **extra}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message), status


def _csrf_error(error: CSRFError):
    return error_response(400, "csrf_failed", CSRF_MESSAGE)


def _http_error(error: HTTPException):
    status = error.code or 500
    message = MESSAGES.get(status) or error.description
    # abort(…, description=…) with a translated text of our own is shown as given.
    if getattr(error, "zw_message", None):
        message = error.zw_message
    # error_response gives a rendered page (a string) for HTML routes: make it a response first,
    # so that headers can be set on either kind (a 405 on /privacy once crashed here).
    response = make_response(error_response(status, error.name.lower().replace(" ", "_"), message))
    if status == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    retry = getattr(error, "retry_after", None)
    if status == 429 and retry:
        response.headers["Retry-After"] = str(retry)
    return response


def _domain_error(error: DomainError):
    """A refusal that no view answered itself (the API's endpoints, a bad query parameter of a
    page): its message, with the status of the one table in :mod:`error_status`."""
    db.session.rollback()
    return error_response(status_for(error), error.code, describe(error), **_safe_params(error.params))


def _safe_params(params: dict[str, Any]) -> dict[str, Any]:
    """The error's plain parameters for a JSON client (a field name, a limit); never objects."""
    plain = {k: v for k, v in params.items() if isinstance(v, (str, int, float, bool, type(None)))}
    return {"params": plain} if plain else {}


def _unexpected_error(error: Exception):
    log.error("unhandled error", exc_info=error)  # exc_info carries the traceback, as log.exception would
    db.session.rollback()
    return error_response(500, "internal_error", MESSAGES[500])


__all__ = ["MAX_ID", "DatabaseInt", "InternalServerError", "error_response", "init_app", "wants_json"]
