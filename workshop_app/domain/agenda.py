"""A workshop's agenda: the ready-made sequence of methods a template offers the moderator.

The "Familiengerechte Kommune" workshops run in four steps: small tables per field of action
collect goals (world café), the plenary prioritises them, the room proposes measures for the most
important goals, and the administration assesses their feasibility. The agenda is not stored: where
the room stands is read off what exists (tables, rounds, goals selected for measures), so a
moderator who takes a step by hand sees it ticked off just the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from .phases import RoundState

__all__ = [
    "FGK_AGENDA",
    "MEASURE_GOALS",
    "PRIORITY_RANKING_PLACES",
    "AgendaFacts",
    "AgendaStep",
    "StepStatus",
    "is_started",
    "step_statuses",
]


class AgendaStep(StrEnum):
    TABLES = "tables"
    PRIORITISE = "prioritise"
    MEASURES = "measures"
    FEASIBILITY = "feasibility"


class StepStatus(StrEnum):
    DONE = "done"
    CURRENT = "current"
    LATER = "later"


FGK_AGENDA: Final[tuple[AgendaStep, ...]] = (
    AgendaStep.TABLES, AgendaStep.PRIORITISE, AgendaStep.MEASURES, AgendaStep.FEASIBILITY)

#: The plenary ranks its top three goals: few enough to decide in a minute on a phone, and the
#: three places give 3, 2 and 1 points.
PRIORITY_RANKING_PLACES: Final = 3
#: How many of the top-ranked goals get measures in the room (the rest go to the administration).
MEASURE_GOALS: Final = 3


@dataclass(frozen=True, slots=True)
class AgendaFacts:
    """What the stored room says about each step.

    ``priority_round`` / ``feasibility_round``: the state of the latest such round (``draft``,
    ``open``, ``closed``) or ``None`` when there is none.
    """

    tables: int = 0
    priority_round: str | None = None
    measure_goals: int = 0
    feasibility_round: str | None = None


def is_started(step: AgendaStep, facts: AgendaFacts) -> bool:
    """Whether the room has been set up for ``step`` already (its button would only repeat it)."""
    return {
        AgendaStep.TABLES: facts.tables > 0,
        AgendaStep.PRIORITISE: facts.priority_round is not None,
        AgendaStep.MEASURES: facts.measure_goals > 0,
        AgendaStep.FEASIBILITY: facts.feasibility_round is not None,
    }[step]


def _finished(step: AgendaStep, facts: AgendaFacts) -> bool:
    if step is AgendaStep.PRIORITISE:
        return facts.priority_round == RoundState.CLOSED
    if step is AgendaStep.FEASIBILITY:
        return facts.feasibility_round == RoundState.CLOSED
    return False  # tables and measures end when the room moves on


def step_statuses(agenda: tuple[AgendaStep, ...], facts: AgendaFacts) -> list[tuple[AgendaStep, StepStatus]]:
    """Each step's status: done when it finished or a later step has started; the first step
    that is not done is current; the rest come later. At most one step is current."""
    statuses: list[tuple[AgendaStep, StepStatus]] = []
    current_given = False
    for index, step in enumerate(agenda):
        later_started = any(is_started(other, facts) for other in agenda[index + 1:])
        if _finished(step, facts) or later_started:
            statuses.append((step, StepStatus.DONE))
        elif not current_given:
            statuses.append((step, StepStatus.CURRENT))
            current_given = True
        else:
            statuses.append((step, StepStatus.LATER))
    return statuses
