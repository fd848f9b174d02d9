"""Security headers on every response and CSRF wiring."""
from __future__ import annotations

from flask import request

from .extensions import csrf

# No inline scripts or styles, nothing from other hosts; the socket connects to our own origin.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def init_app(app) -> None:
    csrf.init_app(app)
    app.after_request(_set_headers)


def _set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if response.mimetype == "text/html" and request.endpoint != "static":
        # Pages carry CSRF tokens and personal state: never store them in shared caches.
        headers.setdefault("Cache-Control", "no-store")
    return response
