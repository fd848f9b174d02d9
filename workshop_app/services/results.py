"""Round results, computed from the stored ballots every time (never kept as the only truth)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import case, distinct, func, true

from ..domain.ballots import Method
from ..domain.tally import BallotRecord, PaperTally, RoundResult, tally
from ..domain.tally_aggregate import Cell, tally_aggregated
from ..extensions import db
from ..models import Ballot, PaperBallots, PaperVote, Proposal, RoundItem, StakeholderGroup, Vote, VotingRound


def round_proposals(round_: VotingRound) -> list[Proposal]:
    """The proposals a round votes on, in the order shown on phones."""
    return list(db.session.scalars(
        db.select(Proposal).join(RoundItem, RoundItem.proposal_id == Proposal.id)
        .where(RoundItem.round_id == round_.id).order_by(RoundItem.position, Proposal.id)))


def _groups(round_: VotingRound) -> dict[int, str]:
    return {g.id: g.key for g in db.session.scalars(
        db.select(StakeholderGroup).filter_by(workshop_id=round_.workshop_id)
        .order_by(StakeholderGroup.position))}


def compute(round_: VotingRound) -> RoundResult:
    """Sum the round's votes per proposal and group in the database (one scan of the round-indexed
    votes table) and score those few rows; the screen refreshes this many times a second."""
    groups = _groups(round_)
    # An entry in the sense of domain.tally: any value in a motion, else a non-zero one.
    entry = true() if round_.method == Method.YES_NO_ABSTAIN.value else Vote.value != 0
    scope = (db.select().select_from(Vote).join(Ballot, Ballot.id == Vote.ballot_id)
             .where(Vote.round_id == round_.id, entry))
    voters = {groups[group_id]: count for group_id, count in db.session.execute(
        scope.add_columns(Ballot.group_id, func.count(distinct(Vote.ballot_id)))
        .group_by(Ballot.group_id))}
    cells = [Cell(proposal_id, groups[group_id], int(points), entries, int(yes), int(no), int(abstain))
             for proposal_id, group_id, points, entries, yes, no, abstain in db.session.execute(
                 scope.add_columns(Vote.proposal_id, Ballot.group_id, func.sum(Vote.value),
                                   func.count(), _count_of(1), _count_of(-1), _count_of(0))
                 .group_by(Vote.proposal_id, Ballot.group_id))]
    return tally_aggregated(round_.rules, [(p.id, p.title) for p in round_proposals(round_)],
                            list(groups.values()), voters, cells, _paper(round_, groups))


def _count_of(value: int):
    return func.sum(case((Vote.value == value, 1), else_=0))


def tally_sequence(round_id: int) -> int:
    """Grows with every stored ballot of the round (each write bumps its ballot's revision), so
    tallies computed by different processes can be ordered: a client keeps the highest."""
    return int(db.session.scalar(db.select(func.coalesce(func.sum(Ballot.revision), 0))
                                 .where(Ballot.round_id == round_id)))


def compute_from_ballots(round_: VotingRound) -> RoundResult:
    """The reference path: every ballot into ``domain.tally`` (tests compare both paths)."""
    groups = _groups(round_)
    votes: dict[int, dict[int, int]] = {}
    ballot_groups: dict[int, int] = {}
    for ballot_id, group_id in db.session.execute(
            db.select(Ballot.id, Ballot.group_id).where(Ballot.round_id == round_.id)):
        ballot_groups[ballot_id] = group_id
        votes[ballot_id] = {}
    for ballot_id, proposal_id, value in db.session.execute(
            db.select(Vote.ballot_id, Vote.proposal_id, Vote.value).where(Vote.round_id == round_.id)):
        votes[ballot_id][proposal_id] = value
    ballots = [BallotRecord(voter=ballot_id, group=groups[ballot_groups[ballot_id]], votes=entries)
               for ballot_id, entries in votes.items()]
    return tally(round_.rules, [(p.id, p.title) for p in round_proposals(round_)],
                 list(groups.values()), ballots, _paper(round_, groups))


def _paper(round_: VotingRound, groups: dict[int, str]) -> list[PaperTally]:
    voters = {row.group_id: row.voters for row in db.session.scalars(
        db.select(PaperBallots).filter_by(round_id=round_.id))}
    points: dict[int, dict[int, int]] = {}
    for row in db.session.scalars(db.select(PaperVote).filter_by(round_id=round_.id)):
        points.setdefault(row.group_id, {})[row.proposal_id] = row.points
    return [PaperTally(group=groups[group_id], voters=voters.get(group_id, 0),
                       points=points.get(group_id, {}))
            for group_id in sorted(set(voters) | set(points))]


def round_summary(round_: VotingRound) -> dict[str, Any]:
    return {
        "id": round_.id, "title": round_.title, "method": round_.method, "state": round_.state,
        "budget": round_.budget, "max_per_proposal": round_.max_per_proposal,
        "field": round_.field_id, "live_results": round_.live_results,
        "results_published": round_.results_published,
    }


def results_payload(round_: VotingRound) -> dict[str, Any]:
    """The results endpoint's body and the ``tally`` event's payload (DESIGN §5)."""
    result = compute(round_).as_dict()
    return {"round": round_summary(round_), **result}


def visible_to_participants(round_: VotingRound) -> bool:
    return (round_.live_results and round_.is_open) or (
        round_.results_published and round_.state == "closed")
