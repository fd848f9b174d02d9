"""File downloads with a filename every browser and mail client handles (RFC 6266)."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from flask import Response

from ..exports import Export

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
