"""Bulk moderation of the proposal queue: publish or hide several proposals in one step.

One transaction: either every chosen proposal ends in the wanted state or none changes (a refusal
names the proposal). Proposals already in that state are left as they are. Each change is the
single action's (services.moderation), so it is audited and pushed the same way.
"""
from __future__ import annotations

from typing import Any

from ..domain.errors import DomainError
from ..domain.phases import ProposalState
from ..models import Proposal
from . import moderation
from .plumbing import locking, tx
from .plumbing.audit import Actor

ACTIONS = {"publish": ProposalState.PUBLISHED, "hide": ProposalState.HIDDEN}
MAX_BULK = 500


def _ids(values: Any) -> list[int]:
    if not isinstance(values, list) or not values:
        raise DomainError("proposals_required", "choose at least one proposal", field="proposal")
    if len(values) > MAX_BULK:
        raise DomainError("too_many_proposals", "too many proposals at once", max_count=MAX_BULK)
    if any(not isinstance(v, int) or isinstance(v, bool) or not 0 < v < 2**31 for v in values):
        raise DomainError("invalid_choice", "proposals are named by their ids", field="proposal")
    return sorted(set(values))


def bulk(actor: Actor, workshop_id: int, proposal_ids: Any, action: str) -> list[Proposal]:
    """Publish (or show again) or hide the chosen proposals; returns those that changed."""
    if not isinstance(action, str) or action not in ACTIONS:
        raise DomainError("invalid_choice", "unknown action", field="action")
    ids, target = _ids(proposal_ids), ACTIONS[action]
    changed = []
    with tx.write():
        locked = locking.lock_workshop(workshop_id)
        for proposal_id in ids:
            proposal = moderation.proposal_in(locked.id, proposal_id)
            if proposal.state == target.value:
                continue
            try:
                changed.append(getattr(moderation, action)(actor, locked.id, proposal_id))
            except DomainError as error:
                raise DomainError("bulk_refused", error.message, title=proposal.title,
                                  reason=error.code) from error
    return changed
