"""Configuration: defaults → instance/config.py → environment → explicit overrides.

The layering is done by :func:`load_config`; the factory only calls it. Production checks live
here too, so that an unsafe deployment fails at start-up instead of in front of the council.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from .domain.oparl import parse_endpoints

#: Environment variables that override configuration keys of the same name.
ENV_KEYS = (
    "SECRET_KEY",
    "DATABASE_URL",
    "SOCKETIO_MESSAGE_QUEUE",
    "SOCKETIO_ASYNC_MODE",
    "PUBLIC_URL",
    "SESSION_COOKIE_SECURE",
    "RATELIMIT_STORAGE_URI",
    "WORKSHOP_ENV",
    "LANGUAGES",
    "ACCESSIBILITY_CONTACT",
    "RETENTION_DAYS",
    "TALLY_INTERVAL_SCREEN",
    "TALLY_INTERVAL_PARTICIPANT",
    "TRUSTED_PROXIES",
    "HTTP_HEADER_TIMEOUT",
    "OPARL_ENDPOINTS",
    "OPARL_BODY",
    "OPARL_TIMEOUT",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_FROM",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_TIMEOUT",
    "REMINDER_DAYS",
    "REMINDER_LANGUAGE",
)

_BOOL_KEYS = {"SESSION_COOKIE_SECURE", "MAIL_USE_TLS", "MAIL_USE_SSL"}
_FLOAT_KEYS = {"TALLY_INTERVAL_SCREEN", "TALLY_INTERVAL_PARTICIPANT", "HTTP_HEADER_TIMEOUT", "OPARL_TIMEOUT",
               "MAIL_TIMEOUT"}
_INT_KEYS = {"RETENTION_DAYS", "TRUSTED_PROXIES", "MAIL_PORT", "REMINDER_DAYS"}
_LIST_KEYS = {"LANGUAGES"}


class DefaultConfig:
    # from_object puts these very objects into each app's config, so the lists and the dict are
    # shared by every app: nothing changes them in place (database.py copies the engine options).
    WORKSHOP_ENV = "development"  # "production" turns on the safety checks
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    MAX_CONTENT_LENGTH = 256 * 1024  # no form or API body of this app comes near it
    MAX_IMPORT_LENGTH = 32 * 1024 * 1024  # JSON archives are the one large upload
    WTF_CSRF_TIME_LIMIT = 12 * 3600  # workshops are long; a form left open must still submit
    WTF_CSRF_SSL_STRICT = False  # the venue laptop often serves plain HTTP on the LAN
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 14 * 24 * 3600
    PARTICIPANT_COOKIE_NAME = "zw_participant"
    PARTICIPANT_COOKIE_MAX_AGE = 30 * 24 * 3600
    # German first; the languages German towns offer newcomers. Narrow with LANGUAGES=de,en.
    LANGUAGES: ClassVar[list[str]] = ["de", "en", "uk", "ar", "fa", "tr", "ru"]
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per 15 minutes"  # failed sign-ins per account and address
    LOGIN_ADDRESS_RATE_LIMIT = "30 per 15 minutes"  # failed sign-ins per address, any account
    LOGIN_SLOWDOWN_AFTER = 10  # failed sign-ins per account in an hour before attempts slow down
    LOGIN_SLOWDOWN_MAX = 5.0  # seconds: the longest wait before a password is checked
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are believed
    # (werkzeug's ProxyFix): 0 = none (direct), 1 = one nginx. Rate limits are per client
    # address; behind a proxy without this, every phone is the proxy's address.
    TRUSTED_PROXIES = 0
    HTTP_HEADER_TIMEOUT = 15.0  # seconds a client may take to send a request line and headers
    PROPOSAL_RATE_LIMIT = "20 per minute"
    EDIT_RATE_LIMIT = "10 per minute"  # a participant's changes of their proposals
    SIMILAR_RATE_LIMIT = "60 per minute"  # look-ups of similar proposals per participant (while typing)
    JOIN_RATE_LIMIT = "600 per minute"
    TOKEN_GUESS_RATE_LIMIT = "30 per minute"  # unknown codes per address; known codes never count
    # Proposals per workshop and address, whatever identity sends them: a client that drops its
    # identity and joins again gets a new per-participant budget, never a new one of these.
    PROPOSAL_ADDRESS_RATE_LIMIT = "100 per minute"
    # Participants of a workshop whose organizer set no cap of their own (about 3x a large room).
    PARTICIPANT_CAP_DEFAULT = 500
    SOCKETIO_MESSAGE_QUEUE: str | None = None
    SOCKETIO_ASYNC_MODE: str | None = None  # chosen by __main__ / tests; None = library default
    SOCKETIO_MAX_MESSAGE_BYTES = 16 * 1024
    SOCKETS_PER_PARTICIPANT = 5  # live sockets one participant token may hold (tabs, reconnects)
    TALLY_INTERVAL_SCREEN = 0.05  # seconds between coalesced tallies for screens/moderators
    TALLY_INTERVAL_PARTICIPANT = 1.0
    PUBLIC_URL: str | None = None  # e.g. http://192.168.1.20:5000 for the QR code
    ACCESSIBILITY_CONTACT: str | None = None  # statement page feedback contact when a process sets none
    RETENTION_DAYS = 180
    IMPLEMENTATION_YEARS = 3
    PRESENCE_INTERVAL = 1.0  # seconds between coalesced presence counts
    PROPOSAL_INTERVAL = 0.25  # seconds between coalesced proposal events per workshop
    SEND_FILE_MAX_AGE_DEFAULT = 3600  # static assets: an hour, so a workshop day reloads little
    COMPRESS_MIMETYPES: ClassVar[list[str]] = ["text/html", "text/css", "text/javascript", "application/javascript",
                                               "application/json", "image/svg+xml", "text/csv"]
    NAIVE_BROADCAST = False  # benchmark baseline: broadcast the full tally on every vote
    # Council information systems (OParl 1.1) whose papers goals and measures may cite: base URLs,
    # comma-separated. Only URLs under one of them are ever fetched (same scheme, host, port and
    # path prefix). Empty: linking council papers is off.
    OPARL_ENDPOINTS = ""
    OPARL_BODY: str | None = None  # the Body whose papers the search walks; default: the first one
    OPARL_TIMEOUT = 5.0  # seconds per fetch (connect, each read and the whole answer)
    OPARL_MAX_BYTES = 1_000_000  # a larger answer is refused
    OPARL_SEARCH_PAGES = 5  # list pages the paper search reads at most
    OPARL_SEARCH_TIMEOUT = 10.0  # seconds the paper search may take in all
    # Reminders by e-mail (`flask send-reminders`, mailer.py). Without MAIL_SERVER no mail is sent.
    MAIL_SERVER: str | None = None
    MAIL_PORT: int | None = None  # default 25, or 465 with MAIL_USE_SSL
    MAIL_FROM: str | None = None  # e.g. "Zielwerkstatt <zielwerkstatt@stadt.example>"
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_TLS = False  # STARTTLS (usually port 587)
    MAIL_USE_SSL = False  # implicit TLS (usually port 465)
    MAIL_TIMEOUT = 30.0  # seconds per SMTP operation
    REMINDER_DAYS = 30  # remind of open measures due within this many days (and overdue ones)
    REMINDER_LANGUAGE: str | None = None  # language of the mails; default BABEL_DEFAULT_LOCALE


def _coerce(key: str, value: str) -> Any:
    if key in _BOOL_KEYS:
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if key in _FLOAT_KEYS:
        return float(value)
    if key in _INT_KEYS:
        return int(value)
    if key in _LIST_KEYS:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def load_config(app, overrides: Mapping[str, Any] | None = None) -> None:
    """Fill ``app.config`` in the documented order and derive what depends on it."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for key in ENV_KEYS:
        if key in os.environ:
            app.config[key] = _coerce(key, os.environ[key])
    if overrides:
        app.config.update(overrides)

    instance = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
            app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'zielwerkstatt.sqlite'}"
        )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)
    parse_endpoints(app.config.get("OPARL_ENDPOINTS"))  # a malformed endpoint fails at start-up
    if app.config["WORKSHOP_ENV"] == "production":
        check_production(app.config)


def normalise_database_url(url: str) -> str:
    """Accept the ``postgres://`` URLs hosting panels hand out and pick the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance: Path) -> str:
    """A random key generated once per installation, so that no secret ever sits in the repo."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)  # database.private_instance narrows an old one
        key = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


class UnsafeConfiguration(RuntimeError):
    """Raised at start-up when production settings would put participants at risk."""


def check_production(config: Mapping[str, Any]) -> None:
    problems = []
    if len(str(config.get("SECRET_KEY", ""))) < 32:
        problems.append("SECRET_KEY must be set to at least 32 random characters")
    if config.get("DEBUG") or config.get("TESTING"):
        problems.append("DEBUG and TESTING must be off")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE must be on (serve over HTTPS)")
    if not config.get("WTF_CSRF_ENABLED", True):
        problems.append("CSRF protection must stay enabled")
    if str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite:///:memory:"):
        problems.append("an in-memory database loses everything on restart")
    if problems:
        raise UnsafeConfiguration("Refusing to start in production: " + "; ".join(problems))
