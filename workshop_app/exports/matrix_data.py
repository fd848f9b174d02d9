"""The priority × feasibility matrix as the report carries it (exports.matrix_doc draws it)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FeasibilityGoal", "FeasibilityMatrix"]


@dataclass(frozen=True, slots=True)
class FeasibilityGoal:
    proposal_id: int
    number: int  # its place in the priority round's ranking (the marker's number)
    title: str
    priority: float  # 0..1
    feasibility: float | None  # mean 1..5
    raters: int
    quadrant: str | None
    x: float | None = None  # the marker in the 1000 × 1000 plot (domain.matrix.layout)
    y: float | None = None


@dataclass(frozen=True, slots=True)
class FeasibilityMatrix:
    priority_round: int  # the assessed round's number in the workshop
    assessors: str  # who assessed, in words (the group's name and the named accounts' count)
    priority_split: float
    radius: float
    goals: tuple[FeasibilityGoal, ...]
    accounts: int = 0  # named staff accounts that assessed besides the group
