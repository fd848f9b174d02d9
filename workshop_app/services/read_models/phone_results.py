"""Results a participant may open on the phone: every round whose results are visible to
participants (published after closing, or live while open), newest first — not only the newest
round's (issue 14, item 4)."""
from __future__ import annotations

from typing import Any

from ...domain.phases import RoundState
from ...extensions import db
from ...models import VotingRound, Workshop
from . import results

#: A workshop rarely has more; the page stays small on a phone.
MAX_ROUNDS = 30


def participant_results(workshop: Workshop) -> list[dict[str, Any]]:
    rounds = db.session.scalars(
        db.select(VotingRound).where(VotingRound.workshop_id == workshop.id,
                                     VotingRound.state != RoundState.DRAFT.value)
        .order_by(VotingRound.opened_at.desc(), VotingRound.id.desc()).limit(MAX_ROUNDS)).all()
    return [results.results_payload(round_) for round_ in rounds
            if results.visible_to_participants(round_)]
