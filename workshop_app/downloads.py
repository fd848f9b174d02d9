"""File downloads with a filename every browser and mail client handles (RFC 6266), and the
process logo as a file of its own; shared by the organizer pages and the JSON API."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from flask import Response, abort, make_response

from .exports import Export
from .services import letterhead

# A stored logo is already cleaned; these headers keep an SVG inert even if opened on its own.
LOGO_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                "X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=300"}
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def filename(title: str, extension: str, *, day: date | None = None) -> str:
    """The title made safe for a file system (Unicode kept), then the date and the extension."""
    cleaned = re.sub(r"[\\/:*?\"<>|\x00-\x1f\x7f]+", "", unicodedata.normalize("NFC", title)).strip()
    cleaned = re.sub(r"\s+", "-", cleaned)[:80].strip(".-") or "export"
    return f"{cleaned}-{(day or date.today()).isoformat()}.{extension}"


def ascii_fallback(name: str) -> str:
    """For clients that ignore ``filename*``: umlauts spelt out, other letters without accents."""
    plain = unicodedata.normalize("NFKD", name.translate(_GERMAN)).encode("ascii", "ignore").decode()
    plain = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9._-]+", "-", plain)).strip("-")
    return plain if plain and not plain.startswith(".") else f"export{plain}"


def content_disposition(name: str) -> str:
    return f"attachment; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(data: bytes, mimetype: str, title: str, extension: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename(title, extension))
    response.headers["Cache-Control"] = "no-store"
    return response


def download_export(export: Export, title: str) -> Response:
    return download(export.data, export.mimetype, title, export.extension)


def logo_response(process):
    """The process's stored logo as it is served to the page and the API (404 without one)."""
    logo = letterhead.logo_of(process)
    if logo is None:
        abort(404)
    response = make_response(logo[0])
    response.headers["Content-Type"] = logo[1]
    response.headers.update(LOGO_HEADERS)
    return response
