"""Security headers on every response, CSRF wiring, and trust in a reverse proxy's headers."""
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


def init_proxies(app) -> None:
    """Believe X-Forwarded-For/-Proto/-Host from ``TRUSTED_PROXIES`` proxies (0: from nobody).

    Called last in the factory, so that ProxyFix wraps the Socket.IO middleware as well: rate
    limits then see the client's address, and Engine.IO's origin check the https:// scheme and
    host the browser used. Never set it without a proxy that overwrites these headers — a
    client could then pick its own address and escape every per-address limit.
    """
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count < 0:
        raise ValueError("TRUSTED_PROXIES must be 0 or more")
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _set_headers(response):
    headers = response.headers
    policy = headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if "frame-ancestors 'none'" in policy:  # a page that lists who may frame it (public/ embed) says so by CSP
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if response.mimetype == "text/html" and request.endpoint != "static":
        # Pages carry CSRF tokens and personal state: never store them in shared caches.
        headers.setdefault("Cache-Control", "no-store")
    return response
