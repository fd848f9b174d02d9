"""Round results, computed from the stored votes every time they are asked for: from the running
sums that every ballot write keeps in its own transaction (services.plumbing.tally_cells), never from a
result kept aside as the only truth."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam

from ...domain.ballots import Method, RoundColumns
from ...domain.feasibility import RoundPurpose
from ...domain.phases import RoundState
from ...domain.results_explained import explain_places, explain_row, legend
from ...domain.tally import BallotRecord, PaperTally, RoundResult, tally
from ...domain.tally_aggregate import Cell, tally_aggregated
from ...extensions import db
from ...models import (
    Ballot,
    PaperBallots,
    PaperVote,
    Proposal,
    RoundItem,
    StakeholderGroup,
    Vote,
    VotingRound,
    Workshop,
)
from ..plumbing import tally_cells


@dataclass(frozen=True, slots=True)
class RoundFacts(RoundColumns):
    """What a tally needs of a round, and its workshop's ``version``, read in one query without
    loading ORM objects (the broadcaster reads this many times a second). It answers the same
    attributes as a VotingRound for round_summary, compute and visible_to_participants."""

    id: int
    workshop_id: int
    title: str
    method: str
    state: str
    budget: int | None
    max_per_proposal: int | None
    field_id: int | None
    live_results: bool
    results_published: bool
    version: int
    purpose: str = "priority"
    assessor_group: str | None = None


_ROUND_FACTS = (db.select(VotingRound.id, VotingRound.workshop_id, VotingRound.title, VotingRound.method,
                          VotingRound.state, VotingRound.budget, VotingRound.max_per_proposal,
                          VotingRound.field_id, VotingRound.live_results, VotingRound.results_published,
                          Workshop.version, VotingRound.purpose, StakeholderGroup.key)
                .join(Workshop, Workshop.id == VotingRound.workshop_id)
                .outerjoin(StakeholderGroup, StakeholderGroup.id == VotingRound.assessor_group_id)
                .where(VotingRound.id == bindparam("round_id")))


def round_facts(round_id: int) -> RoundFacts | None:
    row = db.session.connection().execute(_ROUND_FACTS, {"round_id": round_id}).one_or_none()
    return RoundFacts(*row) if row else None


def round_proposal_ids(round_id: int) -> list[int]:
    """The ids of ``round_proposals``, without loading them (each phone's snapshot needs them)."""
    return list(db.session.connection().execute(_ITEM_IDS, {"round_id": round_id}).scalars())


def round_proposals(round_: VotingRound) -> list[Proposal]:
    """The proposals a round votes on, in the order shown on phones."""
    return list(db.session.scalars(
        db.select(Proposal).join(RoundItem, RoundItem.proposal_id == Proposal.id)
        .where(RoundItem.round_id == round_.id).order_by(RoundItem.position, Proposal.id)))


def _groups(round_: VotingRound | RoundFacts) -> dict[int, str]:
    return dict(db.session.connection().execute(_GROUP_KEYS, {"workshop_id": round_.workshop_id}).all())


# Built once: the screen computes a tally many times a second, and building a statement costs
# more CPU than running it.
_GROUP_KEYS = (db.select(StakeholderGroup.id, StakeholderGroup.key)
               .where(StakeholderGroup.workshop_id == bindparam("workshop_id"))
               .order_by(StakeholderGroup.position))
_ITEM_TITLES = (db.select(Proposal.id, Proposal.title)
                .join(RoundItem, RoundItem.proposal_id == Proposal.id)
                .where(RoundItem.round_id == bindparam("round_id"))
                .order_by(RoundItem.position, Proposal.id))
_ITEM_IDS = (db.select(RoundItem.proposal_id).where(RoundItem.round_id == bindparam("round_id"))
             .order_by(RoundItem.position, RoundItem.proposal_id))
_PAPER_VOTERS = db.select(PaperBallots.group_id, PaperBallots.voters).where(
    PaperBallots.round_id == bindparam("round_id"))
_PAPER_POINTS = db.select(PaperVote.group_id, PaperVote.proposal_id, PaperVote.points).where(
    PaperVote.round_id == bindparam("round_id"))


def compute(round_: VotingRound | RoundFacts) -> RoundResult:
    """Score the round from its running sums per proposal and group (services.plumbing.tally_cells, kept
    with every ballot): a few rows however many votes there are, so the screen can refresh this
    many times a second. ``compute_from_ballots`` is the reference that tests compare with."""
    return _compute(round_, tally_cells.read_groups(round_.id))


def _compute(round_: VotingRound | RoundFacts, group_sums: list[tuple[int, int, int]]) -> RoundResult:
    groups = _groups(round_)
    voters = {groups[group_id]: count for group_id, count, _writes in group_sums}
    cells = [Cell(proposal_id, groups[group_id], *sums)
             for proposal_id, group_id, *sums in tally_cells.read_cells(round_.id)]
    titles = db.session.connection().execute(_ITEM_TITLES, {"round_id": round_.id}).all()
    return tally_aggregated(round_.rules, [tuple(row) for row in titles], list(groups.values()),
                            voters, cells, _paper(round_, groups))


def tally_sequence(round_id: int) -> int:
    """Grows with every stored ballot of the round (the sum of the ballots' revisions, kept per
    group), so tallies computed by different processes can be ordered: a client keeps the highest."""
    return _sequence(tally_cells.read_groups(round_id))


def _sequence(group_sums: list[tuple[int, int, int]]) -> int:
    return sum(writes for _group, _voters, writes in group_sums)


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


def _paper(round_: VotingRound | RoundFacts, groups: dict[int, str]) -> list[PaperTally]:
    connection = db.session.connection()
    voters = dict(connection.execute(_PAPER_VOTERS, {"round_id": round_.id}).all())
    points: dict[int, dict[int, int]] = {}
    for group_id, proposal_id, value in connection.execute(_PAPER_POINTS, {"round_id": round_.id}):
        points.setdefault(group_id, {})[proposal_id] = value
    return [PaperTally(group=groups[group_id], voters=voters.get(group_id, 0),
                       points=points.get(group_id, {}))
            for group_id in sorted(set(voters) | set(points))]


_RATING_COUNTS = (db.select(Vote.proposal_id, StakeholderGroup.key, Vote.value, db.func.count())
                  .join(Ballot, Ballot.id == Vote.ballot_id)
                  .join(StakeholderGroup, StakeholderGroup.id == Ballot.group_id)
                  .where(Vote.round_id == bindparam("round_id"), Vote.value != 0)
                  .group_by(Vote.proposal_id, StakeholderGroup.key, Vote.value))


def rating_counts(round_: VotingRound | RoundFacts) -> dict[int, dict[str, dict[int, int]]]:
    """How often each value was given, per proposal and group: the distribution of ratings 1–5,
    and of a ranking's places 1..k (votes store the place)."""
    counts: dict[int, dict[str, dict[int, int]]] = {}
    for proposal_id, group, value, n in db.session.connection().execute(
            _RATING_COUNTS, {"round_id": round_.id}):
        counts.setdefault(proposal_id, {}).setdefault(group, {})[value] = n
    return counts


def round_summary(round_: VotingRound | RoundFacts) -> dict[str, Any]:
    return {
        "id": round_.id, "title": round_.title, "method": round_.method, "state": round_.state,
        "budget": round_.budget, "max_per_proposal": round_.max_per_proposal,
        "field": round_.field_id, "live_results": round_.live_results,
        "results_published": round_.results_published,
        **_purpose(round_),
    }


def _purpose(round_: VotingRound | RoundFacts) -> dict[str, Any]:
    """A feasibility round says so, and which group assesses (phones of other groups wait)."""
    if round_.purpose != RoundPurpose.FEASIBILITY:
        return {"purpose": "priority"}
    group = round_.assessor_group
    return {"purpose": "feasibility",
            "assessor_group": group.key if isinstance(group, StakeholderGroup) else group}


def results_payload(round_: VotingRound | RoundFacts, *, sequence: bool = False,
                    drawn: bool = False) -> dict[str, Any]:
    """The results endpoint's body and the ``tally`` event's payload (DESIGN §5); with
    ``sequence``, also the event's ``seq``, from the same read of the group sums as the voters
    and before the cells, so the tally holds at least what ``seq`` counts. With ``drawn`` (the
    screen's and console's tally), each result also carries what their bars and marks draw:
    ``carried_by_all`` and ``group_averages`` (support per voter of each group that voted), and
    what explains it (domain.results_explained): ``value`` (the sort key in the method's unit),
    ``motion``, ``rating`` or ``places`` per group and in total, and the payload's ``legend``
    keys. A ranking's results always carry ``places`` (how often each place was given)."""
    group_sums = tally_cells.read_groups(round_.id)
    outcome = _compute(round_, group_sums)
    payload = {"round": round_summary(round_), **outcome.as_dict()}
    if drawn:
        groups = list(outcome.groups)
        ratings = rating_counts(round_) if round_.method in (Method.RATING, Method.RANKING) else {}
        for data, result in zip(payload["results"], outcome.results):
            data["carried_by_all"] = result.carried_by_all
            data["group_averages"] = {key: round(value, 4) for key, value in result.group_averages.items()}
            data.update(explain_row(round_.method, result, groups, ratings.get(result.proposal_id),
                                    places=round_.budget or 0))
        payload["legend"] = list(legend(round_.method, groups_voted=sum(
            1 for totals in outcome.groups.values() if totals.voters)))
    elif round_.method == Method.RANKING:  # every ranking result says how often each place was given
        places = rating_counts(round_)
        for data in payload["results"]:
            data["places"] = explain_places(places.get(data["proposal_id"], {}), outcome.groups,
                                            round_.budget or 0)
    if sequence:
        payload["seq"] = _sequence(group_sums)
    return payload


def visible_to_participants(round_: VotingRound | RoundFacts) -> bool:
    return (round_.live_results and round_.is_open) or (
        round_.results_published and round_.state == RoundState.CLOSED)
