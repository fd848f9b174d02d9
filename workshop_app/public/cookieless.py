"""The public pages set no cookie, not even for a visitor who brings one.

Flask writes the session cookie after every request that changed the session, and also
refreshes a permanent session (a signed-in organizer's) on every request. Neither happens for
the public blueprint: its responses never carry ``Set-Cookie`` and never ``Vary: Cookie``, so
that a town's website can embed the page without a cookie banner and caches can share it.
"""
from __future__ import annotations

from flask import request
from flask.sessions import SecureCookieSessionInterface


class CookielessPublicPages(SecureCookieSessionInterface):
    def save_session(self, app, session, response) -> None:
        if request.blueprint == "public":
            return
        super().save_session(app, session, response)
