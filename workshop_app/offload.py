"""Run CPU-bound work (password hashing, PDF rendering) off the gevent event loop.

Under gevent every greenlet shares one OS thread: 200 ms of scrypt or a five-second PDF would
stall every socket of the room for that long. ``run_blocking`` hands such work to the hub's
thread pool, so that only the calling request waits. In the threading mode (tests, CLI) each
request already has a thread of its own, and the call runs in place.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _gevent_patched() -> bool:
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a dependency, but stay importable without it
        return False
    return bool(monkey.is_module_patched("threading"))


def run_blocking(function: Callable[..., T], *args, **kwargs) -> T:
    """Call ``function`` in a worker thread when serving under gevent; else call it directly.

    The function must not touch the request's database session or other greenlet-local state:
    pass it plain values and let it return plain values.
    """
    if not _gevent_patched():
        return function(*args, **kwargs)
    from gevent import get_hub

    return get_hub().threadpool.apply(function, args, kwargs)
