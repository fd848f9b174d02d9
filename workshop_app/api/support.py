"""Supporting a proposal instead of writing a duplicate (issue 17, item 1): ``POST`` and
``DELETE /api/v1/proposals/{id}/support``. Both are idempotent and answer the proposal's count
and whether the caller supports it now. The phone page's form calls the same service."""
from __future__ import annotations

from flask import abort, make_response

from .. import participants_http
from ..errors import error_response
from ..extensions import db
from ..messages import MESSAGES
from ..models import Participant, Proposal
from ..services import support
from . import bp


def _caller(proposal_id: int) -> Participant:
    """The participant of the proposal's workshop who sends the request (401 if none)."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None:
        abort(make_response(error_response(404, "no_such_proposal", str(MESSAGES["no_such_proposal"]))))
    participant = participants_http.participant_of(proposal.workshop)
    if participant is None:
        abort(make_response(error_response(401, "not_joined", str(MESSAGES["not_joined"]))))
    return participant


@bp.post("/proposals/<int:proposal_id>/support")
def support_proposal(proposal_id: int):
    caller = _caller(proposal_id)
    return support.support(caller.id, caller.workshop_id, proposal_id).as_dict()


@bp.delete("/proposals/<int:proposal_id>/support")
def withdraw_support(proposal_id: int):
    caller = _caller(proposal_id)
    return support.withdraw(caller.id, caller.workshop_id, proposal_id).as_dict()


_ID = {"name": "proposal_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_STATE = {"description": "The proposal's supporters now", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/SupportState"}}}}
_ERRORS = {str(s): {"$ref": f"#/components/responses/Error{s}"} for s in (400, 401, 404, 409, 422)}
_SECURITY = [{"participantToken": []}, {"participantCookie": [], "csrfHeader": []}]

PATHS: dict = {
    "/api/v1/proposals/{proposal_id}/support": {
        "post": {
            "tags": ["participant"], "summary": "Support a published proposal (idempotent)",
            "description": "A signal, not a vote: it never enters a tally. Only participants of "
                           "the proposal's workshop, only published proposals (409 "
                           "`proposal_not_supportable`), not one's own (422 `support_own`), "
                           "while the workshop is open (409 `workshop_not_open`). A second "
                           "POST changes nothing and answers the same.",
            "parameters": [_ID], "security": _SECURITY, "responses": {"200": _STATE, **_ERRORS}},
        "delete": {
            "tags": ["participant"], "summary": "Withdraw one's support (idempotent)",
            "parameters": [_ID], "security": _SECURITY, "responses": {"200": _STATE, **_ERRORS}},
    },
}

SCHEMAS: dict = {
    "SupportState": {"type": "object", "properties": {
        "proposal_id": {"type": "integer"}, "supporters": {"type": "integer"},
        "supported": {"type": "boolean", "description": "whether the caller supports it now"}}},
}
