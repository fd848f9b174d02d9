"""What the participant pages and the participant API share: finding the workshop and the
participant of a request, the identity cookie, and the rate-limit keys and rules."""
from __future__ import annotations

from flask import abort, current_app, g, request
from flask_limiter.util import get_remote_address

from .. import access
from ..domain.joincodes import normalise
from ..extensions import db, limiter
from ..models import Participant, Workshop


def workshop_or_404(code: str) -> Workshop:
    workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=normalise(code)))
    if workshop is None:
        abort(404)
    g.workshop_languages = workshop.language_list  # narrows the language switch
    return workshop


def participant_of(workshop: Workshop) -> Participant | None:
    return access.current_participant(workshop)


def set_identity_cookie(response, workshop: Workshop, secret: str):
    response.set_cookie(
        access.participant_cookie_name(workshop), secret,
        max_age=current_app.config["PARTICIPANT_COOKIE_MAX_AGE"], httponly=True, samesite="Lax",
        secure=request.is_secure, path="/")
    return response


# --- rate limits ------------------------------------------------------------------------------

def _proposal_key() -> str:
    """Per participant, not per address: 150 phones on the venue Wi-Fi share one address."""
    code = (request.view_args or {}).get("code", "")
    workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=normalise(code)))
    participant = access.current_participant(workshop) if workshop else None
    return f"participant:{participant.id}" if participant else f"anonymous:{get_remote_address()}"


def mark_failed_guess() -> None:
    """An unknown code or a used/unknown token: counts toward the token-guessing limit."""
    g.failed_code_guess = True


def _guess_failed(_response) -> bool:
    return bool(g.get("failed_code_guess"))


proposal_limit = limiter.shared_limit(
    lambda: current_app.config["PROPOSAL_RATE_LIMIT"], scope="proposals", key_func=_proposal_key,
    methods=["POST"], deduct_when=lambda response: response.status_code in (201, 302, 303))
join_limit = limiter.shared_limit(
    lambda: current_app.config["JOIN_RATE_LIMIT"], scope="join", methods=["POST"])
guess_limit = limiter.shared_limit(
    lambda: current_app.config["TOKEN_GUESS_RATE_LIMIT"], scope="code-guess",
    deduct_when=_guess_failed)
