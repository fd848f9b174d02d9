"""How far a process's action plan is: per measure, goal, field of action and the whole process.

Read-only: it applies the rules of ``domain/progress.py`` to the stored measures on one day.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date

from ...domain.progress import Assessment, Rollup, rollup
from ...models import Goal, Measure, Process


def today() -> date:
    """The day progress is judged on (the server's local date, like the notes' default date)."""
    return date.today()


@dataclass
class PlanProgress:
    """Assessments of every measure and the roll-ups, looked up by id (field ``None``: no field)."""

    day: date
    measures: dict[int, Assessment] = dc_field(default_factory=dict)
    goals: dict[int, Rollup] = dc_field(default_factory=dict)
    fields: dict[int | None, Rollup] = dc_field(default_factory=dict)
    overall: Rollup = dc_field(default_factory=Rollup)

    def measure(self, measure: Measure) -> Assessment:
        return self.measures[measure.id]

    def goal(self, goal: Goal) -> Rollup:
        return self.goals.get(goal.id, Rollup())

    def field(self, field_id: int | None) -> Rollup:
        return self.fields.get(field_id, Rollup())


def goal_rollup(goal: Goal, day: date | None = None) -> Rollup:
    day = day or today()
    return rollup(m.assess(day) for m in goal.measures)


def plan_progress(process: Process, day: date | None = None) -> PlanProgress:
    day = day or today()
    result = PlanProgress(day=day)
    by_field: dict[int | None, list[Assessment]] = {f.id: [] for f in process.fields}
    for goal in process.goals:
        assessed = [m.assess(day) for m in goal.measures]
        result.measures.update((m.id, a) for m, a in zip(goal.measures, assessed))
        result.goals[goal.id] = rollup(assessed)
        by_field.setdefault(goal.field_id, []).extend(assessed)
    result.fields = {field_id: rollup(items) for field_id, items in by_field.items()}
    result.overall = rollup(result.measures.values())
    return result
