"""The websites that may embed a process's public progress page (CSP ``frame-ancestors``).

An organizer lists the origins of the town's website, e.g. ``https://www.musterstadt.de``. Each
becomes a source of the ``frame-ancestors`` directive, so it must be exactly an origin: scheme
``https`` or ``http``, a host name or IP address, an optional port — no path, query, user name,
wildcard, quote or semicolon that could widen or break the policy.
"""
from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from typing import Final

from .errors import DomainError

__all__ = ["MAX_ORIGINS", "normalise_origin", "normalise_origins"]

MAX_ORIGINS: Final = 10
_ORIGIN = re.compile(r"(?P<scheme>https?)://(?P<host>\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?/?",
                     re.IGNORECASE)
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def _valid_host(host: str) -> bool:
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if len(host) > 253:
        return False
    return all(_LABEL.fullmatch(label) for label in host.split("."))


def normalise_origin(value: str) -> str:
    """``value`` as a lower-case origin without a trailing slash, or ``invalid_origin``."""
    text = value.strip() if isinstance(value, str) else ""
    match = _ORIGIN.fullmatch(text)
    if not match or not _valid_host(match["host"].lower()):
        raise DomainError("invalid_origin", f"not an origin: {text[:80]!r}", field="embed_origins",
                          origin=text[:80])
    scheme, host, port = match["scheme"].lower(), match["host"].lower(), match["port"]
    if port is not None:
        number = int(port)
        if not 0 < number < 65536:
            raise DomainError("invalid_origin", "port out of range", field="embed_origins", origin=text[:80])
        if (scheme, number) in (("https", 443), ("http", 80)):
            port = None
        else:
            port = str(number)
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def normalise_origins(values: Iterable[str] | str) -> list[str]:
    """A list of origins (or text with one per line or separated by commas), deduplicated."""
    if isinstance(values, str):
        values = re.split(r"[\r\n,]+", values)
    elif isinstance(values, (bytes, dict)) or not isinstance(values, Iterable):
        raise DomainError("invalid_origin", "a list of origins", field="embed_origins", origin="")
    result: list[str] = []
    for value in values:
        if isinstance(value, str) and not value.strip():
            continue
        origin = normalise_origin(value)
        if origin not in result:
            result.append(origin)
    if len(result) > MAX_ORIGINS:
        raise DomainError("too_many_origins", "too many origins", field="embed_origins",
                          max_count=MAX_ORIGINS)
    return result
