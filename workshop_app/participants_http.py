"""What the participant pages and the participant API share: finding the workshop and the
participant of a request, the identity cookie, and the rate-limit keys and rules. Neutral ground
for both blueprints (``participant`` and ``api``), so that neither imports the other."""
from __future__ import annotations

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from . import access, lookup
from .domain.joincodes import normalise
from .extensions import limiter
from .models import Participant, Workshop
from .services.joining import PUBLIC_STATES


def workshop_or_404(code: str) -> Workshop:
    """The public workshop of a participant page or endpoint. An unknown code — and a draft or
    archived workshop's, which must look the same — spends a guess of the address (429 when
    its budget is spent, else 404); a known one never does."""
    workshop = lookup.workshop_or_404(code, states=PUBLIC_STATES)
    g.workshop_languages = workshop.language_list  # narrows the language switch
    return workshop


def participant_of(workshop: Workshop) -> Participant | None:
    return access.current_participant(workshop)


def cookie_secure() -> bool:
    """Secure by configuration, like the session cookie: behind a TLS-terminating proxy the app
    itself sees plain HTTP, so ``request.is_secure`` would leave the identity cookie unprotected."""
    config = current_app.config
    return bool(config.get("SESSION_COOKIE_SECURE")) or config.get("PREFERRED_URL_SCHEME") == "https"


def set_identity_cookie(response, workshop: Workshop, secret: str):
    response.set_cookie(
        access.participant_cookie_name(workshop), secret,
        max_age=current_app.config["PARTICIPANT_COOKIE_MAX_AGE"], httponly=True, samesite="Lax",
        secure=cookie_secure(), path="/")
    return response


# --- rate limits ------------------------------------------------------------------------------

def _proposal_key() -> str:
    """Per participant, not per address: 150 phones on the venue Wi-Fi share one address."""
    workshop = lookup.workshop_by_code((request.view_args or {}).get("code", ""))
    participant = access.current_participant(workshop) if workshop else None
    return f"participant:{participant.id}" if participant else f"anonymous:{get_remote_address()}"


def _proposal_address_key() -> str:
    """Per workshop and address, whatever identity: a fresh identity cannot escape it."""
    code = normalise((request.view_args or {}).get("code", ""))
    return f"{code}:{get_remote_address()}"


def _proposal_stored(response) -> bool:
    return response.status_code in (201, 302, 303)


_participant_proposal_limit = limiter.shared_limit(
    lambda: current_app.config["PROPOSAL_RATE_LIMIT"], scope="proposals", key_func=_proposal_key,
    methods=["POST"], deduct_when=_proposal_stored)
_address_proposal_limit = limiter.shared_limit(
    lambda: current_app.config["PROPOSAL_ADDRESS_RATE_LIMIT"], scope="proposals-address",
    key_func=_proposal_address_key, methods=["POST"], deduct_when=_proposal_stored)


def proposal_limit(view):
    """Proposals: per participant (PROPOSAL_RATE_LIMIT), and per workshop and address
    (PROPOSAL_ADDRESS_RATE_LIMIT) so that joining again with a new identity does not reset it."""
    return _participant_proposal_limit(_address_proposal_limit(view))


# Changes of one's proposals (API PATCH and the edit form), per participant like proposals.
edit_limit = limiter.shared_limit(
    lambda: current_app.config["EDIT_RATE_LIMIT"], scope="proposal-edits", key_func=_proposal_key,
    methods=["POST", "PATCH"], deduct_when=lambda response: response.status_code in (200, 302, 303))
# Similar-proposal look-ups while typing: per participant (an address without identity counts as one).
similar_limit = limiter.shared_limit(
    lambda: current_app.config["SIMILAR_RATE_LIMIT"], scope="similar", key_func=_proposal_key,
    methods=["GET"])
join_limit = limiter.shared_limit(
    lambda: current_app.config["JOIN_RATE_LIMIT"], scope="join", methods=["POST"])
