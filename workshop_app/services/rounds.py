"""Voting rounds: create, open (freezing its proposals), close, publish, reset.

Lock order (services/locking.py): the round row first, then the workshop row. A ballot write takes
the round row shared, so closing (exclusive) waits for the ballots in flight, and every ballot
after it sees the round closed: a ballot is either in the final result or rejected as too late.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain.ballots import Method, RoundRules
from ..domain.errors import DomainError, InvalidTransition
from ..domain.measures import ProposalKind
from ..domain.phases import ProposalState, RoundState
from ..domain.ranking import check_places_fit
from ..domain.text import clean_text
from ..extensions import db
from ..models import Ballot, FieldOfAction, PaperBallots, PaperVote, Proposal, RoundItem, Vote, VotingRound, Workshop
from . import feasibility, measures
from .plumbing import locking, tally_cells, tx
from .plumbing.audit import Actor


def create(actor: Actor, workshop_id: int, *, method: Any, budget: Any = None,
           max_per_proposal: Any = None, field: Any = None, live_results: Any = False,
           title: Any = "", measures_of: Any = None) -> VotingRound:
    """``measures_of``: vote on measure proposals — of that goal proposal, or ``"all"`` of every
    goal open for measures (services.measures.round_scope); None: on goal proposals."""
    rules = RoundRules.create(method, budget, max_per_proposal)
    if not isinstance(live_results, bool):
        raise DomainError("invalid_choice", "live_results must be true or false", field="live_results")
    title = clean_text(title or "", max_length=200, required=False)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        if field is not None and (isinstance(field, bool) or not isinstance(field, int) or
                                  db.session.scalar(db.select(FieldOfAction.id).filter_by(
                                      id=field, process_id=locked.process_id)) is None):
            raise DomainError("invalid_choice", "unknown field of action", field="field")
        item_kind, measures_of_id = measures.round_scope(locked, measures_of)
        round_ = VotingRound(item_kind=item_kind, measures_of_id=measures_of_id,
                             workshop_id=locked.id, title=title, method=rules.method.value,
                             budget=rules.budget, max_per_proposal=rules.max_per_proposal,
                             field_id=field, live_results=live_results)
        db.session.add(round_)
        db.session.flush()  # the event names the new round's id and state
        uow.record(actor, "round.create", round_, locked, after=settings_of(round_),
                   event=events.round_changed, round_id=round_.id, state=round_.state)
    return round_


def settings_of(round_: VotingRound) -> dict[str, Any]:
    return {"title": round_.title, "method": round_.method, "budget": round_.budget,
            "max_per_proposal": round_.max_per_proposal, "field": round_.field_id,
            "live_results": round_.live_results,
            **({"item_kind": round_.item_kind, "measures_of": round_.measures_of_id}
               if round_.item_kind == ProposalKind.MEASURE else {})}


def _in_scope(round_: VotingRound) -> list[int]:
    if round_.assesses_round_id is not None:  # a feasibility round: the assessed round's items
        return feasibility.assessed_items(round_)
    query = db.select(Proposal.id).filter_by(
        workshop_id=round_.workshop_id, state=ProposalState.PUBLISHED.value)
    if round_.field_id is not None:
        query = query.filter_by(field_id=round_.field_id)
    query = measures.scope_filter(round_, query)
    return list(db.session.scalars(query.order_by(Proposal.field_id, Proposal.id)))


def _transition(actor: Actor, round_id: int, action: str, prepare=None) -> VotingRound:
    with tx.write() as uow:
        locked = locking.lock_round(round_id, exclusive=True)
        if locked is None:
            raise DomainError("round_not_found", "There is no such voting round.")
        workshop = locking.lock_workshop(locked.workshop_id)
        before = locked.state
        if prepare is not None:
            prepare(locked, workshop)
        locked.apply(action)
        uow.record(actor, f"round.{action}", locked, workshop, before={"state": before},
                   after={"state": locked.state, "results_published": locked.results_published},
                   event=events.round_changed, round_id=locked.id, state=locked.state)
    return locked


def _freeze_items(round_: VotingRound, workshop: Workshop) -> None:
    if round_.state != RoundState.DRAFT.value:
        return  # apply("open") reports the real problem
    already = db.session.scalar(db.select(VotingRound.id).filter_by(
        workshop_id=workshop.id, state=RoundState.OPEN.value))
    if already is not None:
        raise InvalidTransition("round_already_open", "another round is open", round=already)
    proposal_ids = _in_scope(round_)
    if not proposal_ids:
        raise DomainError("round_without_proposals", "no published proposals in scope")
    if round_.rules.method is Method.YES_NO_ABSTAIN and len(proposal_ids) != 1:
        raise DomainError("invalid_motion", "a yes/no/abstain round needs exactly one motion",
                          motions=len(proposal_ids))
    if round_.rules.method is Method.RANKING:
        check_places_fit(round_.rules.budget or 0, len(proposal_ids))
    db.session.execute(db.delete(RoundItem).where(RoundItem.round_id == round_.id))
    db.session.add_all(RoundItem(round_id=round_.id, proposal_id=pid, position=i)
                       for i, pid in enumerate(proposal_ids))


def open_round(actor: Actor, round_id: int) -> VotingRound:
    return _transition(actor, round_id, "open", _freeze_items)


def close_round(actor: Actor, round_id: int) -> VotingRound:
    return _transition(actor, round_id, "close")


def publish_results(actor: Actor, round_id: int) -> VotingRound:
    return _transition(actor, round_id, "publish")


def _delete_votes(round_: VotingRound, _workshop: Workshop) -> None:
    tally_cells.forget(round_.id)
    for model in (Vote, Ballot, PaperVote, PaperBallots, RoundItem):
        db.session.execute(db.delete(model).where(model.round_id == round_.id))


def reset_round(actor: Actor, round_id: int, *, confirm: Any) -> VotingRound:
    """Back to draft, deleting its ballots and paper votes: only when not open, only confirmed."""
    if confirm is not True:
        raise DomainError("confirmation_required", "resetting deletes all votes of the round")
    return _transition(actor, round_id, "reset", _delete_votes)
