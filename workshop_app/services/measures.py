"""The measures step: the moderator opens chosen goal proposals for measures; in the
``measures`` phase participants propose measures under them (text, optionally who should be
responsible and by when); rounds vote on the measures of one goal or of all chosen goals.

A measure proposal is a :class:`Proposal` of kind ``measure`` whose ``parent_id`` names its goal
proposal, so moderation (publish, hide, edit, merge) works as for goals; ``domain.measures``
keeps merges within one goal. Collect-phase goal proposals are never changed by this step,
except for the ``measures_open`` flag the moderator sets.
"""
from __future__ import annotations

from typing import Any

from .. import events
from ..domain import measures as rules
from ..domain.errors import DomainError
from ..domain.kinds import AuthorKind
from ..domain.phases import Phase, ProposalState, RoundState, WorkshopState
from ..domain.text import clean_field
from ..domain.values import optional_int
from ..extensions import db
from ..models import Proposal, VotingRound, Workshop
from ..models.proposal import BODY_MAX, TITLE_MAX
from . import proposals
from .plumbing import locking, tx
from .plumbing.audit import Actor
from .read_models import results, snapshots

MAX_GOALS = 50


def _goal_ids(value: Any) -> list[int]:
    if not isinstance(value, (list, tuple)) or len(value) > MAX_GOALS:
        raise DomainError("invalid_choice", "goals must be a list of ids", field="goals")
    return sorted({optional_int(v, "goals") for v in value if v not in (None, "")})


def top_of_round(round_: VotingRound, count: int) -> list[int]:
    """The goal proposals ranked highest in a closed round (by the group-balanced score)."""
    if round_.item_kind != rules.GOAL:
        raise DomainError("not_a_goal_proposal", "a round over measures", field="round")
    if round_.state != RoundState.CLOSED:
        raise DomainError("round_not_closed", "the best of a round are known once it closed")
    rows = results.results_payload(round_)["results"]
    return [row["proposal_id"] for row in rows[:max(0, count)]]


def choose_goals(actor: Actor, workshop: Workshop, goal_ids: Any) -> list[int]:
    """Open exactly these goal proposals for measures (the others close; their measures stay)."""
    wanted = _goal_ids(goal_ids)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop.id)
        goals = {p.id: p for p in db.session.scalars(db.select(Proposal).where(
            Proposal.workshop_id == locked.id, Proposal.id.in_(wanted)))}
        for goal_id in wanted:
            goal = goals.get(goal_id)
            if goal is None or goal.kind != rules.GOAL or not goal.is_visible:
                raise DomainError("not_a_goal_proposal", "only published goal proposals",
                                  field="goals")
        before = sorted(db.session.scalars(db.select(Proposal.id).filter_by(
            workshop_id=locked.id, measures_open=True)))
        db.session.execute(db.update(Proposal).where(Proposal.workshop_id == locked.id)
                           .values(measures_open=Proposal.id.in_(wanted) if wanted else False))
        if before != wanted:
            # The phones, screens and consoles redraw the step from the phase event's room facts.
            uow.record(actor, "measures.goals", locked, locked, before={"goals": before},
                       after={"goals": wanted}, event=events.phase_changed, phase=locked.phase,
                       field=locked.focus_field_id)
    return wanted


def _check_open(workshop: Workshop) -> None:
    if workshop.state != WorkshopState.OPEN.value:
        raise DomainError("workshop_not_open", "The workshop is not open.")
    if workshop.phase != Phase.MEASURES.value:
        raise DomainError("measures_closed", "Measures are not being collected right now.")


def clean_measure(title: object, body: object, responsible: object,
                  timeframe: object) -> dict[str, str]:
    return {"title": clean_field(title, "title", max_length=TITLE_MAX),
            "body": clean_field(body, "body", max_length=BODY_MAX, required=False, multiline=True),
            "suggested_responsible": clean_field(responsible, "responsible",
                                                 max_length=rules.RESPONSIBLE_MAX, required=False),
            "suggested_timeframe": clean_field(timeframe, "timeframe",
                                               max_length=rules.TIMEFRAME_MAX, required=False)}


def submit(participant_id: int, workshop_id: int, goal: object, *, title: object, body: object = None,
           responsible: object = None, timeframe: object = None) -> Proposal:
    """A participant's measure proposal under an open goal proposal of their workshop."""
    values = clean_measure(title, body, responsible, timeframe)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop_id)
        _check_open(locked)
        parent = _goal_in(locked, goal)
        rules.check_measure_parent(parent.kind, parent.measures_open, parent.is_visible)
        proposal = Proposal(workshop_id=locked.id, participant_id=participant_id,
                            field_id=parent.field_id, author_kind=AuthorKind.PARTICIPANT.value,
                            kind=rules.MEASURE, parent_id=parent.id,
                            state=ProposalState.PENDING.value, **values)
        if not locked.premoderation:
            proposal.move_to(ProposalState.PUBLISHED)
        proposal_id = proposals.store_new(uow, locked, proposal)
    return db.session.get(Proposal, proposal_id)


def add_by_moderator(actor: Actor, workshop: Workshop, goal: object, *, title: object,
                     body: object = None, responsible: object = None, timeframe: object = None,
                     from_paper: bool = False) -> Proposal:
    """A measure the moderators write down (e.g. from a paper card), published at once, under
    any published goal proposal of the workshop (in any phase: cards are typed in later too)."""
    values = clean_measure(title, body, responsible, timeframe)
    with tx.write() as uow:
        locked = locking.lock_workshop(workshop.id)
        parent = _goal_in(locked, goal)
        rules.check_measure_parent(parent.kind, True, parent.is_visible)
        proposal = Proposal(workshop_id=locked.id, field_id=parent.field_id, kind=rules.MEASURE,
                            parent_id=parent.id,
                            author_kind=(AuthorKind.PAPER if from_paper else AuthorKind.MODERATOR).value,
                            state=ProposalState.PENDING.value, **values)
        proposal.move_to(ProposalState.PUBLISHED)
        db.session.add(proposal)
        db.session.flush()  # the event's snapshot needs the new proposal's id and number
        uow.record(actor, "proposal.add", proposal, locked,
                   after={"title": values["title"], "goal": parent.id, "author": proposal.author_kind},
                   event=events.proposal_changed, proposal=snapshots.staff_proposal_payload(proposal))
        proposal_id = proposal.id
    return db.session.get(Proposal, proposal_id)


def _goal_in(workshop: Workshop, goal: object) -> Proposal:
    try:
        goal_id = optional_int(goal, "goal")
    except DomainError:
        goal_id = None  # not an id: no such goal
    parent = db.session.get(Proposal, goal_id) if goal_id is not None else None
    if parent is None or parent.workshop_id != workshop.id:
        raise DomainError("goal_not_found", "There is no such goal.", field="goal")
    return parent


def check_merge(proposals: list[Proposal], target: Proposal) -> None:
    """Used by services.merging: goals with goals, measures within their goal."""
    rules.check_merge([(p.kind, p.parent_id) for p in proposals], (target.kind, target.parent_id))


# --- rounds over measures ---------------------------------------------------------------------

def round_scope(workshop: Workshop, measures_of: Any) -> tuple[str, int | None]:
    """``(item kind, goal id)`` of a new round: ``measures_of`` is None (goals, as before),
    ``"all"`` (the measures of every open goal) or a goal proposal's id."""
    if measures_of in (None, ""):
        return rules.GOAL, None
    if measures_of == "all":
        return rules.MEASURE, None
    goal_id = optional_int(measures_of, "measures_of")
    goal = db.session.get(Proposal, goal_id)
    if goal is None or goal.workshop_id != workshop.id or goal.kind != rules.GOAL:
        raise DomainError("not_a_goal_proposal", "not a goal proposal", field="measures_of")
    return rules.MEASURE, goal.id


def scope_filter(round_: VotingRound, query):
    """Narrow a query of a workshop's published proposals to the round's items."""
    if round_.item_kind != rules.MEASURE:
        return query.where(Proposal.kind == rules.GOAL)
    query = query.where(Proposal.kind == rules.MEASURE)
    if round_.measures_of_id is not None:
        return query.where(Proposal.parent_id == round_.measures_of_id)
    goals = db.select(Proposal.id).where(Proposal.workshop_id == round_.workshop_id,
                                         Proposal.measures_open.is_(True))
    return query.where(Proposal.parent_id.in_(goals))


# --- read models -------------------------------------------------------------------------------

def measure_payload(row: Any) -> dict[str, Any]:
    """The extra facts of a measure proposal on every card (phones, screen, console)."""
    return {"kind": rules.MEASURE, "parent": row.parent_id, "responsible": row.suggested_responsible,
            "timeframe": row.suggested_timeframe}


def room_measures(workshop: Workshop) -> dict[str, Any] | None:
    """The goals open for measures and their published measures, or None outside the step (no
    goal chosen): what every phone, the screen and the console draw the step from."""
    goals = db.session.execute(
        db.select(Proposal.id, Proposal.number, Proposal.title, Proposal.field_id)
        .where(Proposal.workshop_id == workshop.id, Proposal.measures_open.is_(True),
               Proposal.state == ProposalState.PUBLISHED.value).order_by(Proposal.number)).all()
    if not goals:
        return None
    rows = db.session.execute(
        db.select(Proposal.id, Proposal.number, Proposal.title, Proposal.field_id, Proposal.state,
                  Proposal.parent_id, Proposal.suggested_responsible, Proposal.suggested_timeframe)
        .where(Proposal.workshop_id == workshop.id, Proposal.kind == rules.MEASURE,
               Proposal.state == ProposalState.PUBLISHED.value,
               Proposal.parent_id.in_([g.id for g in goals])).order_by(Proposal.number))
    return {"goals": [{"id": g.id, "number": g.number, "title": g.title, "field": g.field_id}
                      for g in goals],
            "measures": [{**snapshots.proposal_payload(r), **measure_payload(r)} for r in rows]}


def any_open(workshop: Workshop) -> bool:
    """Whether some published goal proposal of the workshop is open for measures."""
    return db.session.scalar(db.select(Proposal.id).where(
        Proposal.workshop_id == workshop.id, Proposal.measures_open.is_(True),
        Proposal.state == ProposalState.PUBLISHED.value).limit(1)) is not None


def goals_with_measures(step: dict[str, Any] | None) -> list[dict[str, Any]]:
    """``room_measures`` as goals, each with its measures (what the phone and screen draw)."""
    if not step:
        return []
    return [{**g, "measures": [m for m in step["measures"] if m["parent"] == g["id"]]}
            for g in step["goals"]]


def open_for_measures(workshop: Workshop) -> bool:
    """Whether phones may propose measures now."""
    return workshop.state == WorkshopState.OPEN.value and workshop.phase == Phase.MEASURES.value


def console_step(workshop: Workshop) -> dict[str, Any]:
    """The console's measures card: every published goal proposal (ticked when open), the closed
    rounds over goals (to open their top ones), and the open goals with all their measures
    (any state: the moderators see what waits for approval too)."""
    goals = list(db.session.scalars(db.select(Proposal).where(
        Proposal.workshop_id == workshop.id, Proposal.kind == rules.GOAL,
        Proposal.state == ProposalState.PUBLISHED.value).order_by(Proposal.number)))
    rounds = list(db.session.scalars(db.select(VotingRound).where(
        VotingRound.workshop_id == workshop.id, VotingRound.item_kind == rules.GOAL,
        VotingRound.state == RoundState.CLOSED).order_by(VotingRound.id.desc())))
    opened = [g for g in goals if g.measures_open]
    children = list(db.session.scalars(db.select(Proposal).where(
        Proposal.parent_id.in_([g.id for g in opened]),
        Proposal.state.in_((ProposalState.PENDING.value, ProposalState.PUBLISHED.value)))
        .order_by(Proposal.number))) if opened else []
    return {"goals": goals, "rounds": rounds,
            "open": [(g, [m for m in children if m.parent_id == g.id]) for g in opened]}
