"""Absolute addresses that leave the app (QR codes, printed sheets, the start-up banner), and
the one check of a local ``next`` address.

Phones must reach them, so they use PUBLIC_URL when set (e.g. http://192.168.1.20:5000 on the
venue network) rather than whatever address the projector PC happened to use.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import click
from flask import current_app, request, url_for


def public_base() -> str:
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if request:
        return request.host_url.rstrip("/")
    return "http://127.0.0.1:5000"


def external(endpoint: str, **values) -> str:
    return public_base() + url_for(endpoint, **values)


def safe_next(target: str | None) -> str:
    """Only local paths: a language link must not become an open redirect."""
    if not target:
        return url_for("pages.index")
    # Control characters would split the Location header (CR/LF) or be dropped by browsers
    # (tab, so "/\t/evil" becomes "//evil"); a backslash counts as a slash in browsers.
    if any(ord(c) < 0x20 or ord(c) == 0x7F or c == "\\" for c in target):
        return url_for("pages.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.index")
    return target


def table_qr_url(table) -> str:
    """What a table's QR code holds: join the workshop (if needed) and sit at this table."""
    from .services.tables import qr_token

    return external("participant.table_qr", code=table.workshop.join_code, table_id=table.id,
                    token=qr_token(table))


def screen_url(workshop) -> str | None:
    """The projector's address, or None when it can no longer be shown: its sealed copy opens
    only under the secret key it was made with, so after a key change staff make a new one."""
    from .secrets_store import SealBroken

    try:
        return external("screen.show", secret=workshop.screen_secret)
    except SealBroken:
        return None


def print_demo_urls(demo) -> None:
    base = current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context(base_url=base):
        workshop = demo.workshop
        lines = [
            "",
            "Zielwerkstatt is running.",
            f"  Organizer login:  {external('auth.login')}",
            f"      email:        {demo.email}",
            f"      password:     {demo.password}",
            f"  Moderator link:   {external('moderator.redeem_link', secret=demo.moderator_secret)}",
            f"  Screen:           {screen_url(workshop) or 'make a new screen address in the console'}",
            f"  Join (phones):    {external('participant.join_code', code=workshop.join_code)}",
            f"      code:         {workshop.join_code}",
            "",
        ]
    click.echo("\n".join(lines))


def local_address() -> str:
    """The machine's address on the venue network, for the QR code when serving on 0.0.0.0."""
    import socket

    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"
    return address
