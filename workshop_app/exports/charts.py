"""Bar charts for the documents: a layout block (``Chart``), the charts a report shows, a PNG.

Each chart keeps the screen's encoding of stakeholder groups — the Okabe–Ito colour *and* the
pattern of the group's position (``static/css/screen.css``: .group-N / .pattern-N), never colour
alone — with a legend, and an alternative text that says what the chart shows. The numbers
are always also in the table printed right beside it (the chart only helps the eye).

The PNG is drawn by ``chart_png`` (Pillow; raqm shapes Arabic labels); the PDF, DOCX and ODT
writers embed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from .document_plan import AnnualFigures, PlanField
    from .document_shared import Group, Round
    from .labels import Labels
    from .matrix_doc import MatrixChart

__all__ = ["CHART_WORDS", "Chart", "Series", "annual_status_chart", "participation_chart", "render_png", "round_chart",
           "size_mm", "status_chart"]

# Okabe–Ito, in the order of the screen's --group-1 … --group-7.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
_TOP = 10  # bars in a round's chart: the leading proposals; the table lists all

# The few words of the charts, in the export languages (the rest comes from ``Labels``).
CHART_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "round_title": "Die {n} stärksten Vorschläge nach Punkten, aufgeteilt nach Gruppe",
        "round_alt": "Balkendiagramm: {first} liegt mit {points} Punkten vorn{more}. Die Balken sind nach "
                     "Gruppe aufgeteilt ({groups}); alle Werte stehen in der Tabelle.",
        "more": ", gefolgt von {second} mit {points}",
        "participation_title": "Beteiligung nach Gruppe",
        "participation_alt": "Balkendiagramm der Beteiligung je Gruppe: {items}. Die Werte stehen in der Tabelle.",
        "status_title": "Stand der Maßnahmen je Handlungsfeld",
        "status_title_one": "Stand der Maßnahmen",
        "status_alt": "Gestapeltes Balkendiagramm: Maßnahmen je Handlungsfeld nach Status; insgesamt {items}. "
                      "Die Werte stehen in der Tabelle.",
    },
    "en": {
        "round_title": "The {n} strongest proposals by points, split by group",
        "round_alt": "Bar chart: {first} leads with {points} points{more}. Bars are split by group "
                     "({groups}); every value is in the table.",
        "more": ", followed by {second} with {points}",
        "participation_title": "Participation by group",
        "participation_alt": "Bar chart of participation by group: {items}. The values are in the table.",
        "status_title": "Measures by field of action and status",
        "status_title_one": "Measures by status",
        "status_alt": "Stacked bar chart: measures per field of action by status; in total {items}. "
                      "The values are in the table.",
    },
}


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    colour: str  # "#rrggbb"
    pattern: int  # 1..7 as on the screen; 0 = plain


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart: one bar per category, stacked by series."""

    title: str
    alt: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    values: tuple[tuple[float, ...], ...]  # per category, one value per series


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def group_series(groups: Sequence[Group]) -> tuple[Series, ...]:
    return tuple(Series(g.name, OKABE_ITO[i % 7], i % 7 + 1) for i, g in enumerate(groups))


def round_chart(round_: Round, groups: Sequence[Group], language: str) -> Chart | None:
    """The leading proposals of a round, each bar split by the groups' points."""
    rows = [r for r in round_.results if r.points][:_TOP]
    if not rows:
        return None
    words = CHART_WORDS[language]
    series = group_series(groups)
    values = tuple(
        tuple(float(r.by_group[g.key].points) if g.key in r.by_group else 0.0 for g in groups) for r in rows
    )
    label = [getattr(r, "label", f"#{r.proposal_id}") for r in rows]
    more = words["more"].format(second=label[1], points=_fmt(rows[1].points)) if len(rows) > 1 else ""
    alt = words["round_alt"].format(first=label[0], points=_fmt(rows[0].points), more=more,
                                    groups=", ".join(s.name for s in series))
    categories = tuple(f"{lab} {_short(r.title)}" for lab, r in zip(label, rows, strict=True))
    return Chart(words["round_title"].format(n=len(rows)), alt, categories, series, values)


def participation_chart(groups: Sequence[Group], labels: Labels, language: str) -> Chart | None:
    """Per group: how many took part and how many voted, in the group's colour and pattern."""
    if not groups:
        return None
    words = CHART_WORDS[language]
    kinds = (labels["participants"], labels["voters"])
    series = group_series(groups)
    # Categories are the two measures; each bar stacks the groups.
    values = (tuple(float(g.participants) for g in groups), tuple(float(g.voters) for g in groups))
    items = "; ".join(f"{g.name}: {g.participants} {kinds[0]}, {g.voters} {kinds[1]}" for g in groups)
    return Chart(words["participation_title"], words["participation_alt"].format(items=items),
                 kinds, series, values)  # fmt: skip


_STATUS_COLOURS = {"planned": ("#999999", 3), "in_progress": ("#E69F00", 1), "done": ("#009E73", 2),
                   "dropped": ("#D55E00", 6)}  # fmt: skip


def status_chart(fields: Sequence[PlanField], labels: Labels, language: str) -> Chart | None:
    """Measures per field of action of a plan, stacked by status."""
    rows: list[tuple[str, Mapping[str, float]]] = []
    for plan_field in fields:
        counts: dict[str, float] = {}
        for goal in plan_field.goals:
            for measure in goal.measures:
                counts[str(measure.status.value)] = counts.get(str(measure.status.value), 0) + 1
        rows.append((plan_field.field.name, counts))
    return _status_chart(rows, labels, language)


def annual_status_chart(by_field: Sequence[AnnualFigures], labels: Labels, language: str) -> Chart | None:
    """The annual report's figures per field (``AnnualFigures``) as the same chart."""
    rows: list[tuple[str, Mapping[str, float]]] = [
        (f.name, {"planned": f.planned, "in_progress": f.in_progress, "done": f.done, "dropped": f.dropped})
        for f in by_field
    ]
    return _status_chart(rows, labels, language)


def _status_chart(rows: Sequence[tuple[str, Mapping[str, float]]], labels: Labels, language: str) -> Chart | None:
    from .document import MeasureStatus

    statuses = list(MeasureStatus)
    counts = [tuple(float(by_status.get(str(s.value), 0)) for s in statuses) for _name, by_status in rows]
    if not any(any(row) for row in counts):
        return None
    words = CHART_WORDS[language]
    series = tuple(
        Series(labels.term("measure_status", s), *_STATUS_COLOURS.get(str(s.value), ("#0072B2", 5)))
        for s in statuses
    )
    totals = [sum(row[i] for row in counts) for i in range(len(statuses))]
    items = ", ".join(f"{_fmt(n)} {s.name}" for n, s in zip(totals, series, strict=True))
    categories = tuple(_short(name, 34) for name, _counts in rows)
    title = words["status_title" if len(rows) > 1 else "status_title_one"]
    return Chart(title, words["status_alt"].format(items=items), categories, series, tuple(counts))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def size_mm(chart: Chart) -> tuple[float, float]:
    """The printed size of the chart on an A4 page (width of the text, height by bars)."""
    if hasattr(chart, "markers"):  # matrix_doc.MatrixChart: priority × feasibility
        from .matrix_png import SIZE_MM
        return SIZE_MM
    return 170.0, 16.0 + 7.0 * len(chart.categories) + 7.0 * ((len(chart.series) + 3) // 4)


def render_png(chart: Chart, dpi: int = 150) -> bytes:
    """The chart as an RGB PNG, ``size_mm`` at ``dpi``."""
    if hasattr(chart, "markers"):  # matrix_doc.MatrixChart
        from .matrix_png import render as render_matrix
        return render_matrix(cast("MatrixChart", chart), size_mm(chart), dpi)
    from .chart_png import render

    return render(chart, size_mm(chart), dpi)
