"""What the projector shows: built from the database for the screen's snapshot and page.

The screen is addressed by a secret URL that anyone in the room may photograph, so everything
sent to it (page, snapshot, live events) carries exactly what it displays: published proposals'
titles, per-group join and vote counts, and results only while the screen shows them.
"""
from __future__ import annotations

from typing import Any

from ..domain.phases import WorkshopState
from ..extensions import db
from ..models import Proposal, Workshop
from ..models.base import utcnow
from . import audit, presence, results, snapshots, tx
from .audit import Actor

#: A screen secret works only while the workshop is being prepared or held.
SCREEN_STATES = (WorkshopState.DRAFT.value, WorkshopState.OPEN.value)
_WORKSHOP_KEYS = ("state", "timer_ends_at", "spotlight", "theme", "deleted")


def workshop_for_secret(secret: object) -> Workshop | None:
    """The workshop a screen secret opens; None for a wrong, rotated or retired one."""
    if not isinstance(secret, str) or not 0 < len(secret) <= 200:
        return None
    workshop = db.session.scalar(db.select(Workshop).filter_by(
        screen_secret_hash=Workshop.screen_digest(secret)))
    if workshop is None or not shows_screen(workshop):
        return None
    return workshop


def shows_screen(workshop: Workshop) -> bool:
    return workshop.state in SCREEN_STATES and workshop.anonymised_at is None


def reveal_link(actor: Actor, workshop: Workshop) -> None:
    """A moderator-link console asked to see the screen address: recorded, then shown."""
    with tx.write():
        audit.record(actor, "workshop.screen_link_shown", workshop, workshop_id=workshop.id,
                     process_id=workshop.process_id)


def room_state(workshop: Workshop) -> dict[str, Any]:
    """Everything staff see of the room (the moderator snapshot builds on it)."""
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


def screen_state(workshop: Workshop) -> dict[str, Any]:
    """The screen's snapshot (pushed on connect, and the JSON state a screen fetches after a
    version gap): the room state cut down to what the projector displays, plus the facts its
    panel is drawn from (``live_facts``)."""
    state = room_state(workshop)
    facts = state["workshop"]
    state["workshop"] = {key: facts[key] for key in ("code", "title", "state", "timer_ends_at")}
    state["presence"] = presence_payload(state["presence"])
    return {**state, **live_facts(workshop)}


def live_facts(workshop: Workshop) -> dict[str, Any]:
    """What decides the screen's panel besides proposals and counts, sent with every ``phase``,
    ``round`` and ``workshop`` event to screens (computed once per event for all of them): the
    panel's mode, the current round, its results only while the screen shows them, and the
    spotlighted proposal's card."""
    round_ = snapshots.current_round(workshop)
    mode = _mode(workshop, round_)
    facts: dict[str, Any] = {"mode": mode, "round": results.round_summary(round_) if round_ else None,
                             "results": None, "spotlight_card": None}
    if round_ is not None and _results_shown(workshop, round_, mode):
        facts["results"] = drawn_tally(round_.id)
    if mode == "spotlight":
        proposal = db.session.get(Proposal, workshop.spotlight_proposal_id)
        card = {"id": proposal.id, "title": proposal.title, "body": proposal.body or "", "row": None}
        if round_ is not None and round_.state == "closed" and workshop.phase == "results":
            tally = drawn_tally(round_.id)
            row = next((r for r in tally["results"] if r["proposal_id"] == proposal.id), None) if tally else None
            if row is not None:
                card["row"] = {key: row[key] for key in ("rank", "balanced_score", "carried_by_all")}
        facts["spotlight_card"] = card
    return facts


def drawn_tally(round_id: int) -> dict[str, Any] | None:
    """The ``tally`` event as screens and consoles get it: with what their bars draw."""
    round_ = results.round_facts(round_id)
    if round_ is None:
        return None
    return {"round_id": round_.id, "version": round_.version,
            **results.results_payload(round_, sequence=True, drawn=True)}


# --- live payloads for the screen (computed once per event, sent to the screen room) ----------

def presence_payload(summary: dict[str, Any]) -> dict[str, Any]:
    """Joined and voted per group (the join and vote panels); not who is connected."""
    return {"round_id": summary["round_id"],
            "groups": [{key: row[key] for key in ("key", "name", "joined", "voted")}
                       for row in summary["groups"]]}


def proposal_payload(proposal: dict[str, Any]) -> dict[str, Any]:
    """A published proposal's card (title, field); of any other only that it left the wall."""
    if proposal.get("state") == "published":
        return {key: proposal.get(key) for key in ("id", "title", "field", "state")}
    return {"id": proposal["id"], "state": proposal["state"]}


def workshop_payload(changes: dict[str, Any]) -> dict[str, Any]:
    """Of a settings change, what the screen shows: state, timer, spotlight, theme and title."""
    payload = {key: changes[key] for key in _WORKSHOP_KEYS if key in changes}
    if isinstance(changes.get("settings"), dict) and "title" in changes["settings"]:
        payload["settings"] = {"title": changes["settings"]["title"]}
    return payload


def tally_on_screen(workshop_id: int, round_id: int) -> bool:
    """Whether the screen shows this round's results right now (else it gets no tally)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not shows_screen(workshop):
        return False
    round_ = snapshots.current_round(workshop)
    return round_ is not None and round_.id == round_id and _results_shown(
        workshop, round_, _mode(workshop, round_))


def _results_shown(workshop: Workshop, round_, mode: str) -> bool:
    return mode == "results" or (mode == "vote" and round_.live_results)


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
    if _results_shown(workshop, round_, mode):
        view["results"] = result_rows(round_, view["groups"])
    if mode == "spotlight":
        proposal = db.session.get(Proposal, workshop.spotlight_proposal_id)
        view["spotlight"] = proposal
        if round_ is not None and round_.state == "closed" and workshop.phase == "results":
            rows = result_rows(round_, view["groups"])
            view["spotlight_row"] = next(
                (r for r in rows["rows"] if r["result"].proposal_id == proposal.id), None)
    return view
