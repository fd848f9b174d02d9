"""Merging near-duplicate proposals into one, and splitting a merge back.

The merged proposals point at the one that remains (state ``merged`` + ``merged_into``). Their
supporters carry over by the domain's rule (``domain.merge``) in every round that is not open:
each ballot's votes are combined inside the same transaction, the round's frozen items follow, and
paper counts move too. While a round containing any of them is open, merging is refused: phones
are voting on exactly those proposals.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from .. import events
from ..domain.ballots import Method
from ..domain.errors import DomainError
from ..domain.merge import (
    RULE_DESCRIPTION,
    RoundImage,
    can_merge,
    check_not_into_itself,
    merge_votes,
    preview_merge,
    restore_image,
    split_state,
)
from ..domain.phases import ProposalState, RoundState
from ..extensions import db
from ..models import Ballot, PaperBallots, PaperVote, Proposal, ProposalMerge, RoundItem, Vote, VotingRound
from ..models.base import utcnow
from . import measures, support
from .moderation import proposal_in, publish_event
from .plumbing import locking, tally_cells, tx
from .plumbing.audit import Actor


def _check(workshop_id: int, source_ids: list[int], target_id: int) -> tuple[list[Proposal], Proposal]:
    for value in [*source_ids, target_id]:
        if not isinstance(value, int) or isinstance(value, bool):
            raise DomainError("invalid_choice", "proposals are named by their ids", field="into")
    sources = sorted(set(source_ids))
    if not sources:
        raise DomainError("merge_needs_two", "choose at least one proposal to merge")
    check_not_into_itself(sources, target_id)
    target = proposal_in(workshop_id, target_id)
    proposals = [proposal_in(workshop_id, pid) for pid in sources]
    for proposal in [*proposals, target]:
        if not can_merge(proposal.state):
            raise DomainError("invalid_proposal_transition", "this proposal cannot be merged",
                              current=proposal.state, target="merged")
    measures.check_merge(proposals, target)
    return proposals, target


def _rounds_with(workshop_id: int, proposal_ids: set[int]) -> list[VotingRound]:
    return list(db.session.scalars(
        db.select(VotingRound).join(RoundItem, RoundItem.round_id == VotingRound.id)
        .where(VotingRound.workshop_id == workshop_id, RoundItem.proposal_id.in_(proposal_ids))
        .distinct().order_by(VotingRound.id)))


def _ballots(round_: VotingRound) -> dict[int, dict[int, int]]:
    ballots: dict[int, dict[int, int]] = {
        ballot_id: {} for ballot_id in db.session.scalars(
            db.select(Ballot.id).where(Ballot.round_id == round_.id))}
    for ballot_id, proposal_id, value in db.session.execute(
            db.select(Vote.ballot_id, Vote.proposal_id, Vote.value).where(Vote.round_id == round_.id)):
        ballots[ballot_id][proposal_id] = value
    return ballots


def _plan(workshop_id: int, source_ids: list[int], target_id: int) -> list[tuple[VotingRound, set[int]]]:
    """The rounds whose votes move, with the sources they hold; refuses if one is open."""
    involved = set(source_ids) | {target_id}
    plan = []
    for round_ in _rounds_with(workshop_id, involved):
        items = {item.proposal_id for item in round_.items}
        if round_.state == RoundState.OPEN.value:
            raise DomainError("merge_round_open", "a round with these proposals is open",
                              round=round_.id)
        if items & set(source_ids):
            plan.append((round_, items & set(source_ids)))
    return plan


def preview(workshop_id: int, source_ids: list[int], target_id: int) -> dict[str, Any]:
    """What a merge would do, shown before the moderator confirms (nothing is written)."""
    sources, target = _check(workshop_id, source_ids, target_id)
    rounds = []
    for round_, moved in _plan(workshop_id, [p.id for p in sources], target.id):
        figures = preview_merge(round_.rules, _ballots(round_).values(), moved, target.id)
        rounds.append({"round_id": round_.id, "title": round_.title, "method": round_.method,
                       "state": round_.state, **asdict(figures)})
    return {"target": {"id": target.id, "title": target.title},
            "sources": [{"id": p.id, "title": p.title} for p in sources],
            "rule": RULE_DESCRIPTION, "rounds": rounds,
            "supporters": support.merged_count([*(p.id for p in sources), target.id])}


def _carry_over(round_: VotingRound, moved: set[int], target_id: int) -> None:
    rules = round_.rules
    for ballot_id, votes in _ballots(round_).items():
        if moved.isdisjoint(votes):
            continue
        merged = merge_votes(rules, votes, moved, target_id)
        db.session.execute(db.delete(Vote).where(Vote.ballot_id == ballot_id))
        db.session.add_all(Vote(ballot_id=ballot_id, proposal_id=p, round_id=round_.id, value=v)
                           for p, v in merged.items())
    _carry_over_paper(round_, moved, target_id)
    items = {item.proposal_id: item for item in round_.items}
    position = min(items[p].position for p in moved)
    for proposal_id in moved:
        db.session.delete(items[proposal_id])
    if target_id not in items:
        db.session.add(RoundItem(round_id=round_.id, proposal_id=target_id, position=position))
    tally_cells.rebuild(round_.id)  # the votes moved in bulk: recount the round's running sums


def _carry_over_paper(round_: VotingRound, moved: set[int], target_id: int) -> None:
    """Paper counts have no voter identity, so they add up, capped at what the group's paper
    voters could have given one proposal (voters × maximum per proposal)."""
    voters = {row.group_id: row.voters for row in db.session.scalars(
        db.select(PaperBallots).filter_by(round_id=round_.id))}
    rows = db.session.scalars(db.select(PaperVote).where(
        PaperVote.round_id == round_.id, PaperVote.proposal_id.in_(moved | {target_id}))).all()
    totals: dict[int, int] = {}
    for row in rows:
        totals[row.group_id] = totals.get(row.group_id, 0) + row.points
        db.session.delete(row)
    db.session.flush()
    cap = 1 if round_.rules.method is Method.APPROVAL else round_.rules.max_per_proposal or 0
    for group_id, points in totals.items():
        points = min(points, voters.get(group_id, 0) * cap)
        if points:
            db.session.add(PaperVote(round_id=round_.id, group_id=group_id,
                                     proposal_id=target_id, points=points))


def _scope(round_: VotingRound, involved: set[int]) -> set[int]:
    """The proposals whose rows a merge may change in this round: the merged ones, and in a
    ranking every proposal of the round (the places below a merged one move up)."""
    if round_.rules.method is not Method.RANKING:
        return involved
    return involved | set(db.session.scalars(
        db.select(RoundItem.proposal_id).where(RoundItem.round_id == round_.id)))


def _image(round_id: int, involved: set[int]) -> RoundImage:
    """The rows of a round a merge of ``involved`` touches (domain.merge.RoundImage)."""
    def rows(*columns, model):
        return frozenset(tuple(row) for row in db.session.execute(
            db.select(*columns).where(model.round_id == round_id, model.proposal_id.in_(involved))))
    db.session.flush()
    return RoundImage(rows(Vote.ballot_id, Vote.proposal_id, Vote.value, model=Vote),
                      rows(PaperVote.group_id, PaperVote.proposal_id, PaperVote.points, model=PaperVote),
                      rows(RoundItem.proposal_id, RoundItem.position, model=RoundItem))


def merge_proposals(actor: Actor, workshop_id: int, source_ids: list[int], target_id: int) -> Proposal:
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        sources, target = _check(locked.id, source_ids, target_id)
        plan = _plan(locked.id, [p.id for p in sources], target.id)
        involved = {p.id for p in sources} | {target.id}
        images = []
        for round_, moved in plan:
            scope = _scope(round_, involved)
            before = _image(round_.id, scope)
            _carry_over(round_, moved, target.id)
            images.append({"round_id": round_.id, "before": before.to_json(),
                           "after": _image(round_.id, scope).to_json()})
            uow.publish(events.ballot_stored, workshop_id=locked.id, round_id=round_.id)
        record = ProposalMerge(workshop_id=locked.id, target_id=target.id, record={
            "sources": [{"id": p.id, "title": p.title, "state": p.state} for p in sources],
            "target": {"id": target.id, "title": target.title}, "rounds": images,
            "supports": support.carry_over([p.id for p in sources], target.id)})
        db.session.add(record)
        db.session.flush()  # the audit entry names the merge record (the one a split undoes)
        for proposal in sources:
            proposal.move_to(ProposalState.MERGED)
            proposal.merged_into_id = target.id
            if locked.spotlight_proposal_id == proposal.id:
                locked.spotlight_proposal_id = target.id
        uow.record(actor, "proposal.merge", target, locked,
                   before={"sources": [{"id": p.id, "title": p.title} for p in sources]},
                   after={"into": target.id, "rounds": [r.id for r, _ in plan],
                          "rule": RULE_DESCRIPTION, "merge": record.id})
        for proposal in sources:
            publish_event(uow, locked, proposal)
        publish_event(uow, locked, target)
    return target


# --- split back (undo a merge) -----------------------------------------------------------------

def _merge_of(workshop_id: int, source_id: Any) -> ProposalMerge:
    """The merge (not undone) that took ``source_id`` in; the newest if there were several."""
    if not isinstance(source_id, int) or isinstance(source_id, bool):
        raise DomainError("invalid_choice", "proposals are named by their ids", field="proposal")
    for merge in db.session.scalars(db.select(ProposalMerge).filter_by(
            workshop_id=workshop_id, undone_at=None).order_by(ProposalMerge.id.desc())):
        if source_id in merge.source_ids:
            return merge
    raise DomainError("merge_not_recorded", "this proposal was not merged here, or its merge "
                      "was made before merges could be undone", proposal=source_id)


def _check_split(workshop_id: int, merge: ProposalMerge) -> tuple[list[Proposal], Proposal]:
    target = proposal_in(workshop_id, merge.target_id)
    if target.state == ProposalState.MERGED.value:
        raise DomainError("merge_target_merged", "the proposal kept was merged again since",
                          title=target.title)
    later = db.session.scalar(db.select(ProposalMerge.id).where(
        ProposalMerge.workshop_id == workshop_id, ProposalMerge.undone_at.is_(None),
        ProposalMerge.target_id == target.id, ProposalMerge.id > merge.id))
    if later is not None:
        raise DomainError("merge_target_merged", "another merge into this proposal came later",
                          title=target.title)
    sources = [proposal_in(workshop_id, pid) for pid in merge.source_ids]
    if any(p.merged_into_id != target.id for p in sources):
        raise DomainError("invalid_proposal_transition", "a source is no longer merged here",
                          current="merged", target="published")
    _plan(workshop_id, [p.id for p in sources], target.id)  # refuses while a round with them is open
    return sources, target


def _restore(round_id: int, involved: set[int], image: RoundImage) -> None:
    for model in (Vote, PaperVote, RoundItem):
        db.session.execute(db.delete(model).where(model.round_id == round_id,
                                                  model.proposal_id.in_(involved)))
    db.session.add_all(Vote(ballot_id=b, proposal_id=p, round_id=round_id, value=v) for b, p, v in image.votes)
    db.session.add_all(PaperVote(round_id=round_id, group_id=g, proposal_id=p, points=n) for g, p, n in image.paper)
    db.session.add_all(RoundItem(round_id=round_id, proposal_id=p, position=pos) for p, pos in image.items)
    tally_cells.rebuild(round_id)


def split(actor: Actor, workshop_id: int, source_id: Any) -> list[Proposal]:
    """Undo the merge that took ``source_id`` in: every proposal of that merge comes back in the
    state it had, and every round's votes, paper counts and proposals are exactly as before the
    merge (nothing is written when that is no longer possible). Returns the proposals split off."""
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        merge = _merge_of(locked.id, source_id)
        sources, target = _check_split(locked.id, merge)
        involved = {p.id for p in sources} | {target.id}
        restored = []
        for entry in merge.record.get("rounds", []):
            round_ = db.session.get(VotingRound, entry["round_id"])
            if round_ is None or round_.state != RoundState.CLOSED.value:
                continue  # reset or deleted since: its votes are gone on purpose
            ballots = set(db.session.scalars(db.select(Ballot.id).where(Ballot.round_id == round_.id)))
            scope = _scope(round_, involved)
            image = restore_image(RoundImage.from_json(entry["before"]), RoundImage.from_json(entry["after"]),
                                  _image(round_.id, scope), ballots, round_id=round_.id)
            _restore(round_.id, scope, image)
            db.session.expire(round_, ["items"])
            restored.append(round_.id)
            uow.publish(events.ballot_stored, workshop_id=locked.id, round_id=round_.id)
        support.restore(merge.record.get("supports"), target.id)
        previous = {source["id"]: source["state"] for source in merge.record["sources"]}
        for proposal in sources:
            proposal.state = split_state(proposal.state, previous[proposal.id]).value
            proposal.merged_into_id = None
        merge.undone_at = utcnow()
        uow.record(actor, "proposal.split", target, locked,
                   before={"merge": merge.id, "sources": [p.id for p in sources], "into": target.id},
                   after={"sources": [{"id": p.id, "title": p.title, "state": p.state} for p in sources],
                          "rounds": restored})
        for proposal in sources:
            publish_event(uow, locked, proposal)
        publish_event(uow, locked, target)
    return sources
