"""What the projector shows: built from the database for the screen's snapshot and page."""
from __future__ import annotations

from typing import Any

from ..extensions import db
from ..models import Proposal, Workshop
from . import presence, results, snapshots


def screen_state(workshop: Workshop) -> dict[str, Any]:
    round_ = snapshots.current_round(workshop)
    published = db.session.scalars(
        db.select(Proposal).filter_by(workshop_id=workshop.id, state="published").order_by(Proposal.id))
    return {
        "workshop": snapshots.workshop_facts(workshop),
        "phase": workshop.phase,
        "field": workshop.focus_field_id,
        "groups": snapshots.groups_payload(workshop),
        "fields": snapshots.fields_payload(workshop),
        "proposals": [snapshots.proposal_payload(p) for p in published],
        "presence": presence.summary(workshop),
        "round": results.round_summary(round_) if round_ else None,
        "spotlight": workshop.spotlight_proposal_id,
        "theme": workshop.screen_theme,
        "version": workshop.version,
    }
