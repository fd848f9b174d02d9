"""Who is asking: organizer/moderator accounts, moderator links, API keys and participants.

Every check here is made on the server for every request and socket connection; templates only
hide what a user cannot do anyway.
"""
from __future__ import annotations

from flask import abort, current_app, g, request, session
from flask_login import current_user

from .domain.joincodes import hash_secret, secrets_equal
from .extensions import db, login_manager
from .models import ApiKey, Measure, Participant, Process, User, Workshop, WorkshopModerator
from .services import apikeys, processes
from .services.apikeys import PREFIX as API_KEY_PREFIX
from .services.plumbing.audit import Actor

MODERATOR_LINKS_KEY = "moderator_links"  # session: {workshop_id: secret hash}


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # No IP-bound session protection: phones roam between access points, and we store no IP
    # address, not even hashed in a cookie. Sign-out rotates the server-side session token instead.
    login_manager.session_protection = None
    # Flask-Login still writes "_id" = sha512(address | user agent) into the session at sign-in
    # (and computes it on every request); its only hook is this generator. A constant keeps the
    # promise that no address is stored, hashed or not.
    login_manager._session_identifier_generator = _no_identifier
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_api_user)


def _no_identifier() -> str:
    return ""


def _load_user(identity: str) -> User | None:
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not secrets_equal(user.session_token, token):
        return None
    return user


def _load_api_user(req) -> User | None:
    """API keys as ``Authorization: Bearer zwk_…`` for the organizer/moderator API — on the JSON
    API under /api/v1/ only: never on HTML pages (key management needs a signed-in session, so
    that a leaked key cannot mint keys that outlive its revocation) nor on sockets."""
    if req.blueprint != "api":
        return None
    key = bearer_token(req)
    if not key or not key.startswith(API_KEY_PREFIX):
        return None
    api_key = db.session.scalar(db.select(ApiKey).filter_by(key_hash=hash_secret(key)))
    if api_key is None or api_key.revoked_at is not None or not api_key.user.active:
        return None
    # Not a change to the loaded object: tx.write() starts by discarding pending changes, and an
    # autoflushed UPDATE would take SQLite's write lock outside the process's writer queue.
    apikeys.mark_used(api_key)
    g.api_key = api_key
    return api_key.user


def bearer_token(req=None) -> str | None:
    header = (req or request).headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def current_actor() -> Actor:
    if current_user.is_authenticated:
        via = "api_key" if getattr(g, "api_key", None) else "session"
        return Actor(label=current_user.email, user=current_user._get_current_object(), via=via)
    return Actor(label="moderator link", via="moderator_link")


# --- organizers and moderators -------------------------------------------------------------

def require_organizer() -> User:
    if not current_user.is_authenticated:
        abort(401)
    if not current_user.is_organizer:
        abort(403)
    return current_user._get_current_object()


def require_admin() -> User:
    user = require_organizer()
    if not user.is_admin:
        abort(403)
    return user


def require_session() -> User:
    """A signed-in browser session, not an API key (for managing keys and accounts)."""
    user = require_organizer()
    if getattr(g, "api_key", None) is not None:
        abort(403)
    return user


def can_manage_process(process_id: int) -> bool:
    """Admins: every process; organizers: the processes they own or are members of."""
    if not current_user.is_authenticated:
        return False
    return processes.may_manage(current_user._get_current_object(), process_id)


def require_process(process: Process | None) -> Process:
    """The process if the caller may see it; a 404 otherwise (its existence is not revealed)."""
    if process is None or not can_manage_process(process.id):
        abort(404)
    return process


def process_id_of(obj) -> int:
    """The process an organizer's object belongs to (a process, field, goal, measure, workshop)."""
    if isinstance(obj, Process):
        return obj.id
    if isinstance(obj, Measure):
        return obj.goal.process_id
    return obj.process_id


def require_visible(obj):
    """An organizer's object if the caller may manage its process; a 404 for a missing one and
    for one of another process alike, so that ids reveal nothing."""
    if obj is None or not can_manage_process(process_id_of(obj)):
        abort(404)
    return obj


def can_moderate(workshop: Workshop) -> bool:
    if current_user.is_authenticated:
        if current_user.is_organizer:
            return can_manage_process(workshop.process_id)
        return db.session.get(WorkshopModerator, (workshop.id, current_user.id)) is not None
    links = session.get(MODERATOR_LINKS_KEY) or {}
    stored = links.get(str(workshop.id))
    return bool(stored and workshop.moderator_secret_hash
                and secrets_equal(stored, workshop.moderator_secret_hash))


def require_moderator(workshop: Workshop) -> Actor:
    if not can_moderate(workshop):
        abort(403 if current_user.is_authenticated or session.get(MODERATOR_LINKS_KEY) else 401)
    return current_actor()


def remember_moderator_link(workshop: Workshop, secret: str) -> bool:
    """Redeem a moderator link: the session keeps the hash, so regenerating the link revokes it."""
    digest = hash_secret(secret)
    if not workshop.moderator_secret_hash or not secrets_equal(digest, workshop.moderator_secret_hash):
        return False
    links = dict(session.get(MODERATOR_LINKS_KEY) or {})
    links[str(workshop.id)] = digest
    session[MODERATOR_LINKS_KEY] = links
    session.permanent = True
    return True


# --- participants ----------------------------------------------------------------------------

def participant_cookie_name(workshop: Workshop) -> str:
    return f"{current_app.config['PARTICIPANT_COOKIE_NAME']}_{workshop.id}"


def participant_secret(workshop: Workshop) -> str | None:
    """The participant secret the request carries: a bearer token, else the workshop's cookie."""
    return _participant_bearer() or request.cookies.get(participant_cookie_name(workshop))


def participant_secrets() -> list[str]:
    """Every participant secret the request carries, for an endpoint that learns the workshop
    only from the database: the bearer token, else the participant cookies of all workshops."""
    if token := _participant_bearer():
        return [token]
    prefix = f"{current_app.config['PARTICIPANT_COOKIE_NAME']}_"
    return [value for name, value in request.cookies.items() if name.startswith(prefix)]


def _participant_bearer() -> str | None:
    """A bearer token that is not an organizer's API key: a participant's token."""
    token = bearer_token()
    return token if token and not token.startswith(API_KEY_PREFIX) else None


def find_participant(workshop: Workshop, secret: str | None) -> Participant | None:
    if not secret or len(secret) > 200:
        return None
    participant = db.session.scalar(
        db.select(Participant).filter_by(secret_hash=hash_secret(secret)))
    if participant is None or participant.workshop_id != workshop.id:
        return None
    return participant


def current_participant(workshop: Workshop) -> Participant | None:
    cache = g.setdefault("participants", {})
    if workshop.id not in cache:
        cache[workshop.id] = find_participant(workshop, participant_secret(workshop))
    return cache[workshop.id]
