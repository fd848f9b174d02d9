"""Adopting a goal proposal with its chosen measure proposals into the action plan, in one step.

One transaction creates the goal (the proposal's wording and field, linked to the proposal via
``goal_proposals``) — or, when the goal proposal was adopted before, adds to that goal — and a
measure per ticked measure proposal (``Measure.source_proposal_id``). The measure's title comes
from the proposal; who is responsible from the participants' suggestion; the deadline from their
time frame only where it names a definite date (``domain.measures.deadline_from_timeframe``).
What is missing the organizer fills in on the form (or in the API call): nothing is invented, and
a measure without responsible body or deadline is refused as everywhere in the plan. A measure
proposal becomes at most one measure (also a database constraint).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError

from ..domain import measures as rules
from ..domain.errors import DomainError
from ..domain.phases import ProposalState, RoundState
from ..domain.values import optional_int
from ..extensions import db
from ..models import Goal, Measure, Process, Proposal, VotingRound, Workshop
from ..models.plan import goal_proposals
from . import plan
from .plumbing import audit, tx
from .plumbing.audit import Actor
from .read_models import results

#: What the plan refuses to store without, said of one of several measure proposals.
MISSING = {"deadline_required": "adopt_deadline_required",
           "responsible_required": "adopt_responsible_required"}
#: How many measures of the latest measures round are ticked in advance.
PRETICKED = 3


@dataclass
class Candidate:
    """A measure proposal offered for adoption, with what the form shows in advance."""

    proposal: Proposal
    responsible: str
    deadline: date | None
    ticked: bool
    adopted: Measure | None


def goal_proposal_of(process: Process, value: Any) -> Proposal:
    goal_id = optional_int(value, "goal_proposal")
    proposal = db.session.get(Proposal, goal_id) if goal_id is not None else None
    if proposal is None or proposal.kind != rules.GOAL or proposal.state not in plan.ADOPTABLE \
            or db.session.get(Workshop, proposal.workshop_id).process_id != process.id:
        raise DomainError("goal_proposal_required", "choose a published goal proposal of this process",
                          field="goal_proposal")
    return proposal


def goals_with_measures(process: Process) -> list[Proposal]:
    """The goal proposals of the process that have published measure proposals."""
    parents = db.select(Proposal.parent_id).where(
        Proposal.kind == rules.MEASURE, Proposal.state == ProposalState.PUBLISHED.value)
    return list(db.session.scalars(
        db.select(Proposal).join(Workshop, Workshop.id == Proposal.workshop_id)
        .where(Workshop.process_id == process.id, Proposal.id.in_(parents),
               Proposal.state.in_(plan.ADOPTABLE)).order_by(Workshop.id, Proposal.number)))


def _ranked(goal: Proposal) -> list[int]:
    """The measure proposals of the goal in the order of its latest closed measures round."""
    round_ = db.session.scalar(
        db.select(VotingRound).where(
            VotingRound.workshop_id == goal.workshop_id, VotingRound.item_kind == rules.MEASURE,
            VotingRound.state == RoundState.CLOSED.value,
            db.or_(VotingRound.measures_of_id == goal.id, VotingRound.measures_of_id.is_(None)))
        .order_by(VotingRound.closed_at.desc(), VotingRound.id.desc()).limit(1))
    if round_ is None:
        return []
    rows = results.results_payload(round_)["results"]
    return [row["proposal_id"] for row in rows if row["balanced_score"] > 0]


def candidates(goal: Proposal) -> list[Candidate]:
    measures = list(db.session.scalars(db.select(Proposal).where(
        Proposal.parent_id == goal.id, Proposal.state == ProposalState.PUBLISHED.value)
        .order_by(Proposal.number)))
    ranked = [pid for pid in _ranked(goal) if pid in {m.id for m in measures}]
    adopted = {m.source_proposal_id: m for m in db.session.scalars(db.select(Measure).where(
        Measure.source_proposal_id.in_([m.id for m in measures])))}
    order = {pid: i for i, pid in enumerate(ranked)}
    measures.sort(key=lambda m: (order.get(m.id, len(order)), m.number))
    top = [pid for pid in ranked if pid not in adopted][:PRETICKED]
    return [Candidate(m, m.suggested_responsible, rules.deadline_from_timeframe(m.suggested_timeframe),
                      m.id in top, adopted.get(m.id)) for m in measures]


def existing_goal(process: Process, goal: Proposal) -> Goal | None:
    """The plan's goal that was adopted from this goal proposal, if any."""
    return db.session.scalar(
        db.select(Goal).join(goal_proposals, goal_proposals.c.goal_id == Goal.id)
        .where(Goal.process_id == process.id, goal_proposals.c.proposal_id == goal.id)
        .order_by(Goal.id).limit(1))


def _measure_values(measure: Proposal, given: dict[str, Any]) -> dict[str, Any]:
    """Title, responsible and deadline: the organizer's, else the proposal's (never invented)."""
    deadline = given.get("deadline") or rules.deadline_from_timeframe(measure.suggested_timeframe)
    return {"title": given.get("title") or measure.title,
            "responsible": given.get("responsible") or measure.suggested_responsible,
            "deadline": deadline}


def _chosen(goal: Proposal, items: Any) -> list[tuple[Proposal, dict[str, Any]]]:
    if not isinstance(items, list) or not items:
        raise DomainError("invalid_choice", "tick at least one measure proposal", field="measures")
    chosen, seen = [], set()
    for item in items:
        given = item if isinstance(item, dict) else {"proposal": item}
        proposal_id = optional_int(given.get("proposal"), "measures")
        measure = db.session.get(Proposal, proposal_id) if proposal_id is not None else None
        if measure is None or measure.kind != rules.MEASURE or measure.parent_id != goal.id \
                or measure.state != ProposalState.PUBLISHED.value:
            raise DomainError("measure_not_of_goal", "not a measure proposal of this goal",
                              field="measures")
        if measure.id in seen:
            continue
        seen.add(measure.id)
        chosen.append((measure, given))
    return chosen


def adopt(actor: Actor, process: Process, goal_proposal: Any, items: Any) -> Goal:
    """The goal (new, or the one adopted from this proposal before) with the chosen measures.

    ``items``: measure proposal ids, or ``{"proposal": id, "title"?, "responsible"?,
    "deadline"?}`` to fill or correct what the proposal did not say.
    """
    goal_proposal = goal_proposal_of(process, goal_proposal)
    chosen = _chosen(goal_proposal, items)
    try:
        return _adopt(actor, process, goal_proposal, chosen)
    except IntegrityError:  # adopted meanwhile by a parallel request (unique source proposal)
        raise DomainError("measure_already_adopted", "adopted meanwhile", field="measures",
                          number=chosen[0][0].number) from None


def _adopt(actor: Actor, process: Process, goal_proposal: Proposal,
           chosen: list[tuple[Proposal, dict[str, Any]]]) -> Goal:
    with tx.write():
        for measure, _given in chosen:
            if db.session.scalar(db.select(Measure.id).filter_by(source_proposal_id=measure.id)):
                raise DomainError("measure_already_adopted", "adopted before", field="measures",
                                  number=measure.number)
        goal = existing_goal(process, goal_proposal) or plan.adopt_goal(
            actor, process, proposal_ids=[goal_proposal.id])
        trace = []
        for measure, given in chosen:
            values = _measure_values(measure, given)
            try:
                created = plan.add_measure(actor, goal, **values)
            except DomainError as error:  # name the proposal: several are adopted at once
                if error.code in MISSING:
                    raise DomainError(MISSING[error.code], error.message, number=measure.number,
                                      field=f"{error.params.get('field')}-{measure.id}") from None
                raise
            created.source_proposal_id = measure.id
            trace.append({"measure": created.id, "proposal": measure.id, "number": measure.number})
        db.session.flush()
        audit.record(actor, "goal.adopt_from_workshop", goal, process_id=process.id,
                     after={"goal_proposal": goal_proposal.id, "measures": trace})
        goal_id = goal.id
    return db.session.get(Goal, goal_id)
