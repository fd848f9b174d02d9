"""The priority × feasibility matrix (issue 17, item 6): pure rules, no I/O.

Each goal (a proposal of the priority round) has a **priority**, its group-balanced score in the
priority round normalised to 0..1 by dividing by the round's highest score, and a
**feasibility**, the mean rating 1..5 of the assessors (None while nobody rated it).

Where the lines are drawn:

- *Priority* splits at the **median** of the normalised priorities of the assessed goals: a goal
  is of high priority when its priority is at least the median and above 0 (a goal nobody
  supported is never a priority). The median, not the midpoint 0.5, because the matrix answers
  "which of *our* goals first": it splits the room's own ranking into its upper and lower half,
  whatever the spread of the scores (one runaway favourite would otherwise leave every other goal
  "low"). Ties at the median all count as high, so equal scores never land in different halves.
- *Feasibility* splits at the **midpoint** 3 of the fixed 1..5 scale: its numbers mean something
  by themselves ("3 = feasible with medium effort"); a mean of at least 3 is feasible.

Quadrants: ``quick_wins`` (high priority, feasible), ``major_projects`` (high priority, hard),
``fill_ins`` (lower priority, feasible), ``reconsider`` (lower priority, hard). Goals nobody
assessed are listed apart (``unassessed``), never guessed into a quadrant.

``layout`` places one numbered marker per assessed goal in a plot of the four equally sized
quadrants: each marker takes the free slot of a grid nearest to its true position *inside its
own quadrant*, so markers never overlap and never cross a dividing line.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Final

from .ballots import RATING_MAX, RATING_MIN

QUICK_WINS: Final = "quick_wins"
MAJOR_PROJECTS: Final = "major_projects"
FILL_INS: Final = "fill_ins"
RECONSIDER: Final = "reconsider"
#: In reading order of the 2 × 2 grid: top left, top right, bottom left, bottom right
#: (x = priority grows to the right, y = feasibility grows upwards).
QUADRANTS: Final = (FILL_INS, QUICK_WINS, RECONSIDER, MAJOR_PROJECTS)
#: The order in which lists and tables name the quadrants (most actionable first).
LIST_ORDER: Final = (QUICK_WINS, MAJOR_PROJECTS, FILL_INS, RECONSIDER)
FEASIBILITY_SPLIT: Final = (RATING_MIN + RATING_MAX) / 2
SHORT_TITLE: Final = 48


@dataclass(frozen=True, slots=True)
class GoalInput:
    """One goal as the services read it: the priority round's balanced score (≥ 0) and the
    assessors' mean feasibility with the number of raters."""

    goal_id: int
    title: str
    score: float
    feasibility: float | None
    raters: int = 0


@dataclass(frozen=True, slots=True)
class MatrixGoal:
    goal_id: int
    number: int
    title: str
    short_title: str
    priority: float
    feasibility: float | None
    raters: int
    quadrant: str | None

    def as_dict(self) -> dict[str, object]:
        return {"id": self.goal_id, "number": self.number, "title": self.title,
                "short_title": self.short_title, "priority": round(self.priority, 4),
                "feasibility": None if self.feasibility is None else round(self.feasibility, 4),
                "raters": self.raters, "quadrant": self.quadrant}


@dataclass(frozen=True, slots=True)
class Matrix:
    goals: tuple[MatrixGoal, ...]
    priority_split: float
    feasibility_split: float = FEASIBILITY_SPLIT

    def in_quadrant(self, key: str) -> list[MatrixGoal]:
        return [g for g in self.goals if g.quadrant == key]

    @property
    def unassessed(self) -> list[MatrixGoal]:
        return [g for g in self.goals if g.quadrant is None]


def short_title(title: str, limit: int = SHORT_TITLE) -> str:
    """The title cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(title.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…"


def normalise(scores: Sequence[float]) -> list[float]:
    """Each score divided by the highest (all 0 when none is above 0)."""
    top = max(scores, default=0.0)
    if top <= 0:
        return [0.0 for _ in scores]
    return [max(0.0, min(1.0, s / top)) for s in scores]


def is_high_priority(priority: float, split: float) -> bool:
    return priority > 0 and priority >= split


def is_feasible(feasibility: float) -> bool:
    return feasibility >= FEASIBILITY_SPLIT


def quadrant_of(high_priority: bool, feasible: bool) -> str:
    if high_priority:
        return QUICK_WINS if feasible else MAJOR_PROJECTS
    return FILL_INS if feasible else RECONSIDER


def build(goals: Sequence[GoalInput]) -> Matrix:
    """Number the goals in the given order (the priority round's ranking), normalise their
    priority and place every assessed goal in its quadrant."""
    priorities = normalise([max(0.0, g.score) for g in goals])
    assessed = [p for p, g in zip(priorities, goals) if g.feasibility is not None]
    split = float(median(assessed)) if assessed else 0.0
    placed = []
    for number, (goal, priority) in enumerate(zip(goals, priorities), start=1):
        quadrant = None
        if goal.feasibility is not None:
            quadrant = quadrant_of(is_high_priority(priority, split), is_feasible(goal.feasibility))
        placed.append(MatrixGoal(goal.goal_id, number, goal.title, short_title(goal.title), priority,
                                 goal.feasibility, goal.raters, quadrant))
    return Matrix(tuple(placed), split)


# --- layout: numbered markers in four equal quadrants, never overlapping ----------------------

@dataclass(frozen=True, slots=True)
class Marker:
    goal_id: int
    number: int
    quadrant: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Layout:
    width: float
    height: float
    radius: float
    markers: tuple[Marker, ...]

    def as_dict(self) -> dict[str, object]:
        return {"width": self.width, "height": self.height, "radius": round(self.radius, 2),
                "markers": [{"id": m.goal_id, "number": m.number, "quadrant": m.quadrant,
                             "x": round(m.x, 2), "y": round(m.y, 2)} for m in self.markers]}


def unit_position(goal: MatrixGoal, split: float) -> tuple[float, float]:
    """Where a goal belongs in the unit square of the drawn matrix (0,0 bottom left): priority
    mapped piecewise so that the median split is the vertical middle line, feasibility 1..5
    linearly (its split 3 is the middle already)."""
    p, f = goal.priority, goal.feasibility if goal.feasibility is not None else FEASIBILITY_SPLIT
    if is_high_priority(p, split):
        x = 0.5 + (0.5 * (p - split) / (1 - split) if split < 1 else 0.25)
    else:
        x = 0.5 * p / split if split > 0 else 0.25
    y = (f - RATING_MIN) / (RATING_MAX - RATING_MIN)
    return min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)


def quadrant_box(key: str, width: float, height: float, band: float = 0) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of a quadrant in drawing coordinates (y grows downwards), without the
    ``band`` at its top that holds the quadrant's name."""
    column = 1 if key in (QUICK_WINS, MAJOR_PROJECTS) else 0
    row = 0 if key in (QUICK_WINS, FILL_INS) else 1
    return (column * width / 2, row * height / 2 + band, (column + 1) * width / 2, (row + 1) * height / 2)


def _slots(box: tuple[float, float, float, float], step: float) -> list[tuple[float, float]]:
    x0, y0, x1, y1 = box
    columns, rows = int((x1 - x0) // step), int((y1 - y0) // step)
    pad_x, pad_y = ((x1 - x0) - columns * step) / 2, ((y1 - y0) - rows * step) / 2
    return [(x0 + pad_x + step * (i + 0.5), y0 + pad_y + step * (j + 0.5))
            for j in range(rows) for i in range(columns)]


def layout(matrix: Matrix, width: float = 1000, height: float = 1000,
           radius: float = 26, gap: float = 6, band: float = 0) -> Layout:
    """Markers for the assessed goals: the nearest free grid slot to each goal's true position
    within its quadrant (below the ``band`` that holds the quadrant's name), taken in numbering
    order (the higher-ranked goal gets the closer slot). The radius shrinks when a quadrant
    holds more goals than slots; distinct slots lie at least ``2 × radius + gap`` apart, so no
    two markers overlap."""
    groups = {key: matrix.in_quadrant(key) for key in QUADRANTS}
    crowd = max((len(v) for v in groups.values()), default=0)
    step = 2 * radius + gap
    if crowd:
        side = min(width / 2, height / 2 - band)
        # Largest step with at least ``crowd`` slots in a quadrant (always ≥ 1 slot per goal).
        fit = side / math.ceil(math.sqrt(crowd))
        step = min(step, fit)
        while len(_slots(quadrant_box(QUICK_WINS, width, height, band), step)) < crowd:
            step *= 0.95
    r = max(1.0, min(radius, (step - gap) / 2 if step > gap + 2 else step * 0.45))
    markers = []
    for key, goals in groups.items():
        box = quadrant_box(key, width, height, band)
        free = _slots(box, step)
        for goal in goals:
            ux, uy = unit_position(goal, matrix.priority_split)
            tx, ty = ux * width, (1 - uy) * height
            best = min(range(len(free)), key=lambda i: ((free[i][0] - tx) ** 2 + (free[i][1] - ty) ** 2, i))
            sx, sy = free.pop(best)
            markers.append(Marker(goal.goal_id, goal.number, key, sx, sy))
    markers.sort(key=lambda m: m.number)
    return Layout(width, height, r, tuple(markers))
