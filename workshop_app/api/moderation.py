"""Moderation endpoints of the JSON API (DESIGN §5): the room, proposals, rounds, paper votes.

Authorised by access.require_moderator (session, moderator link, or an API key through
Flask-Login's request loader). Each endpoint calls the same service as the console's form.
"""
from __future__ import annotations

from .. import access
from ..domain.errors import DomainError
from ..extensions import db
from ..models import Proposal, VotingRound, Workshop
from ..services import (
    agenda,
    bulk_moderation,
    merging,
    moderation,
    paper,
    participants,
    room,
    rounds,
    screen,
    table_screen,
    voting_flow,
    workshops,
)
from ..services.read_models import console, presence, results, snapshots
from ..urls import screen_url
from . import bp
from .common import json_body, moderated_workshop
from .moderation_docs import PATHS  # noqa: F401  (merged into /api/v1/openapi.json)


def _round(round_id: int):
    round_ = db.get_or_404(VotingRound, round_id)
    return round_, access.require_moderator(round_.workshop)


def _proposal(proposal_id: int):
    proposal = db.get_or_404(Proposal, proposal_id)
    return proposal, access.require_moderator(proposal.workshop)


def _proposal_json(proposal: Proposal) -> dict:
    return snapshots.staff_proposal_payload(proposal)  # with a participant's pending edit, if any


def _round_json(round_: VotingRound) -> dict:
    return {**results.round_summary(round_), "proposals": results.round_proposal_ids(round_.id)}


@bp.get("/workshops/<code>/console")
def moderate_moderator_state(code: str):
    workshop, _actor = moderated_workshop(code)
    return console.moderator_state(workshop)


@bp.patch("/workshops/<code>")
def moderate_workshop_update(code: str):
    workshop, actor = moderated_workshop(code)
    body = json_body()
    if "phase" in body or "field" in body:
        room.change_phase(actor, workshop.id, body.get("phase", workshop.phase), field_id=body.get("field"))
    if "premoderation" in body or "theme" in body:
        room.update_settings(actor, workshop.id, premoderation=body.get("premoderation"), theme=body.get("theme"))
    if "close_shows_results" in body:
        voting_flow.set_close_shows_results(actor, workshop, body["close_shows_results"])
    return console.moderator_state(db.session.get(Workshop, workshop.id))


@bp.post("/workshops/<code>/timer")
def moderate_workshop_timer(code: str):
    workshop, actor = moderated_workshop(code)
    body = json_body()
    room.timer(actor, workshop.id, body.get("action"), body.get("seconds"))
    return {"timer_ends_at": snapshots.workshop_facts(workshop)["timer_ends_at"]}


@bp.post("/workshops/<code>/spotlight")
def moderate_workshop_spotlight(code: str):
    workshop, actor = moderated_workshop(code)
    target = room.spotlight(actor, workshop.id, json_body().get("proposal"))
    return {"spotlight": target.spotlight_proposal_id}


@bp.post("/workshops/<code>/screen-round")
def moderate_screen_round(code: str):
    workshop, actor = moderated_workshop(code)
    target = screen.show_round(actor, workshop, json_body().get("round"))
    return {"screen_round": target.screen_round_id}


@bp.get("/workshops/<code>/agenda")
def moderate_agenda(code: str):
    """The template's agenda and where the room stands on it (empty: the template has none)."""
    workshop, _actor = moderated_workshop(code)
    return {"agenda": agenda.agenda_of(workshop)}


@bp.post("/workshops/<code>/agenda/<step>")
def moderate_agenda_step(code: str, step: str):
    workshop, actor = moderated_workshop(code)
    return {"agenda": agenda.agenda_of(agenda.start(actor, workshop, step))}


@bp.post("/workshops/<code>/screen-table")
def moderate_screen_table(code: str):
    """One table's wall on the screen (null: the screen follows the phase again)."""
    workshop, actor = moderated_workshop(code)
    target = table_screen.show_table(actor, workshop, json_body().get("table_id"))
    return {"screen_table": target.screen_table_id}


@bp.post("/workshops/<code>/screen-secret")
def moderate_screen_secret(code: str):
    """A new screen address; the old one stops working and open screens are dropped."""
    workshop, actor = moderated_workshop(code)
    target = workshops.rotate_screen_secret(actor, workshop)
    return {"screen_url": screen_url(target)}


@bp.get("/workshops/<code>/participants")
def moderate_participants(code: str):
    """The participation monitor: counts and join bursts per group, and the latest joins."""
    workshop, _actor = moderated_workshop(code)
    keys = {g.id: g.key for g in workshop.groups}
    return {**presence.summary(workshop), "recent_joins": [
        {"id": p["id"], "group": keys.get(p["group_id"]), "name": p["name"],
         "joined_at": p["joined_at"].isoformat()} for p in presence.recent_joins(workshop)]}


@bp.delete("/workshops/<code>/participants/<int:participant_id>")
def moderate_participant_delete(code: str, participant_id: int):
    """Remove a participant (ballot stuffing): their ballots leave the tallies, their sockets go."""
    workshop, actor = moderated_workshop(code)
    return participants.remove(actor, workshop, [participant_id])


@bp.post("/workshops/<code>/moderator-proposals")
def moderate_moderator_proposal(code: str):
    workshop, actor = moderated_workshop(code)
    body = json_body()
    proposal = moderation.add(actor, workshop.id, title=body.get("title"), body=body.get("body", ""),
                              field=body.get("field"), from_paper=body.get("paper") is True)
    return _proposal_json(proposal), 201


@bp.post("/proposals/<int:proposal_id>/<any(publish, hide):action>")
def moderate_proposal_state(proposal_id: int, action: str):
    proposal, actor = _proposal(proposal_id)
    return _proposal_json(getattr(moderation, action)(actor, proposal.workshop_id, proposal.id))


@bp.post("/proposals/<int:proposal_id>/<any('approve-edit', 'reject-edit'):action>")
def moderate_proposal_pending_edit(proposal_id: int, action: str):
    """Decide on a participant's edit of a published proposal that waits (pre-moderation)."""
    proposal, actor = _proposal(proposal_id)
    decide = moderation.approve_edit if action == "approve-edit" else moderation.reject_edit
    return _proposal_json(decide(actor, proposal.workshop_id, proposal.id))


@bp.patch("/proposals/<int:proposal_id>")
def moderate_proposal_edit(proposal_id: int):
    proposal, actor = _proposal(proposal_id)
    body = json_body()
    return _proposal_json(moderation.edit(actor, proposal.workshop_id, proposal.id, title=body.get("title"),
                                          body=body.get("body"), field=body.get("field", ...)))


@bp.post("/proposals/<int:proposal_id>/merge")
def moderate_proposal_merge(proposal_id: int):
    """Merge this proposal (and ``also``) into ``into``; ``preview: true`` only reports."""
    proposal, actor = _proposal(proposal_id)
    body = json_body()
    also = body.get("also", [])
    if not isinstance(also, list):
        raise DomainError("invalid_choice", "also must be a list of proposal ids", field="also")
    sources = [proposal.id, *also]
    if body.get("preview") is True:
        return merging.preview(proposal.workshop_id, sources, body.get("into"))
    return _proposal_json(merging.merge_proposals(actor, proposal.workshop_id, sources, body.get("into")))


@bp.post("/proposals/<int:proposal_id>/split")
def moderate_proposal_split(proposal_id: int):
    """Undo the merge that took this proposal in (votes exactly as before the merge)."""
    proposal, actor = _proposal(proposal_id)
    sources = merging.split(actor, proposal.workshop_id, proposal.id)
    return {"proposals": [_proposal_json(p) for p in sources]}


@bp.post("/workshops/<code>/proposals/bulk")
def moderate_proposals_bulk(code: str):
    workshop, actor = moderated_workshop(code)
    body = json_body()
    changed = bulk_moderation.bulk(actor, workshop.id, body.get("proposals"), body.get("action"))
    return {"changed": [_proposal_json(p) for p in changed]}


@bp.post("/workshops/<code>/rounds")
def moderate_round_create(code: str):
    workshop, actor = moderated_workshop(code)
    body = json_body()
    round_ = rounds.create(actor, workshop.id, method=body.get("method"), budget=body.get("budget"),
                           max_per_proposal=body.get("max_per_proposal"), field=body.get("field"),
                           live_results=body.get("live_results", False), title=body.get("title", ""),
                           measures_of=body.get("measures_of"))
    return _round_json(round_), 201


@bp.post("/rounds/<int:round_id>/<any(start, open, close, publish, reset):action>")
def moderate_round_action(round_id: int, action: str):
    round_, actor = _round(round_id)
    if action == "reset":
        round_ = rounds.reset_round(actor, round_.id, confirm=json_body(allow_empty=True).get("confirm"))
    elif action == "start":  # open + the vote phase, in one transaction
        round_ = voting_flow.start_voting(actor, round_.id)
    elif action == "close":  # show_results absent: the workshop's remembered choice
        round_ = voting_flow.close_voting(actor, round_.id,
                                          show_results=json_body(allow_empty=True).get("show_results"))
    else:
        round_ = {"open": rounds.open_round, "publish": rounds.publish_results}[action](actor, round_.id)
    return _round_json(round_)


@bp.put("/rounds/<int:round_id>/paper/<group>")
def moderate_round_paper(round_id: int, group: str):
    round_, actor = _round(round_id)
    body = json_body()
    counted = paper.record(actor, round_, group, body.get("voters"), body.get("points", {}))
    return {"group": group, "voters": body.get("voters"), "points": {str(k): v for k, v in counted.items()}}


@bp.get("/rounds/<int:round_id>/moderator-results")
def moderate_round_results(round_id: int):
    """The results for moderators, also while the round is open or unpublished."""
    round_, _actor = _round(round_id)
    return results.results_payload(round_)
