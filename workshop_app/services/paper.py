"""Paper votes: dot counts from a flip chart, entered per stakeholder group and round.

They count in the results as a named analogue source per group and are marked as paper wherever
results appear (``paper_points`` / ``paper_voters`` in the tally).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import events
from ..domain.ballots import validate_paper_tally
from ..domain.errors import DomainError
from ..extensions import db
from ..models import PaperBallots, PaperVote, RoundItem, StakeholderGroup, VotingRound
from .plumbing import audit, locking, tx
from .plumbing.audit import Actor


def _count(value: Any, field: str) -> Any:
    """Form fields arrive as digit strings, JSON as numbers; the domain checks the rest."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return 0
        if value.isascii() and value.isdigit() and len(value) <= 9:
            return int(value)
        raise DomainError("invalid_value", "not a whole number", field=field)
    return value


def current(round_: VotingRound) -> dict[str, dict[str, Any]]:
    """The stored paper counts of a round: ``{group key: {"voters": n, "points": {id: n}}}``."""
    keys = {g.id: g.key for g in round_.workshop.groups}
    data = {key: {"voters": 0, "points": {}} for key in keys.values()}
    for row in db.session.scalars(db.select(PaperBallots).filter_by(round_id=round_.id)):
        data[keys[row.group_id]]["voters"] = row.voters
    for row in db.session.scalars(db.select(PaperVote).filter_by(round_id=round_.id)):
        data[keys[row.group_id]]["points"][row.proposal_id] = row.points
    return data


def record(actor: Actor, round_: VotingRound, group_key: Any, voters: Any,
           points: Mapping[Any, Any]) -> dict[int, int]:
    """Replace one group's paper count in a round (validated against the round's rules)."""
    if not isinstance(points, Mapping):
        raise DomainError("invalid_ballot", "points must map proposals to counts")
    voters = _count(voters, "voters")
    points = {key: _count(value, f"points.{key}") for key, value in points.items()}
    with tx.write() as uow:
        locked = locking.lock_round(round_.id, exclusive=True)
        workshop = locking.lock_workshop(locked.workshop_id)
        group = db.session.scalar(db.select(StakeholderGroup).filter_by(
            workshop_id=workshop.id, key=group_key)) \
            if isinstance(group_key, str) and "\x00" not in group_key else None  # PostgreSQL refuses NUL
        if group is None:
            raise DomainError("invalid_choice", "unknown stakeholder group", field="group")
        eligible = set(db.session.scalars(
            db.select(RoundItem.proposal_id).filter_by(round_id=locked.id)))
        if not eligible:
            raise DomainError("round_not_started", "paper votes need a round that was opened")
        counted = validate_paper_tally(locked.rules, voters, points, eligible)
        before = current(locked)[group.key]
        db.session.execute(db.delete(PaperVote).filter_by(round_id=locked.id, group_id=group.id))
        db.session.execute(db.delete(PaperBallots).filter_by(round_id=locked.id, group_id=group.id))
        db.session.add(PaperBallots(round_id=locked.id, group_id=group.id, voters=voters))
        db.session.add_all(PaperVote(round_id=locked.id, group_id=group.id, proposal_id=p, points=n)
                           for p, n in counted.items())
        workshop.bump()
        audit.record(actor, "round.paper_votes", locked, workshop_id=workshop.id,
                     process_id=workshop.process_id,
                     before={"group": group.key, "voters": before["voters"],
                             "points": {str(k): v for k, v in before["points"].items()}},
                     after={"group": group.key, "voters": voters,
                            "points": {str(k): v for k, v in counted.items()}})
        # The bump reaches every audience as a bare ``workshop`` event: without it each phone
        # would meet a version gap at the next event and fetch its state (one fetch per phone).
        uow.publish(events.workshop_changed, workshop_id=workshop.id, version=workshop.version)
        uow.publish(events.ballot_stored, workshop_id=workshop.id, round_id=locked.id)
    return counted
