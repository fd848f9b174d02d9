"""The ready-made agenda of a process template, which the moderator can start from.

Each step sets the room up with the other use cases (tables, rounds, measures, feasibility) in ONE
transaction — the nested ``tx.write()`` calls join it — so a refused step leaves nothing half made,
and the events of all of them go out after the one commit. Where the room stands is read off the
stored state (domain.agenda), never kept separately.
"""
from __future__ import annotations

from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..domain import agenda as rules
from ..domain.agenda import AgendaFacts, AgendaStep
from ..domain.ballots import Method
from ..domain.errors import DomainError
from ..domain.feasibility import RoundPurpose
from ..domain.measures import ProposalKind
from ..domain.phases import Phase, RoundState
from ..domain.process_templates import TEMPLATES
from ..extensions import db
from ..models import FieldOfAction, Proposal, VotingRound, Workshop
from . import feasibility, measures, room, rounds, table_seats, tables
from .plumbing import audit, tx
from .plumbing.audit import Actor

_FEASIBILITY = RoundPurpose.FEASIBILITY
_PRIORITY_TITLE = _l("Which goals matter most?")
_FEASIBILITY_TITLE = _l("How feasible is each goal?")


def steps_of(workshop: Workshop) -> tuple[AgendaStep, ...]:
    template = TEMPLATES.get(workshop.process.template)
    return template.agenda if template is not None else ()


def _latest(workshop_id: int, *, purpose: str) -> VotingRound | None:
    query = db.select(VotingRound).where(VotingRound.workshop_id == workshop_id,
                                         VotingRound.purpose == purpose)
    if purpose != _FEASIBILITY:
        query = query.where(VotingRound.item_kind == ProposalKind.GOAL)
    return db.session.scalar(query.order_by(VotingRound.id.desc()).limit(1))


def facts_of(workshop: Workshop) -> AgendaFacts:
    priority = _latest(workshop.id, purpose=RoundPurpose.PRIORITY)
    assessing = _latest(workshop.id, purpose=_FEASIBILITY)
    return AgendaFacts(
        tables=len(tables.tables_of(workshop.id)),
        priority_round=priority.state if priority is not None else None,
        measure_goals=db.session.scalar(db.select(db.func.count()).select_from(Proposal).where(
            Proposal.workshop_id == workshop.id, Proposal.measures_open.is_(True))) or 0,
        feasibility_round=assessing.state if assessing is not None else None,
    )


def agenda_of(workshop: Workshop) -> list[dict[str, Any]]:
    """The console's agenda: each step with its status (``done``/``current``/``later``) and
    whether the room is set up for it already (then the console offers no button for it)."""
    steps = steps_of(workshop)
    if not steps:
        return []
    facts = facts_of(workshop)
    return [{"step": step.value, "status": status.value, "started": rules.is_started(step, facts)}
            for step, status in rules.step_statuses(steps, facts)]


def _title(workshop: Workshop, text: Any) -> str:
    """A round's title in the room's first language (the stored title is what everyone reads)."""
    languages = workshop.language_list
    with force_locale(languages[0] if languages else "de"):
        return str(text)


def start(actor: Actor, workshop: Workshop, step: object) -> Workshop:
    """Set the room up for ``step`` of the workshop's agenda."""
    try:
        wanted = AgendaStep(step)
    except ValueError:
        raise DomainError("invalid_choice", "unknown agenda step", field="step") from None
    if wanted not in steps_of(workshop):
        raise DomainError("invalid_choice", "not a step of this workshop's agenda", field="step")
    with tx.write():
        {AgendaStep.TABLES: _tables, AgendaStep.PRIORITISE: _prioritise,
         AgendaStep.MEASURES: _measures, AgendaStep.FEASIBILITY: _feasibility}[wanted](actor, workshop)
        audit.record(actor, "agenda.start", workshop, workshop_id=workshop.id,
                     process_id=workshop.process_id, after={"step": wanted.value})
    return db.session.get(Workshop, workshop.id)


def _tables(actor: Actor, workshop: Workshop) -> None:
    """One table per core field of action (the template's optional modules only when the
    process has no other fields), everyone seated with the groups balanced, then collect."""
    if not tables.tables_of(workshop.id):
        fields = list(db.session.scalars(db.select(FieldOfAction).filter_by(
            process_id=workshop.process_id).order_by(FieldOfAction.position)))
        core = [field for field in fields if not field.optional_module] or fields
        if not core:
            raise DomainError("no_fields", "The process has no fields of action for tables.")
        for field in core[:tables.MAX_TABLES]:
            tables.create(actor, workshop.id, name=field.name[:80], field=field.id)
    table_seats.balance(actor, workshop.id)
    if workshop.phase != Phase.COLLECT.value:
        room.change_phase(actor, workshop.id, Phase.COLLECT.value)


def _prioritise(actor: Actor, workshop: Workshop) -> None:
    """A ranking round over all goal proposals, prepared (the moderator starts it)."""
    latest = _latest(workshop.id, purpose=RoundPurpose.PRIORITY)
    if latest is not None and latest.state != RoundState.CLOSED.value:
        raise DomainError("round_already_prepared",
                          "A prioritisation round is already prepared or open.")
    rounds.create(actor, workshop.id, method=Method.RANKING, budget=rules.PRIORITY_RANKING_PLACES,
                  title=_title(workshop, _PRIORITY_TITLE))


def _closed_priority(workshop: Workshop) -> VotingRound:
    latest = _latest(workshop.id, purpose=RoundPurpose.PRIORITY)
    if latest is None or latest.state != RoundState.CLOSED.value:
        raise DomainError("priority_round_not_closed",
                          "Close the prioritisation round first.")
    return latest


def _measures(actor: Actor, workshop: Workshop) -> None:
    """The top goals of the closed prioritisation open for measures; the room collects them."""
    top = measures.top_of_round(_closed_priority(workshop), rules.MEASURE_GOALS)
    measures.choose_goals(actor, workshop, top)
    if workshop.phase != Phase.MEASURES.value:
        room.change_phase(actor, workshop.id, Phase.MEASURES.value)


def _feasibility(actor: Actor, workshop: Workshop) -> None:
    """The administration assesses the prioritised goals (a draft round the moderator starts)."""
    latest = _latest(workshop.id, purpose=_FEASIBILITY)
    if latest is not None and latest.state != RoundState.CLOSED.value:
        raise DomainError("round_already_prepared",
                          "A feasibility round is already prepared or open.")
    feasibility.create(actor, _closed_priority(workshop),
                       title=_title(workshop, _FEASIBILITY_TITLE))
