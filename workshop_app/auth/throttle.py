"""Sign-in throttling that slows attackers without locking the real user out.

Three measures, all in the limiter's storage (memory, or Redis shared by every process):

* failed attempts per account *and* address (``LOGIN_RATE_LIMIT``): one guesser is stopped, but
  the account's owner signing in from another device or address is not refused;
* failed attempts per address, whatever the account (``LOGIN_ADDRESS_RATE_LIMIT``): random
  e-mails cannot buy unlimited scrypt work; behind a proxy set ``TRUSTED_PROXIES`` so that the
  address is the client's, not the proxy's;
* failed attempts per account from anywhere only *slow down* further attempts
  (``LOGIN_SLOWDOWN_AFTER`` failures in an hour, then a delay doubling from 0.25 s up to
  ``LOGIN_SLOWDOWN_MAX`` seconds). The right password still works, a little later.

The delay is a sleep: under gevent it parks only this request's greenlet.
"""
from __future__ import annotations

import time

from flask import current_app, request
from flask_limiter.util import get_remote_address
from limits import RateLimitItemPerHour

from ..extensions import limiter

_ACCOUNT_WINDOW = RateLimitItemPerHour(1_000_000)  # a counter, never a limit


def submitted_email() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


def account_address_key() -> str:
    return f"login:{submitted_email()}|{get_remote_address()}"


def address_key() -> str:
    return f"login-address:{get_remote_address()}"


def failed(response) -> bool:
    """Only failed attempts count (a successful sign-in redirects)."""
    return response.status_code != 302


def slowdown_seconds(failures: int, after: int, maximum: float) -> float:
    """No delay for the first ``after`` failures; then 0.25 s, doubling, at most ``maximum``."""
    if failures < after:
        return 0.0
    return min(float(maximum), 0.25 * 2 ** min(failures - after, 16))


def _counting() -> bool:
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def account_failures(email: str) -> int:
    if not _counting():
        return 0
    stats = limiter.limiter.get_window_stats(_ACCOUNT_WINDOW, "login-account", email)
    return _ACCOUNT_WINDOW.amount - stats.remaining


def slow_down(email: str) -> float:
    """Wait before checking a password of an account that many failures have hit lately."""
    config = current_app.config
    delay = slowdown_seconds(account_failures(email), config["LOGIN_SLOWDOWN_AFTER"],
                             config["LOGIN_SLOWDOWN_MAX"])
    if delay:
        time.sleep(delay)
    return delay


def record_failure(email: str) -> None:
    if _counting():
        limiter.limiter.hit(_ACCOUNT_WINDOW, "login-account", email)
