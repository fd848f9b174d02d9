"""The priority × feasibility matrix in the documents (issue 17, item 6): its data in the report
(``FeasibilityMatrix`` on a feasibility round), the blocks of the DOCX/ODT/PDF report (a chart and
a table of the goals by quadrant, beside each other as every chart here), and the columns the
XLSX/CSV results gain. Pure code without an app context: the words are here in both export
languages, like ``charts.CHART_WORDS``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..domain.matrix import LIST_ORDER
from .charts import Chart
from .formatting import format_number
from .labels import Labels
from .layout_parts import Block, Heading, Paragraph, iso, table
from .matrix_data import FeasibilityGoal, FeasibilityMatrix
from .table_types import Column, Kind

if TYPE_CHECKING:
    from .document import WorkshopReport
    from .document_shared import Round
    from .table_types import Value

__all__ = [
    "WORDS",
    "FeasibilityGoal",
    "FeasibilityMatrix",
    "MatrixChart",
    "matrix_blocks",
    "matrix_cells",
    "matrix_columns",
]

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "heading": "Priorität und Umsetzbarkeit",
        "intro": "Die Priorität ist der gruppenausgewogene Wert der Ziele in Abstimmung {round}, geteilt durch den "
                 "höchsten Wert (0 bis 100 %). Die Umsetzbarkeit ist die mittlere Bewertung der Bewertenden "
                 "({assessors}) von 1 (schwer, großer Aufwand) bis 5 (leicht, geringer Aufwand). Hohe Priorität heißt: "
                 "mindestens der Median der Prioritäten ({split}); umsetzbar heißt: im Mittel mindestens 3.",
        "title": "Priorität und Umsetzbarkeit der Ziele",
        "alt": "Punktdiagramm in vier Feldern: nach rechts steigt die Priorität, nach oben die Umsetzbarkeit. "
               "{items}. Alle Werte stehen in der Tabelle.",
        "x_axis": "Priorität (Abstimmung)", "y_axis": "Umsetzbarkeit (Bewertung)",
        "quick_wins": "Schnelle Erfolge", "major_projects": "Große Vorhaben", "fill_ins": "Nebenbei",
        "reconsider": "Überdenken", "none": "Noch nicht bewertet",
        "quadrant": "Quadrant", "number": "Nr.", "goal": "Ziel", "priority": "Priorität",
        "feasibility": "Umsetzbarkeit (1–5)", "raters": "Bewertende", "col_priority": "Priorität (0–1)",
        "col_quadrant": "Quadrant (Priorität × Umsetzbarkeit)", "accounts": "{group} und {n} benannte Konten",
    },
    "en": {
        "heading": "Priority and feasibility",
        "intro": "Priority is the goals' group-balanced score in vote {round}, divided by the highest score (0 to "
                 "100 %). Feasibility is the assessors' ({assessors}) mean rating from 1 (hard, great effort) to 5 "
                 "(easy, little effort). High priority means at least the median priority ({split}); feasible means "
                 "a mean of at least 3.",
        "title": "Priority and feasibility of the goals",
        "alt": "Scatter chart in four quadrants: priority grows to the right, feasibility upwards. {items}. "
               "Every value is in the table.",
        "x_axis": "Priority (the vote)", "y_axis": "Feasibility (the assessment)",
        "quick_wins": "Quick wins", "major_projects": "Major projects", "fill_ins": "Fill-ins",
        "reconsider": "Reconsider", "none": "Not assessed yet",
        "quadrant": "Quadrant", "number": "No.", "goal": "Goal", "priority": "Priority",
        "feasibility": "Feasibility (1–5)", "raters": "Assessors", "col_priority": "Priority (0–1)",
        "col_quadrant": "Quadrant (priority × feasibility)", "accounts": "{group} and {n} named accounts",
    },
}


@dataclass(frozen=True, slots=True)
class MatrixChart(Chart):
    """A ``Chart`` block the writers embed like every chart; drawn by ``matrix_png``."""

    quadrant_names: tuple[str, ...] = ()  # in domain.matrix.QUADRANTS order
    axes: tuple[str, str] = ("", "")
    markers: tuple[tuple[int, float, float, str], ...] = ()  # number, x, y, quadrant
    radius: float = 26.0


def _words(labels: Labels) -> dict[str, str]:
    return WORDS.get(labels.code, WORDS["en"])


def matrix_chart(m: FeasibilityMatrix, labels: Labels) -> MatrixChart | None:
    from ..domain.matrix import QUADRANTS

    w = _words(labels)
    placed = [g for g in m.goals if g.quadrant is not None and g.x is not None]
    if not placed:
        return None
    items = "; ".join(f"{w[key]}: " + (", ".join(str(g.number) for g in placed if g.quadrant == key) or "–")
                      for key in LIST_ORDER)
    return MatrixChart(title=w["title"], alt=w["alt"].format(items=items), categories=(), series=(), values=(),
                       quadrant_names=tuple(w[k] for k in QUADRANTS), axes=(w["x_axis"], w["y_axis"]),
                       markers=tuple((g.number, g.x, g.y, g.quadrant) for g in placed),  # type: ignore[misc]
                       radius=m.radius)  # (placed goals have x, y and a quadrant: domain.matrix.layout)


def matrix_blocks(m: FeasibilityMatrix | None, labels: Labels) -> Iterator[Block]:
    """Heading, how to read it, the chart and the goals by quadrant."""
    if m is None or not m.goals:
        return
    w = _words(labels)
    num = partial(format_number, language=labels.code)
    yield Heading(w["heading"], 3)
    who = w["accounts"].format(group=m.assessors, n=m.accounts) if m.accounts else m.assessors
    yield Paragraph(w["intro"].format(round=m.priority_round, assessors=iso(who),
                                      split=f"{num(round(m.priority_split * 100))} %"))
    chart = matrix_chart(m, labels)
    if chart is not None:
        yield chart
    columns = [(w["quadrant"], 2.4, False), (w["number"], 0.8, True), (w["goal"], 5, False),
               (w["priority"], 1.4, True), (w["feasibility"], 1.6, True), (w["raters"], 1.3, True)]
    rows = []
    for key in (*LIST_ORDER, None):
        for g in (g for g in m.goals if g.quadrant == key):
            rows.append([w[key or "none"], str(g.number), iso(g.title), f"{num(round(g.priority * 100))} %",
                         "–" if g.feasibility is None else num(round(g.feasibility, 2)), str(g.raters)])
    yield table(columns, rows)


# --- the spreadsheets: the results of a feasibility round gain priority and quadrant -----------

def matrix_columns(doc: WorkshopReport, labels: Labels) -> list[Column]:
    if not any(getattr(r, "matrix", None) for r in doc.rounds):
        return []
    w = _words(labels)
    return [Column(w["col_priority"], Kind.SCORE, 12), Column(w["col_quadrant"], Kind.TEXT, 22)]


def matrix_cells(r: Round, proposal_id: int, labels: Labels) -> list[Value]:
    m = getattr(r, "matrix", None)
    goal = next((g for g in m.goals if g.proposal_id == proposal_id), None) if m else None
    if goal is None:
        return [None, ""]
    return [round(goal.priority, 4), _words(labels)[goal.quadrant or "none"]]
