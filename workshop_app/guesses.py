"""Failed code guesses: a budget per address that only unknown codes spend and only unknown codes
are refused for.

A code that names nothing (a workshop code, a group code or a printed token — or a workshop that
is not public: drafts and archived ones look exactly like unknown codes) costs its sender one guess
of ``TOKEN_GUESS_RATE_LIMIT``; once the budget is spent, further *unknown* codes answer 429 instead
of 404. A known code is never looked at by this budget: at a venue where every phone may share one
address, one client guessing must not lock the room out of the workshop it is in. The defence
against enumeration is the size of the code space (31**6 workshop and group codes, 31**8 tokens);
the budget keeps a guesser from getting answers about it at full speed.
"""
from __future__ import annotations

import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse
from werkzeug.exceptions import TooManyRequests

from .extensions import limiter

SCOPE = "code-guess"


def _item():
    return parse(current_app.config["TOKEN_GUESS_RATE_LIMIT"])


def spend() -> bool:
    """Count one unknown code of this request's address; False once the budget is spent."""
    if not getattr(limiter, "enabled", True):
        return True
    return limiter.limiter.hit(_item(), SCOPE, get_remote_address())


def refuse_unknown() -> None:
    """Spend a guess for an unknown code and answer 429 if the address has none left; the caller
    answers its usual 404 otherwise."""
    if not spend():
        error = TooManyRequests()
        try:
            reset, _remaining = limiter.limiter.get_window_stats(_item(), SCOPE, get_remote_address())
            error.retry_after = max(1, int(reset - time.time()))
        except Exception:  # noqa: BLE001 - a missing Retry-After is no reason to fail the answer
            pass
        raise error
