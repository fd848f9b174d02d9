"""OParl 1.1 (the German standard API of council information systems): the pure rules.

Which URLs the server may fetch (only under a configured endpoint: the same scheme, host and port,
and the endpoint's path as a whole-segment prefix; no user info, no dot segments, no encoded
slashes), what a fetched object tells us (name, reference, date, paper type, web page), how a
paginated list page is read, and how the paper search matches. No network and no framework here:
``workshop_app.oparl`` does the fetching, ``services.council`` the storing.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from .errors import DomainError

MAX_URL_LENGTH = 2000
MAX_PAPERS = 20  # council papers per goal or measure
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_ENCODED_SEPARATORS = re.compile(r"%(?:2f|5c|00)", re.IGNORECASE)

#: The object types that can stand for a council decision, keyed by the last part of their type URI.


class PaperKind(StrEnum):
    """The OParl object a cited council decision is (``UNKNOWN`` until it was fetched)."""

    UNKNOWN = ""
    PAPER = "paper"
    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    CONSULTATION = "consultation"


class Verification(StrEnum):
    """Whether a cited council object's facts come from the council system."""

    UNVERIFIED = "unverified"  # not fetched (yet), or the last fetch failed: see error_code
    VERIFIED = "verified"  # fetched; the facts are the council system's
    ERROR = "error"  # the council system answered, but not with an object we can cite


KINDS = {"Paper": PaperKind.PAPER, "Meeting": PaperKind.MEETING, "AgendaItem": PaperKind.AGENDA_ITEM,
         "Consultation": PaperKind.CONSULTATION}
_TYPE_PREFIXES = ("https://schema.oparl.org/1.1/", "https://schema.oparl.org/1.0/",
                  "http://oparl.org/schema/1.0/")


@dataclass(frozen=True)
class Endpoint:
    """A configured OParl base URL, normalised: ``scheme://host[:port]`` plus a path ending in /."""

    scheme: str
    host: str
    port: int
    path: str

    @property
    def origin(self) -> str:
        default = _DEFAULT_PORTS[self.scheme] == self.port
        return f"{self.scheme}://{self.host}" + ("" if default else f":{self.port}")

    def __str__(self) -> str:
        return self.origin + self.path

    def covers(self, scheme: str, host: str, port: int, path: str) -> bool:
        if (scheme, host, port) != (self.scheme, self.host, self.port):
            return False
        return path == self.path.rstrip("/") or path.startswith(self.path) or self.path == "/"


@dataclass(frozen=True)
class _Parts:
    scheme: str
    host: str
    port: int
    path: str
    query: str


def _invalid(url: object) -> DomainError:
    shown = url if isinstance(url, str) else repr(url)
    return DomainError("oparl_url_invalid", "not a usable http(s) address", url=shown[:200])


def _split(url: object) -> _Parts:
    """Split and normalise an absolute http(s) URL, refusing anything ambiguous."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL_LENGTH:
        raise _invalid(url)
    if _FORBIDDEN_CHARS.search(url) or not url.isascii():
        raise _invalid(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _invalid(url) from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        raise _invalid(url)
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise DomainError("oparl_url_invalid", "no user name or password in the address", url=url[:200])
    host = (parts.hostname or "").lower()
    if not _HOST.match(host) or (host.replace(".", "").isdigit() and host.count(".") != 3):
        raise _invalid(url)  # names and dotted IPv4 only (no IPv6 literals, no decimal integers)
    if parts.netloc.endswith(":"):
        raise _invalid(url)
    path = parts.path or "/"
    if _ENCODED_SEPARATORS.search(path):
        raise _invalid(url)
    segments = path.split("/")
    if any(unquote(s) in (".", "..") for s in segments):
        raise _invalid(url)
    return _Parts(scheme, host, port if port is not None else _DEFAULT_PORTS[scheme], path, parts.query)


def parse_endpoints(value: str | Iterable[str] | None) -> tuple[Endpoint, ...]:
    """The configured ``OPARL_ENDPOINTS`` (comma-separated or a list); ValueError when one is bad."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    endpoints = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            parts = _split(item)
        except DomainError:
            raise ValueError(f"OPARL_ENDPOINTS: {item!r} is not an http(s) base URL") from None
        if parts.query:
            raise ValueError(f"OPARL_ENDPOINTS: {item!r} must not have a query")
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        endpoints.append(Endpoint(parts.scheme, parts.host, parts.port, path))
    return tuple(endpoints)


def allowed_url(url: object, endpoints: Iterable[Endpoint]) -> str:
    """The normalised URL if it lies under one of the endpoints; else a DomainError (→ 422)."""
    endpoints = tuple(endpoints)
    if not endpoints:
        raise DomainError("oparl_not_configured", "no OParl endpoint is configured")
    parts = _split(url.strip() if isinstance(url, str) else url)
    for endpoint in endpoints:
        if endpoint.covers(parts.scheme, parts.host, parts.port, parts.path):
            origin = Endpoint(parts.scheme, parts.host, parts.port, "/").origin
            return origin + parts.path + (f"?{parts.query}" if parts.query else "")
    raise DomainError("oparl_url_not_allowed", "not under a configured OParl endpoint",
                      url=str(url)[:200], endpoints=", ".join(str(e) for e in endpoints))


def resolve(base: str, location: str, endpoints: Iterable[Endpoint]) -> str:
    """A link found in a response (redirect, next page), resolved and checked like any URL."""
    return allowed_url(urljoin(base, location), endpoints)


def check_paper_urls(values: object, endpoints: Iterable[Endpoint]) -> list[str]:
    """The whole new set of linked URLs, each checked; duplicates dropped, order kept."""
    if not isinstance(values, list):
        raise DomainError("council_papers_invalid", "council_papers must be a list of URLs")
    if len(values) > MAX_PAPERS:
        raise DomainError("council_papers_too_many", "too many council papers", max_count=MAX_PAPERS)
    endpoints = tuple(endpoints)
    result: list[str] = []
    for value in values:
        url = allowed_url(value, endpoints)
        if url not in result:
            result.append(url)
    return result


# --- what a fetched object says ------------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What we keep of an OParl object: enough to cite it and link to its web page."""

    kind: str
    name: str = ""
    reference: str = ""
    date: date | None = None
    paper_type: str = ""
    web: str = ""


class NotUsable(Exception):
    """A fetched answer that is JSON but not an object we can cite (``code`` says why)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code, self.detail = code, detail


def kind_of(data: Any) -> str | None:
    type_uri = data.get("type") if isinstance(data, dict) else None
    if not isinstance(type_uri, str):
        return None
    for prefix in _TYPE_PREFIXES:
        if type_uri.startswith(prefix):
            return KINDS.get(type_uri[len(prefix):]) or type_uri[len(prefix):].lower()
    return None


def _text(data: dict[str, Any], key: str, limit: int = 500) -> str:
    value = data.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def _day(value: Any) -> date | None:
    """An OParl ``date`` (YYYY-MM-DD) or the day of a ``date-time``."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _web(data: dict[str, Any]) -> str:
    web = data.get("web")
    if isinstance(web, str) and web.startswith(("https://", "http://")) and len(web) <= MAX_URL_LENGTH \
            and not _FORBIDDEN_CHARS.search(web):
        return web
    return ""


def facts_of(data: Any) -> Facts:
    """The facts of a Paper, Meeting, AgendaItem or Consultation; NotUsable for anything else."""
    if not isinstance(data, dict):
        raise NotUsable("not_oparl")
    kind = kind_of(data)
    if kind is None or kind not in KINDS.values():
        raise NotUsable("wrong_type", str(data.get("type", ""))[:100])
    if data.get("deleted") is True:
        raise NotUsable("deleted")
    if kind == PaperKind.PAPER:
        return Facts(kind, _text(data, "name"), _text(data, "reference", 100), _day(data.get("date")),
                     _text(data, "paperType", 200), _web(data))
    if kind == PaperKind.MEETING:
        return Facts(kind, _text(data, "name"), "", _day(data.get("start")), "", _web(data))
    if kind == PaperKind.AGENDA_ITEM:
        return Facts(kind, _text(data, "name"), _text(data, "number", 100), _day(data.get("start")),
                     _text(data, "result", 200), _web(data))
    return Facts(kind, _text(data, "role"), "", None, "", _web(data))  # consultation


def list_page(data: Any) -> tuple[list[Any], str | None]:
    """The items and the next page's URL (if any) of an OParl 1.1 list page."""
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise NotUsable("not_a_list")
    links = data.get("links")
    following = links.get("next") if isinstance(links, dict) else None
    return data["data"], following if isinstance(following, str) and following else None


def matches(query: str, data: Any) -> bool:
    """Case-insensitive: every word of the query occurs in the paper's name or reference."""
    if not isinstance(data, dict):
        return False
    haystack = f"{_text(data, 'reference')} {_text(data, 'name')}".casefold()
    words = query.casefold().split()
    return bool(words) and all(word in haystack for word in words)
