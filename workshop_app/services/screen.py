"""What the projector shows: built from the database for the screen's snapshot and page."""
from __future__ import annotations

from typing import Any

from ..extensions import db
from ..models import Proposal, Workshop
from ..models.base import utcnow
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


# --- the projector page's view model (one rendering path for the page and live updates) ------

def _mode(workshop: Workshop, round_) -> str:
    if workshop.spotlight_proposal_id is not None:
        return "spotlight"
    if workshop.state != "open" or workshop.phase == "lobby":
        return "join"
    if workshop.phase == "results" and round_ is not None and round_.state == "closed":
        return "results"
    if workshop.phase in ("vote", "results") and round_ is not None:
        return "vote"
    return "collect" if workshop.phase in ("collect", "vote", "results") else "join"


def result_rows(round_, groups) -> dict[str, Any]:
    """Ranked rows with one bar segment per group: each group's support per voter, divided by
    the number of groups that voted, so the segments add up to the group-balanced score."""
    outcome = results.compute(round_)
    voted = [g for g in groups if outcome.groups[g.key].voters > 0]
    top = max((r.balanced_score for r in outcome.results), default=0) or 1
    rows = []
    for result in outcome.results:
        x, segments = 0.0, []
        for group in voted:
            share = result.group_averages.get(group.key, 0) / len(voted) / top * 100
            if share > 0:
                segments.append({"group": group, "x": round(x, 3), "width": round(share, 3)})
                x += share
        rows.append({"result": result, "segments": segments,
                     "carried_by_all": result.carried_by_all,
                     "by_group": [(g, result.by_group[g.key]) for g in groups]})
    return {"rows": rows, "groups": outcome.groups, "voted_groups": voted,
            "total_voters": outcome.total_voters,
            "paper": any(r.paper_points for r in outcome.results)}


def _wall(workshop: Workshop, proposals: list[Proposal]) -> list[dict[str, Any]]:
    """Columns per field of action (in the process's order), newest card first."""
    fields = list(workshop.process.fields)
    if workshop.focus_field_id is not None:
        fields = [f for f in fields if f.id == workshop.focus_field_id]
    columns = [{"field": f, "index": i % 10 + 1, "proposals": []} for i, f in enumerate(fields)]
    by_id = {c["field"].id: c for c in columns}
    loose = {"field": None, "index": 9, "proposals": []}
    for proposal in sorted(proposals, key=lambda p: p.id, reverse=True):
        column = by_id.get(proposal.field_id) if proposal.field_id else loose
        if column is not None:
            column["proposals"].append(proposal)
    if loose["proposals"] and workshop.focus_field_id is None:
        columns.append(loose)
    return [c for c in columns if c["proposals"]] or columns[:3]


def timer_remaining(workshop: Workshop) -> int | None:
    if workshop.timer_ends_at is None:
        return None
    return max(0, int((workshop.timer_ends_at - utcnow()).total_seconds()))


def screen_view(workshop: Workshop) -> dict[str, Any]:
    round_ = snapshots.current_round(workshop)
    mode = _mode(workshop, round_)
    view: dict[str, Any] = {
        "workshop": workshop, "mode": mode, "round": round_, "groups": list(workshop.groups),
        "presence": presence.summary(workshop), "theme": workshop.screen_theme,
        "timer_ends_at": workshop.timer_ends_at, "version": workshop.version,
        "timer_seconds": timer_remaining(workshop),
    }
    if mode == "collect":
        published = db.session.scalars(db.select(Proposal).filter_by(
            workshop_id=workshop.id, state="published")).all()
        view["wall"] = _wall(workshop, list(published))
    if mode == "results" or (mode == "vote" and round_.live_results):
        view["results"] = result_rows(round_, view["groups"])
    if mode == "spotlight":
        proposal = db.session.get(Proposal, workshop.spotlight_proposal_id)
        view["spotlight"] = proposal
        if round_ is not None and round_.state == "closed" and workshop.phase == "results":
            rows = result_rows(round_, view["groups"])
            view["spotlight_row"] = next(
                (r for r in rows["rows"] if r["result"].proposal_id == proposal.id), None)
    return view
