"""Waiting for what another thread does: the live layer's broadcasts, a server's socket bookkeeping.
One copy for every test that polls (they used to carry their own)."""
from __future__ import annotations

import time
from collections.abc import Callable


def until(predicate: Callable[[], object], timeout: float = 10.0, step: float = 0.02) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` seconds pass (then one last look). The
    timeout only bounds a failing test: a passing one returns as soon as the predicate holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


def events(sock, name: str, namespace: str = "/participant", wait: float = 2.0) -> list:
    """The payloads of the ``name`` events a Socket.IO test client has received on ``namespace``,
    waiting up to ``wait`` seconds for the first (an empty list when none came)."""
    deadline, found = time.monotonic() + wait, []
    while time.monotonic() < deadline:
        found += [e["args"][0] for e in sock.get_received(namespace) if e["name"] == name]
        if found:
            return found
        time.sleep(0.02)
    return found
