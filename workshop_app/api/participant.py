"""Participant endpoints of the JSON API (DESIGN §5). The HTML forms call the same services."""
from __future__ import annotations

from flask import jsonify, request
from flask_wtf.csrf import generate_csrf

from .. import access, guesses, participants_http
from ..domain.errors import DomainError
from ..domain.values import optional_int
from ..extensions import limiter
from ..i18n import current_language
from ..models import Participant, Proposal, VotingRound
from ..services import ballots, joining, proposals
from ..services.read_models import results, similar, snapshots
from . import bp
from .common import json_body
from .openapi_participant import PATHS, SCHEMAS


def joined_participant(workshop) -> Participant:
    participant = participants_http.participant_of(workshop)
    if participant is None:
        raise DomainError("not_joined", "Join the workshop first.")
    return participant


def _target(code: str) -> joining.JoinTarget:
    """The public workshop a code names; an unknown code (drafts and archived workshops look
    the same) spends a guess of the address: 404, or 429 once they are spent."""
    target = joining.resolve(code)
    if target is None:
        guesses.refuse_unknown()
        raise DomainError("unknown_code", "no public workshop has this code")
    return target


@bp.get("/workshops/<code>")
def workshop_facts(code: str):
    target = _target(code)
    refusal = joining.refusal(target)
    if refusal is not None:  # a group code or token of a join mode the workshop no longer uses
        raise refusal
    facts = {**snapshots.workshop_facts(target.workshop),
             "groups": snapshots.groups_payload(target.workshop),
             "fields": snapshots.fields_payload(target.workshop),
             "group": target.group.key if target.group else None,
             "csrf_token": generate_csrf()}
    return facts


@bp.post("/workshops/<code>/join")
@participants_http.join_limit
def join(code: str):
    target = _target(code)
    data = json_body()
    existing = participants_http.participant_of(target.workshop)
    if existing is not None:  # joined already (cookie or bearer): the same identity, not a new one
        return _json(_joined(existing, access.participant_secret(target.workshop)), 200)
    try:
        participant, secret = joining.join(target, group_key=data.get("group"), name=data.get("name"),
                                           token_code=data.get("token"), language=current_language())
    except DomainError as error:
        if error.code == "token_unknown":
            guesses.refuse_unknown()
        raise
    return participants_http.set_identity_cookie(_json(_joined(participant, secret), 201), target.workshop, secret)


def _joined(participant: Participant, secret: str) -> dict:
    return {"participant": {"id": participant.id, "group": participant.group.key,
                            "name": participant.display_name}, "token": secret}


@bp.put("/workshops/<code>/group")
def change_group(code: str):
    """Correct one's group until the first vote (409 ``group_locked`` after it)."""
    workshop = participants_http.workshop_or_404(code)
    participant = joining.change_group(joined_participant(workshop), json_body().get("group"))
    return {"participant": _joined(participant, "")["participant"]}


@bp.get("/workshops/<code>/state")
def participant_state(code: str):
    workshop = participants_http.workshop_or_404(code)
    return snapshots.participant_state(workshop, joined_participant(workshop))


@bp.post("/workshops/<code>/proposals")
@participants_http.proposal_limit
def submit_proposal(code: str):
    workshop = participants_http.workshop_or_404(code)
    participant = joined_participant(workshop)
    data = json_body()
    proposal = proposals.submit(participant.id, participant.workshop_id, title=data.get("title"), body=data.get("body"),
                                field=data.get("field"))
    return _json(_own(proposal), 201)


@bp.patch("/workshops/<code>/proposals/<int:proposal_id>")
@participants_http.edit_limit
def edit_proposal(code: str, proposal_id: int):
    """Under pre-moderation a published proposal keeps its wording; the change waits as
    ``pending`` until a moderator approves it."""
    workshop = participants_http.workshop_or_404(code)
    participant = joined_participant(workshop)
    data = json_body()
    proposals.own_proposal(participant.id, proposal_id)  # another's proposal: proposal_not_found, 404
    proposal = proposals.edit(participant.id, participant.workshop_id, proposal_id, title=data.get("title"),
                              body=data.get("body"), field=data.get("field", ...))
    return _own(proposal)


@bp.delete("/workshops/<code>/proposals/<int:proposal_id>")
def withdraw_proposal(code: str, proposal_id: int):
    workshop = participants_http.workshop_or_404(code)
    participant = joined_participant(workshop)
    proposals.own_proposal(participant.id, proposal_id)  # another's proposal: proposal_not_found, 404
    return _own(proposals.withdraw(participant.id, participant.workshop_id, proposal_id))


@bp.get("/workshops/<code>/similar")
@participants_http.similar_limit
def similar_proposals(code: str):
    workshop = participants_http.workshop_or_404(code)
    found = similar.hint(workshop, joined_participant(workshop), request.args.get("q", ""),
                         exclude=optional_int(request.args.get("exclude"), "exclude"))
    return found.as_dict(snapshots.proposal_payload)


@bp.put("/rounds/<int:round_id>/ballot")
@limiter.exempt  # no limit applies to ballots; skip the limiter's per-request bookkeeping
def put_ballot(round_id: int):
    data = json_body()
    votes = data.get("votes", None if data else {})  # a bare {} withdraws, like {"votes": {}}
    return ballots.cast(round_id, access.participant_secrets(), votes).as_dict()


@bp.get("/rounds/<int:round_id>/results")
def round_results(round_id: int):
    round_ = _round_or_404(round_id)
    staff = access.can_moderate(round_.workshop)
    if not staff and participants_http.participant_of(round_.workshop) is None:
        raise DomainError("not_joined", "Join the workshop first.")
    if not staff and not results.visible_to_participants(round_):
        raise DomainError("results_not_visible", "results are not shown yet")
    return results.results_payload(round_)


# --- helpers ---------------------------------------------------------------------------------

def _json(body, status: int):
    response = jsonify(body)
    response.status_code = status
    return response


def _own(proposal: Proposal) -> dict:
    return {**snapshots.proposal_payload(proposal, own=True),
            "editable": proposal.id in proposals.editable_ids(proposal.participant)}


def _round_or_404(round_id: int) -> VotingRound:
    round_ = ballots.find_round(round_id)
    if round_ is None:
        raise DomainError("round_not_found", "no such round")
    return round_


__all__ = ["PATHS", "SCHEMAS"]
