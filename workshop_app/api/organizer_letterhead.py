"""The letterhead of a process's documents over the API (issue 15): name, footer line, logo.

``PUT`` takes JSON: ``municipality`` and ``footer`` (strings), ``logo`` — a PNG or SVG file as
base64 (replaces the logo), ``null`` (removes it) or absent (keeps it). The same service as the
organizer page checks and cleans everything before anything is written.
"""
from __future__ import annotations

import base64
import binascii

from flask import url_for

from ..domain.errors import DomainError
from ..downloads import logo_response
from ..models import Process
from ..services import letterhead
from . import bp
from .common import json_body
from .organizer_common import found, organizer


def letterhead_json(process: Process) -> dict:
    logo = letterhead.logo_of(process)
    return {
        "municipality": process.municipality,
        "footer": process.letterhead_footer or "",
        "logo": None if logo is None else {
            "type": logo[1], "url": url_for("api.organizer_letterhead_logo", process_id=process.id)},
    }


@bp.get("/processes/<int:process_id>/letterhead")
def organizer_letterhead(process_id: int):
    organizer()
    return letterhead_json(found(Process, process_id))


@bp.put("/processes/<int:process_id>/letterhead")
def organizer_update_letterhead(process_id: int):
    actor, body, process = organizer(), json_body(), found(Process, process_id)
    raw = body.get("logo")
    if raw is not None and not isinstance(raw, str):
        raise DomainError("logo_type", "the logo is a base64 string", field="logo")
    try:
        logo = base64.b64decode(raw, validate=True) if raw else None
    except (binascii.Error, ValueError) as error:
        raise DomainError("logo_invalid", "the logo is not valid base64", field="logo") from error
    data = letterhead.parse(body.get("municipality"), body.get("footer"), logo,
                            "logo" in body and body["logo"] is None)
    return letterhead_json(letterhead.update_letterhead(actor, process, data))


@bp.get("/processes/<int:process_id>/letterhead/logo")
def organizer_letterhead_logo(process_id: int):
    organizer()
    return logo_response(found(Process, process_id))
