"""Priority × feasibility (issue 17, item 6): feasibility rounds, staff assessments, the matrix.

A feasibility round is a ``rating`` round (``purpose = feasibility``) over the items of a closed
priority round (``assesses_round_id``; services.rounds freezes them when it opens). Assessors are
the participants of its ``assessor_group_id`` (by default the group ``verwaltung``), rating on
their phones like any ballot (services.ballots refuses everyone else with ``not_assessor``), and
the staff accounts named in ``round_assessors``, rating in the console: their ballots are *staff
ballots* (``ballots.user_id`` instead of a participant), counted for the assessor group — the
administration's assessment — and audited. Everything else (open, close, reset, screen) is an
ordinary round.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain import matrix as rules
from ..domain.errors import DomainError
from ..domain.feasibility import (
    FEASIBILITY,
    FEASIBILITY_METHOD,
    PRIORITY,
    check_assessable,
    check_assessors,
    default_assessor_key,
)
from ..domain.phases import RoundState
from ..domain.text import clean_text
from ..extensions import db
from ..models import Ballot, Participant, RoundAssessor, User, Vote, VotingRound, Workshop, WorkshopModerator
from . import ballots, processes
from .plumbing import audit, locking, tx
from .plumbing.audit import Actor
from .read_models import results

#: The band at the top of each quadrant (of 1000 × 1000 units) that holds its name (templates/_matrix.html).
LABEL_BAND = 70


def candidates(workshop: Workshop) -> list[User]:
    """The accounts that may be named assessors: active accounts that moderate the workshop."""
    assigned = set(db.session.scalars(db.select(WorkshopModerator.user_id).filter_by(workshop_id=workshop.id)))
    users = db.session.scalars(db.select(User).order_by(User.email)).all()
    return [u for u in users if u.active and (u.id in assigned or processes.may_manage(u, workshop.process_id))]


def _named_ids(workshop: Workshop, value: Any) -> list[int]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or any(
            isinstance(v, bool) or not isinstance(v, int) for v in value):
        raise DomainError("invalid_choice", "assessors must be a list of account ids", field="assessors")
    allowed = {u.id for u in candidates(workshop)}
    if not set(value) <= allowed:
        raise DomainError("invalid_choice", "not an account that moderates this workshop", field="assessors")
    return sorted(set(value))


def create(actor: Actor, priority: VotingRound, *, group: Any = None, assessors: Any = None,
           title: Any = "") -> VotingRound:
    """A draft feasibility round assessing the closed priority round ``priority``; ``group`` is
    the assessor group's key (default: ``verwaltung`` when the workshop has it), ``assessors``
    the ids of named staff accounts."""
    title = clean_text(title or "", max_length=200, required=False)
    with tx.write() as uow:
        locked = locking.lock_workshop(priority.workshop_id)
        assessed = db.session.get(VotingRound, priority.id)
        check_assessable(purpose=assessed.purpose, state=assessed.state)
        groups = {g.key: g for g in locked.groups}
        key = group if group not in (None, "") else default_assessor_key(groups)
        if key is None:
            raise DomainError("assessor_group_required", "choose the assessor group", field="group")
        if not isinstance(key, str) or key not in groups:
            raise DomainError("invalid_choice", "unknown stakeholder group", field="group")
        named = _named_ids(locked, assessors)
        check_assessors(groups[key].id, named)
        round_ = VotingRound(workshop_id=locked.id, title=title, method=FEASIBILITY_METHOD.value,
                             field_id=assessed.field_id, live_results=False, purpose=FEASIBILITY,
                             assesses_round_id=assessed.id, assessor_group_id=groups[key].id)
        db.session.add(round_)
        db.session.flush()
        db.session.add_all(RoundAssessor(round_id=round_.id, user_id=uid) for uid in named)
        uow.record(actor, "round.create", round_, locked,
                   after={"title": title, "method": round_.method, "purpose": FEASIBILITY,
                          "assesses": assessed.id, "assessor_group": key, "assessors": named},
                   event=events.round_changed, round_id=round_.id, state=round_.state)
    return round_


def assessed_items(round_: VotingRound) -> list[int]:
    """The items a feasibility round freezes when it opens: the assessed round's items that are
    still published, in its order (services.rounds)."""
    return [p for p in results.round_proposal_ids(round_.assesses_round_id)
            if p in ballots.eligible_proposals(round_.assesses_round_id)]


def named_assessors(round_: VotingRound) -> list[User]:
    return list(db.session.scalars(db.select(User).join(RoundAssessor, RoundAssessor.user_id == User.id)
                                   .where(RoundAssessor.round_id == round_.id).order_by(User.email)))


def is_named(round_: VotingRound, user: User | None) -> bool:
    return user is not None and db.session.get(RoundAssessor, (round_.id, user.id)) is not None


def rate(actor: Actor, round_: VotingRound, votes: Any) -> ballots.StoredBallot:
    """A named assessor account's whole ballot (``{}`` withdraws it), audited."""
    round_id, workshop_id = round_.id, round_.workshop_id
    with tx.write():
        if actor.user is None or db.session.get(RoundAssessor, (round_id, actor.user.id)) is None:
            raise DomainError("not_assessor", "only the assessors rate feasibility in this round")
        stored = ballots.store_staff(actor.user.id, round_id, votes if votes is not None else {})
        workshop = db.session.get(Workshop, workshop_id)
        audit.record(actor, "round.assess", db.session.get(VotingRound, round_id), workshop_id=workshop_id,
                     process_id=workshop.process_id, after={"votes": {str(k): v for k, v in stored.votes.items()}})
    return stored


def staff_ballot(round_: VotingRound, user: User | None) -> dict[int, int]:
    if user is None:
        return {}
    return dict(db.session.execute(
        db.select(Vote.proposal_id, Vote.value).join(Ballot, Ballot.id == Vote.ballot_id)
        .where(Ballot.round_id == round_.id, Ballot.user_id == user.id)).all())


def progress(round_: VotingRound) -> dict[str, Any]:
    """Who has assessed: the assessor group's joined and rating participants, and per named
    account how many items it rated (the console shows it while the round runs)."""
    items = len(results.round_proposal_ids(round_.id))
    voted = _ballot_sizes(round_, Ballot.participant_id.is_not(None))
    group = None
    if round_.assessor_group is not None:
        joined = db.session.scalar(db.select(db.func.count()).select_from(Participant).where(
            Participant.group_id == round_.assessor_group_id, Participant.removed_at.is_(None)))
        group = {"key": round_.assessor_group.key, "name": round_.assessor_group.name,
                 "joined": joined, "voted": sum(1 for n in voted.values() if n)}
    staff = _ballot_sizes(round_, Ballot.user_id.is_not(None), key=Ballot.user_id)
    accounts = [{"id": u.id, "label": u.name if getattr(u, "name", None) else u.email,
                 "rated": staff.get(u.id, 0)} for u in named_assessors(round_)]
    return {"goals": items, "group": group, "accounts": accounts,
            "raters": sum(1 for n in voted.values() if n) + sum(1 for n in staff.values() if n)}


def _ballot_sizes(round_: VotingRound, which, key=Ballot.id) -> dict[int, int]:
    rows = db.session.execute(
        db.select(key, db.func.count(Vote.proposal_id)).select_from(Ballot)
        .outerjoin(Vote, Vote.ballot_id == Ballot.id)
        .where(Ballot.round_id == round_.id, which).group_by(key))
    return dict(rows.all())  # not dict(rows): a Result has keys() (its columns), so dict() reads it as a mapping


def feasibility_rows(round_: VotingRound) -> dict[int, tuple[float | None, int]]:
    """Per item: the mean feasibility 1..5 (None unrated) and the number of raters."""
    return {r.proposal_id: (r.mean if r.voters else None, r.voters) for r in results.compute(round_).results}


def build_matrix(round_: VotingRound) -> rules.Matrix | None:
    """The matrix of a feasibility round: priority from the assessed round's group-balanced
    scores (in its ranking order), feasibility from this round's ratings."""
    priority = db.session.get(VotingRound, round_.assesses_round_id) if round_.assesses_round_id else None
    if priority is None:
        return None
    feasible = feasibility_rows(round_)
    items = set(feasible) or None
    goals = [rules.GoalInput(r.proposal_id, r.title, r.balanced_score, *feasible.get(r.proposal_id, (None, 0)))
             for r in results.compute(priority).results if items is None or r.proposal_id in items]
    return rules.build(goals)


def matrix_payload(round_: VotingRound) -> dict[str, Any] | None:
    """What the screen, the console and the API draw: goals with number, short title, priority
    (0..1), feasibility mean and raters, quadrant; the splits; the markers' layout."""
    built = build_matrix(round_)
    if built is None:
        return None
    return {"round_id": round_.id, "priority_round_id": round_.assesses_round_id, "state": round_.state,
            "priority_split": round(built.priority_split, 4), "feasibility_split": built.feasibility_split,
            "goals": [g.as_dict() for g in built.goals],
            "quadrants": {key: [g.goal_id for g in built.in_quadrant(key)] for key in rules.LIST_ORDER},
            "unassessed": [g.goal_id for g in built.unassessed],
            "layout": rules.layout(built, band=LABEL_BAND).as_dict()}


def rounds_of(workshop: Workshop) -> list[VotingRound]:
    """The workshop's feasibility rounds, newest first."""
    return list(db.session.scalars(db.select(VotingRound).filter_by(workshop_id=workshop.id, purpose=FEASIBILITY)
                                   .order_by(VotingRound.id.desc())))


def assessable(workshop: Workshop) -> list[VotingRound]:
    """Closed priority rounds (what a feasibility round can assess), newest first."""
    return list(db.session.scalars(db.select(VotingRound).filter_by(
        workshop_id=workshop.id, purpose=PRIORITY, state=RoundState.CLOSED).order_by(VotingRound.id.desc())))


def default_group(workshop: Workshop) -> str | None:
    return default_assessor_key(g.key for g in workshop.groups)


def report_matrix(round_: VotingRound, round_numbers: dict[int, int]):
    """The matrix as the workshop report carries it (exports.matrix_data), or None."""
    from ..exports.matrix_data import FeasibilityGoal, FeasibilityMatrix

    built = build_matrix(round_)
    if built is None or not built.goals:
        return None
    drawn = {m.goal_id: m for m in rules.layout(built, band=LABEL_BAND).markers}
    who = round_.assessor_group.name if round_.assessor_group else ""
    goals = tuple(FeasibilityGoal(g.goal_id, g.number, g.title, g.priority, g.feasibility, g.raters, g.quadrant,
                                  drawn[g.goal_id].x if g.goal_id in drawn else None,
                                  drawn[g.goal_id].y if g.goal_id in drawn else None) for g in built.goals)
    return FeasibilityMatrix(round_numbers.get(round_.assesses_round_id, round_.assesses_round_id), who,
                             built.priority_split, rules.layout(built, band=LABEL_BAND).radius, goals,
                             accounts=len(named_assessors(round_)))
