"""What the moderator console needs: everything the screen shows plus moderation state."""
from __future__ import annotations

from typing import Any

from ..extensions import db
from ..models import Proposal, Workshop
from . import screen, snapshots


def moderator_state(workshop: Workshop) -> dict[str, Any]:
    state = screen.screen_state(workshop)
    everything = db.session.scalars(
        db.select(Proposal).filter_by(workshop_id=workshop.id).order_by(Proposal.id))
    state["proposals"] = [
        {**snapshots.proposal_payload(p), "body": p.body, "author": p.author_kind,
         "merged_into": p.merged_into_id}
        for p in everything]
    return state
