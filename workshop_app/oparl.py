"""Fetching OParl objects and searching a body's papers — carefully.

Every URL (the one asked for, every redirect hop, every ``links.next``) is checked against the
configured ``OPARL_ENDPOINTS`` before a connection is made, so the server can never be made to
fetch an internal address. Each request has connect and read timeouts plus an overall deadline,
stops reading at ``OPARL_MAX_BYTES``, and accepts JSON only. Nothing here touches the database:
callers pass plain values (``Settings``) and get plain values back, so the work can run in a
worker thread (``offload.run_blocking``) while the room keeps going.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import requests
import urllib3

from .domain import oparl
from .domain.errors import DomainError
from .domain.oparl import Endpoint, Facts, NotUsable

MAX_REDIRECTS = 3


@dataclass(frozen=True)
class Settings:
    endpoints: tuple[Endpoint, ...]
    timeout: float = 5.0  # seconds: connect, each read, and the whole answer
    max_bytes: int = 1_000_000
    body: str | None = None  # the body whose papers are searched; default: the system's first
    search_pages: int = 5
    search_timeout: float = 10.0

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(endpoints=oparl.parse_endpoints(config.get("OPARL_ENDPOINTS")),
                   timeout=float(config.get("OPARL_TIMEOUT", 5.0)),
                   max_bytes=int(config.get("OPARL_MAX_BYTES", 1_000_000)),
                   body=config.get("OPARL_BODY") or None,
                   search_pages=int(config.get("OPARL_SEARCH_PAGES", 5)),
                   search_timeout=float(config.get("OPARL_SEARCH_TIMEOUT", 10.0)))


class FetchError(Exception):
    """Why an object could not be fetched: a stable ``code`` (translated for people) + detail."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


def _read_json(response: requests.Response, settings: Settings, deadline: float) -> Any:
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if kind != "application/json" and not (kind.startswith("application/") and kind.endswith("+json")):
        raise FetchError("not_json", kind or "-")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise FetchError("too_large", declared)
    if response.headers.get("Content-Encoding", "identity").strip().lower() not in ("", "identity"):
        raise FetchError("not_json", response.headers["Content-Encoding"][:50])  # we asked for identity
    chunks, size = [], 0
    while True:  # read1: at most one socket read each, so the deadline is checked between reads
        chunk = response.raw.read1(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > settings.max_bytes:
            raise FetchError("too_large", str(size))
        if time.monotonic() > deadline:
            raise FetchError("timeout")
        chunks.append(chunk)
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        raise FetchError("invalid_json") from None


def get_json(url: str, settings: Settings, *, deadline: float | None = None) -> tuple[str, Any]:
    """GET one allowed URL (following only allowed redirects) → (final URL, parsed JSON)."""
    deadline = min(deadline or float("inf"), time.monotonic() + settings.timeout)
    try:
        current = oparl.allowed_url(url, settings.endpoints)
    except DomainError as error:
        raise FetchError("not_allowed", error.code) from None
    with requests.Session() as session:
        session.trust_env = False  # no proxies or .netrc credentials from the environment
        for _hop in range(MAX_REDIRECTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchError("timeout")
            try:
                response = session.get(current, allow_redirects=False, stream=True,
                                       timeout=(min(remaining, settings.timeout), min(remaining, settings.timeout)),
                                       headers={"Accept": "application/json", "Accept-Encoding": "identity"})
            except requests.Timeout:
                raise FetchError("timeout") from None
            except requests.RequestException:
                raise FetchError("unreachable") from None
            with response:
                if response.is_redirect:
                    try:
                        current = oparl.resolve(current, response.headers.get("Location", ""), settings.endpoints)
                    except DomainError:
                        raise FetchError("redirect_refused", response.headers.get("Location", "")[:200]) from None
                    continue
                if response.status_code != 200:
                    raise FetchError("http_status", str(response.status_code))
                try:
                    return current, _read_json(response, settings, deadline)
                except (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
                    raise FetchError("timeout") from None
                except (requests.RequestException, urllib3.exceptions.HTTPError, OSError):
                    raise FetchError("unreachable") from None
        raise FetchError("redirect_refused", "too many redirects")


def fetch_facts(url: str, settings: Settings) -> Facts:
    """The citeable facts of one Paper/Meeting/AgendaItem/Consultation, or FetchError."""
    _final, data = get_json(url, settings)
    try:
        return oparl.facts_of(data)
    except NotUsable as problem:
        raise FetchError(problem.code, problem.detail) from None


# --- search -----------------------------------------------------------------------------------

@dataclass
class SearchResult:
    hits: list[dict] = field(default_factory=list)  # {"url", "name", "reference", "date", "paper_type", "web"}
    pages: int = 0
    complete: bool = True  # False: stopped at the page limit, the deadline or an error
    error: str | None = None  # the FetchError code that stopped the search, if any


def _paper_list_url(settings: Settings, deadline: float) -> str:
    if settings.body:
        _url, body = get_json(settings.body, settings, deadline=deadline)
    else:
        if not settings.endpoints:
            raise FetchError("not_allowed", "oparl_not_configured")
        system_url, system = get_json(str(settings.endpoints[0]), settings, deadline=deadline)
        bodies = system.get("body") if isinstance(system, dict) else None
        if not isinstance(bodies, str):
            raise FetchError("not_oparl", "System.body")
        _list_url, page = get_json(oparl.resolve(system_url, bodies, settings.endpoints), settings, deadline=deadline)
        try:
            items, _next = oparl.list_page(page)
        except NotUsable as problem:
            raise FetchError(problem.code) from None
        body = next((b for b in items if isinstance(b, dict)), None)
        if body is None:
            raise FetchError("not_oparl", "no Body")
    papers = body.get("paper") if isinstance(body, dict) else None
    if not isinstance(papers, str):
        raise FetchError("not_oparl", "Body.paper")
    return papers


def search_papers(query: str, settings: Settings, *, limit: int = 20) -> SearchResult:
    """Papers of the configured body whose name or reference contains every word of ``query``,
    walking the paginated ``paper`` list for at most ``search_pages`` pages and ``search_timeout``."""
    result = SearchResult()
    deadline = time.monotonic() + settings.search_timeout
    try:
        url: str | None = oparl.allowed_url(_paper_list_url(settings, deadline), settings.endpoints)
        while url and result.pages < settings.search_pages and len(result.hits) < limit:
            final, page = get_json(url, settings, deadline=deadline)
            items, following = oparl.list_page(page)
            result.pages += 1
            for item in items:
                if oparl.matches(query, item) and isinstance(item.get("id"), str):
                    try:
                        facts = oparl.facts_of(item)
                        paper_url = oparl.allowed_url(item["id"], settings.endpoints)
                    except (NotUsable, DomainError):
                        continue
                    result.hits.append({"url": paper_url, "name": facts.name, "reference": facts.reference,
                                        "date": facts.date, "paper_type": facts.paper_type, "web": facts.web})
                    if len(result.hits) >= limit:
                        break
            url = oparl.resolve(final, following, settings.endpoints) if following else None
        result.complete = url is None
    except FetchError as error:
        result.complete, result.error = False, error.code
    except NotUsable as problem:
        result.complete, result.error = False, problem.code
    except DomainError:
        result.complete, result.error = False, "not_allowed"
    return result
