"""The annual progress report as printable blocks: figures, overdue measures, every measure's
state, what changed in the year, the notes and the sources (the plan itself: layout_plan.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from .charts import annual_status_chart
from .document import AnnualFigures, AnnualMeasure, AnnualReport, Measure, MeasureStatus
from .formatting import format_date
from .labels import Labels, note_text
from .layout_parts import Block, Heading, Layout, Paragraph, TextTable, facts, iso, method_and_rule, table
from .layout_plan import measures_table, meta_facts, progress_text, status_text

__all__ = ["annual_layout"]


def annual_layout(doc: AnnualReport, labels: Labels) -> Layout:
    name = labels["annual_title"].format(year=doc.year)
    title = f"{name}: {doc.meta.process_title}"
    heading = Heading(f"{name}: {iso(doc.meta.process_title)}", 0)
    return Layout(title, labels.code, (heading, *_annual(doc, labels)))


def _annual(doc: AnnualReport, labels: Labels) -> Iterator[Block]:
    lang = labels.code
    period = f"{format_date(doc.since, lang)} – {format_date(doc.until, lang)}"
    yield meta_facts(doc.meta, labels, (labels["reporting_period"], period))
    yield Heading(labels["section_summary"], 1)
    t = doc.totals
    yield Paragraph(labels["summary_text"].format(
        total=t.total, done=t.done, in_progress=t.in_progress, planned=t.planned,
        dropped=t.dropped, overdue=t.overdue))
    yield _figures_table(doc, labels)
    chart = annual_status_chart(doc.by_field, labels, labels.code)  # 15-form: charts.py
    if chart is not None:
        yield chart
    yield Heading(labels["section_overdue"], 1)
    if doc.overdue:
        yield _overdue_table(doc.overdue, labels)
    else:
        yield Paragraph(labels["no_overdue"], note=True)
    yield Heading(labels["section_changes"], 1)
    yield from _changes(doc, labels)
    yield Heading(labels["section_notes"], 1)
    yield from _notes(doc, labels)
    yield Heading(labels["section_all_measures"], 1)
    yield from _all_measures(doc.measures, labels)
    yield from _sources(doc, labels)


def _figures_table(doc: AnnualReport, labels: Labels) -> TextTable:
    def row(f: AnnualFigures, name: str) -> tuple[str, ...]:
        return (name, *map(str, (f.done, f.in_progress, f.planned, f.dropped, f.total, f.overdue)))

    status = partial(labels.term, "measure_status")
    return table(
        [(labels["field"], 4, False), (status(MeasureStatus.DONE), 1.4, True),
         (status(MeasureStatus.IN_PROGRESS), 1.4, True), (status(MeasureStatus.PLANNED), 1.3, True),
         (status(MeasureStatus.DROPPED), 1.3, True), (labels["total"], 1.2, True),
         (labels["overdue"], 1.3, True)],
        [*(row(f, f.name) for f in doc.by_field), row(doc.totals, labels["total"])])


def _overdue_table(items: Sequence[AnnualMeasure], labels: Labels) -> TextTable:
    rows = [(f"{item.measure.title}\n{labels['goal']} {item.goal_number}: {iso(item.goal)}",
             item.measure.responsible, format_date(item.measure.deadline, labels.code),
             status_text(item.measure, labels), progress_text(item.measure, labels)) for item in items]
    return table([(labels["measure"], 6, False), (labels["responsible"], 3, False),
                  (labels["deadline"], 1.8, False), (labels["state"], 1.8, False),
                  (labels["progress"], 1.6, True)], rows)


def _all_measures(items: Sequence[AnnualMeasure], labels: Labels) -> Iterator[Block]:
    """Every measure under its field and goal, as the plan prints them (latest note included)."""
    field: str | None = None
    goal: int | None = None
    group: list[Measure] = []
    for item in [*items, None]:
        key = None if item is None else (item.field, item.goal_number)
        if group and key != (field, goal):
            yield measures_table(group, labels, with_progress=True)
            group = []
        if item is None:
            break
        if item.field != field:
            yield Heading(item.field, 2)
        if key != (field, goal):
            yield Paragraph(f"{labels['goal']} {item.goal_number}: {iso(item.goal)}")
        field, goal = item.field, item.goal_number  # the key
        group.append(item.measure)


def _changes(doc: AnnualReport, labels: Labels) -> Iterator[Block]:
    if not doc.changes:
        yield Paragraph(labels["no_changes"], note=True)
        return
    status = partial(labels.term, "measure_status")
    yield table(
        [(labels["date"], 1.5, False), (labels["measure"], 4, False), (labels["change"], 3, False),
         (labels["remark"], 4, False)],
        [(format_date(c.date, labels.code), f"{c.measure}\n({labels['goal']}: {iso(c.goal)})",
          f"{status(c.before) if c.before else labels['status_new']} → {status(c.after)}", c.text)
         for c in doc.changes])


def _notes(doc: AnnualReport, labels: Labels) -> Iterator[Block]:
    if not doc.year_notes:
        yield Paragraph(labels["no_notes"], note=True)
        return
    yield table([(labels["date"], 1.5, False), (labels["measure"], 4, False),
                 (labels["remark"], 6, False)],
                [(format_date(n.date, labels.code), title, note_text(n, labels))
                 for n, title in doc.year_notes])


def _sources(doc: AnnualReport, labels: Labels) -> Iterator[Block]:
    yield Heading(labels["section_sources"], 1)
    yield Paragraph(labels["sources_text"])
    for w in doc.workshops:
        yield Heading(w.title, 2)
        yield facts(
            (labels["date"], format_date(w.date, labels.code)),
            (labels["venue"], w.venue),
            (labels["participants"], ", ".join(f"{iso(g.name)} {g.participants}" for g in w.groups)),
            (labels["voting_rules"], "\n".join(f"{iso(r.title)} — {method_and_rule(r, labels)}"
                                               for r in w.rounds)),
            (labels["annex_title"], f"„{iso(w.title)}“" if labels.code == "de" else f"“{iso(w.title)}”"),
        )
    if doc.results_url:
        yield facts((labels["results_link"], doc.results_url))
