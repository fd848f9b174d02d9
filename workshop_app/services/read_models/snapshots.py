"""Read models: the full state an audience needs, sent on (re)connect and by GET …/state.

Everything here is rebuilt from the database, so any process can serve any client.
"""
from __future__ import annotations

import time
from typing import Any

from flask import current_app
from sqlalchemy import Row

from ...domain.ballots import remaining_budget
from ...domain.measures import ProposalKind
from ...domain.phases import Phase, ProposalState, RoundState, WorkshopState
from ...extensions import db
from ...models import Ballot, FieldOfAction, Participant, Proposal, RoundItem, Vote, VotingRound, Workshop
from .. import measures, support
from ..tables import table_overview
from . import results
from .duplicates import similar_to

COLLECTING = frozenset({Phase.LOBBY.value, Phase.COLLECT.value})  # = proposals.COLLECTING
EDITABLE = frozenset({ProposalState.PENDING.value, ProposalState.PUBLISHED.value})


def current_round(workshop: Workshop) -> VotingRound | None:
    """The open round, else the most recently closed one (so phones can show its outcome)."""
    rounds = db.session.scalars(
        db.select(VotingRound).filter_by(workshop_id=workshop.id)
        .where(VotingRound.state != RoundState.DRAFT.value)
        .order_by(VotingRound.opened_at.desc(), VotingRound.id.desc())).all()
    for round_ in rounds:
        if round_.is_open:
            return round_
    return rounds[0] if rounds else None


def workshop_facts(workshop: Workshop) -> dict[str, Any]:
    return {
        "code": workshop.join_code, "title": workshop.title, "state": workshop.state,
        "venue": workshop.venue, "date": workshop.date.isoformat() if workshop.date else None,
        "join_mode": workshop.join_mode, "languages": workshop.language_list,
        "premoderation": workshop.premoderation, "process": workshop.process_id,
        "timer_ends_at": workshop.timer_ends_at.isoformat() if workshop.timer_ends_at else None,
    }


def groups_payload(workshop: Workshop) -> list[dict[str, Any]]:
    return [{"key": g.key, "name": g.name, "colour": g.colour_index, "description": g.description}
            for g in workshop.groups]


def fields_payload(workshop: Workshop) -> list[dict[str, Any]]:
    """The process's fields of action in their order (one statement: no process, no ORM rows)."""
    rows = db.session.execute(
        db.select(FieldOfAction.id, FieldOfAction.name, FieldOfAction.colour)
        .where(FieldOfAction.process_id == workshop.process_id).order_by(FieldOfAction.position))
    return [{"id": id_, "name": name, "colour": colour} for id_, name, colour in rows]


def proposal_payload(proposal: Proposal | Row, *, own: bool = False) -> dict[str, Any]:
    data = {"id": proposal.id, "number": proposal.number, "title": proposal.title,
            "field": proposal.field_id, "state": proposal.state}
    table = getattr(proposal, "table_id", None)  # the table it was written at (services.tables)
    if table is not None:
        data["table"] = table
    if getattr(proposal, "kind", ProposalKind.GOAL) == ProposalKind.MEASURE:  # the measures step (services.measures)
        data.update(measures.measure_payload(proposal))
    if own:  # the author also sees their rationale and a change that awaits approval
        data.update(body=proposal.body, own=True, pending=pending_edit(proposal))
    return data


def pending_edit(proposal: Proposal | Row) -> dict[str, Any] | None:
    """A participant's change of a published proposal that waits for the moderators, or None.
    Only for the author and for staff: the room sees the approved wording alone."""
    if proposal.pending_since is None:
        return None
    return {"title": proposal.pending_title, "body": proposal.pending_body,
            "field": proposal.pending_field_id, "since": proposal.pending_since.isoformat()}


def staff_proposal_payload(proposal: Proposal, similar: list[int] | None = None,
                           supporters: int | None = None) -> dict[str, Any]:
    """What moderators get of a proposal (live events, console JSON, moderation API), with
    ``similar``: the likely duplicates the console flags (services.read_models.duplicates), and
    ``supporters``: how many participants support it (services.support)."""
    return {**proposal_payload(proposal), "body": proposal.body, "author": proposal.author_kind,
            "merged_into": proposal.merged_into_id, "pending": pending_edit(proposal),
            "similar": similar_to(proposal) if similar is None else similar,
            "supporters": support.count_of(proposal.id) if supporters is None else supporters}


def ballot_of(round_: VotingRound, participant: Participant | None) -> dict[int, int]:
    """The participant's stored votes in the round, in one statement and without ORM objects."""
    if participant is None:
        return {}
    return dict(db.session.execute(
        db.select(Vote.proposal_id, Vote.value).join(Ballot, Ballot.id == Vote.ballot_id)
        .where(Ballot.round_id == round_.id, Ballot.participant_id == participant.id)).all())


def round_items(round_id: int) -> list[dict[str, Any]]:
    """What a phone's ballot lists: the round's frozen items that are still published, in the
    order shown on phones, with their public card (one statement, no ORM objects)."""
    rows = db.session.execute(
        db.select(Proposal.id, Proposal.number, Proposal.title, Proposal.field_id)
        .join(RoundItem, RoundItem.proposal_id == Proposal.id)
        .where(RoundItem.round_id == round_id, Proposal.state == ProposalState.PUBLISHED.value)
        .order_by(RoundItem.position, Proposal.id))
    return [{"id": id_, "number": number, "title": title, "field": field}
            for id_, number, title, field in rows]


PUBLIC_ROUND_CACHE_SIZE = 64


def public_round(round_: VotingRound, version: int | None = None) -> dict[str, Any]:
    """The round as every phone may see it: summary, items to vote on, and the results when
    they are visible to participants (the results endpoint's shape). Computed once per event
    for the whole room; the ``round``/``phase`` events and each snapshot carry it.

    Given the workshop ``version``, the payload is cached per app under the round, that version
    and the round's tally sequence — everything it is derived from (every change of the round,
    its items or titles moves the version; every ballot moves the sequence; a removal that lowers
    the sums moves the version). 2,000 phones reconnecting after a Wi-Fi drop then compute it
    once instead of 2,000 times. Each process keeps its own cache; losing it loses nothing."""
    if version is None:
        return _public_round(round_)
    # The round's own state is in the key too: it is on hand, and a write that changes it
    # without moving the version must still not be served the old payload.
    key = (round_.id, version, results.tally_sequence(round_.id), round_.state,
           round_.live_results, round_.results_published)
    # shared: callers copy before adding personal parts
    return _remembered("zw_public_rounds", key, lambda: _public_round(round_))


def _remembered(name: str, key: tuple, build, *, seconds: float | None = None) -> Any:
    """``build()`` kept in the app's cache ``name`` under ``key`` (for at most ``seconds``, if
    given). Keys carry the version they derive from, so old ones are never asked for again: a
    full cache is simply emptied. Each process keeps its own; losing it loses nothing."""
    cache = current_app.extensions.setdefault(name, {})
    now = time.monotonic()
    entry = cache.get(key)
    if entry is None or (seconds is not None and now - entry[0] > seconds):
        if len(cache) >= PUBLIC_ROUND_CACHE_SIZE:
            cache.clear()
        entry = cache[key] = (now, build())
    return entry[1]


def _public_round(round_: VotingRound) -> dict[str, Any]:
    visible = results.visible_to_participants(round_)
    return {
        **results.round_summary(round_),
        "proposals": results.round_proposal_ids(round_.id),
        "items": round_items(round_.id),
        "results_visible": visible,
        "results": results.results_payload(round_) if visible else None,
    }


def public_current_round(workshop: Workshop) -> dict[str, Any] | None:
    round_ = current_round(workshop)
    return public_round(round_) if round_ is not None else None


def round_payload(round_: VotingRound, participant: Participant | None,
                  version: int | None = None) -> dict[str, Any]:
    votes = ballot_of(round_, participant)
    return {
        **public_round(round_, version),
        "ballot": {"votes": {str(k): v for k, v in votes.items()}},
        "remaining": remaining_budget(round_.rules, votes),
    }


def collecting(workshop: Workshop) -> bool:
    """Whether phones may propose now (the page shows the proposal form)."""
    return workshop.state == WorkshopState.OPEN and workshop.phase in COLLECTING


def editable_ids(participant: Participant, own_ids: list[int]) -> set[int]:
    """Which of the participant's own proposals they may still edit or withdraw: pending or
    published and not yet in a started round."""
    if not own_ids:
        return set()
    started = set(db.session.scalars(
        db.select(RoundItem.proposal_id).join(VotingRound, VotingRound.id == RoundItem.round_id)
        .where(RoundItem.proposal_id.in_(own_ids), VotingRound.state != RoundState.DRAFT.value)))
    return set(own_ids) - started


ROOM_STATE_SECONDS = 1.0


def room_state(workshop: Workshop) -> dict[str, Any]:
    """What every phone's snapshot shares: the workshop's facts, groups, fields, published
    proposals and which round is current. Kept per app under the workshop's ``version`` (every
    change of the phase, a round, the timer or a proposal moves it) for at most
    ``ROOM_STATE_SECONDS`` (an organizer's edit of a group or field name moves no version), so
    2,000 phones reconnecting after a Wi-Fi drop read it a handful of times, not 2,000 times."""
    # shared: callers copy what they change
    return _remembered("zw_room_states", (workshop.id, workshop.version), lambda: _room_state(workshop),
                       seconds=ROOM_STATE_SECONDS)


def _room_state(workshop: Workshop) -> dict[str, Any]:
    round_ = current_round(workshop)
    published = db.session.execute(
        db.select(Proposal.id, Proposal.number, Proposal.title, Proposal.field_id, Proposal.state,
                  Proposal.table_id)
        .where(Proposal.workshop_id == workshop.id, Proposal.kind == ProposalKind.GOAL,
               Proposal.state == ProposalState.PUBLISHED.value).order_by(Proposal.id))
    supporters = support.counts(workshop.id)
    return {"workshop": workshop_facts(workshop), "groups": groups_payload(workshop),
            "group_keys": {g.id: g.key for g in workshop.groups}, "fields": fields_payload(workshop),
            "proposals": [{**proposal_payload(row), "supporters": supporters.get(row.id, 0)}
                          for row in published],
            "supporters": supporters,
            "round_id": round_.id if round_ is not None else None,
            "tables": table_overview(workshop.id),
            "measures": measures.room_measures(workshop)}


def participant_state(workshop: Workshop, participant: Participant | None) -> dict[str, Any]:
    room = room_state(workshop)
    own_rows = [] if participant is None else list(db.session.execute(
        db.select(Proposal.id, Proposal.number, Proposal.title, Proposal.field_id, Proposal.state,
                  Proposal.body, Proposal.participant_id, Proposal.pending_title, Proposal.pending_body,
                  Proposal.pending_field_id, Proposal.pending_since, Proposal.kind, Proposal.parent_id,
                  Proposal.suggested_responsible, Proposal.suggested_timeframe, Proposal.table_id)
        .where(Proposal.workshop_id == workshop.id, Proposal.participant_id == participant.id)))
    editable = editable_ids(participant, [p.id for p in own_rows if p.state in EDITABLE]) \
        if participant is not None else set()
    own = {p.id: {**proposal_payload(p, own=True), "editable": p.id in editable,
                  "supporters": room["supporters"].get(p.id, 0)} for p in own_rows}
    mine = support.supported_by(participant)  # personal, like the ballot: only in this snapshot
    proposals = [own.pop(p["id"], {**p, "supported": True} if p["id"] in mine else p)
                 for p in room["proposals"]]
    proposals = sorted(proposals + list(own.values()), key=lambda p: p["id"]) if own else proposals
    round_ = db.session.get(VotingRound, room["round_id"]) if room["round_id"] else None
    return {
        "workshop": room["workshop"],
        "phase": workshop.phase,
        "field": workshop.focus_field_id,
        "collecting": collecting(workshop),
        "groups": room["groups"],
        "fields": room["fields"],
        "participant": None if participant is None else {
            "id": participant.id, "group": room["group_keys"].get(participant.group_id)
            or participant.group.key, "name": participant.display_name,
            "table": participant.table_id},  # personal: only in this participant's snapshot
        "proposals": proposals,
        "round": round_payload(round_, participant, workshop.version) if round_ else None,
        "closed_since_phase": closed_since_phase(workshop, round_),
        "tables": room["tables"],
        "measures": room["measures"],
        "proposing_measures": measures.open_for_measures(workshop),
        "version": workshop.version,
    }


def closed_since_phase(workshop: Workshop, round_: VotingRound | None) -> bool:
    """Whether the current round closed after the phase last changed: then a waiting phase's
    "starts soon" is old news and phones say "closed, please wait" instead (never both)."""
    if round_ is None or round_.state != RoundState.CLOSED.value:
        return False
    changed, closed = workshop.phase_changed_at, round_.closed_at
    return changed is None or closed is None or closed >= changed
