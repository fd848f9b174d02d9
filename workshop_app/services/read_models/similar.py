"""The similar-proposal hint while a participant types (issue 14, item 13).

Published proposals are named with a link, so the person can support one instead of sending a
duplicate. Proposals still waiting for the moderators (and changes of wording that wait) count
too, but are never revealed: the hint only says that a similar one is waiting. The participant's
own waiting proposals are left out (they see them under "Your proposals").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_

from ...domain.measures import ProposalKind
from ...domain.phases import ProposalState
from ...domain.similarity import MAX_CANDIDATES, find_similar
from ...extensions import db
from ...models import Participant, Proposal, Workshop


@dataclass(frozen=True)
class Hint:
    published: list[tuple[Proposal, float]] = field(default_factory=list)
    waiting: bool = False  # a similar proposal (not the participant's) awaits approval

    def as_dict(self, payload) -> dict:
        return {"similar": [{**payload(p), "score": round(score, 1)} for p, score in self.published],
                "waiting": self.waiting}


def hint(workshop: Workshop, participant: Participant | None, text: object, *, limit: int = 3,
         exclude: int | None = None) -> Hint:
    """Bounded per lookup like the published search: the newest MAX_CANDIDATES of each kind,
    read as plain columns; only the published matches are loaded."""
    if not isinstance(text, str):
        return Hint()
    own = participant.id if participant is not None else None
    published = db.session.execute(
        db.select(Proposal.id, Proposal.title).filter_by(
            workshop_id=workshop.id, state=ProposalState.PUBLISHED.value, kind=ProposalKind.GOAL)  # not measures
        .order_by(Proposal.id.desc()).limit(MAX_CANDIDATES)).all()
    matches = find_similar(text, ((row.id, row.title) for row in published if row.id != exclude),
                           limit=limit)
    waiting_rows = db.session.execute(
        db.select(Proposal.id, Proposal.state, Proposal.title, Proposal.pending_title)
        .where(Proposal.workshop_id == workshop.id, Proposal.id != (exclude or 0), Proposal.kind == ProposalKind.GOAL,
               or_(Proposal.participant_id.is_(None), Proposal.participant_id != (own or 0)),
               (Proposal.state == ProposalState.PENDING.value) | Proposal.pending_since.is_not(None))
        .order_by(Proposal.id.desc()).limit(MAX_CANDIDATES)).all()
    waiting = [(row.id, row.title if row.state == ProposalState.PENDING.value else row.pending_title)
               for row in waiting_rows]
    return Hint(published=[(db.session.get(Proposal, pid), score) for pid, score in matches],
                waiting=bool(find_similar(text, ((pid, title) for pid, title in waiting if title),
                                          limit=1)))
