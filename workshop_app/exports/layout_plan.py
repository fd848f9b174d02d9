"""Plan documents as printable blocks: the action plan (goal agreement) and the annual report.

The plan is titled by its state ("Entwurf Zielvereinbarung" until the council decided it, then
"Zielvereinbarung"); goals are numbered and printed in plan order; optional modules without goals
are left out; a goal's basis line cites the one round the organizer chose, in that round's unit;
each measure shows responsible body, deadline, status, progress and its latest note.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from .document import (
    ActionPlan,
    AnnualFigures,
    AnnualMeasure,
    AnnualReport,
    Goal,
    LinkedProposal,
    Measure,
    MeasureStatus,
    PlanMeta,
    PlanState,
    VotingMethod,
    WorkshopSummary,
)
from .charts import annual_status_chart, status_chart
from .formatting import format_date, format_datetime, format_number
from .labels import Labels, note_text
from .layout_parts import Block, Heading, Layout, Paragraph, TextTable, facts, iso, method_and_rule, table

__all__ = ["annual_layout", "plan_layout", "plan_title"]


def plan_title(meta: PlanMeta, labels: Labels) -> str:
    return labels["plan_title_decided" if meta.state == PlanState.DECIDED else "plan_title"]


def plan_layout(doc: ActionPlan, labels: Labels) -> Layout:
    name = plan_title(doc.meta, labels)
    title = f"{name}: {doc.meta.process_title}"
    heading = Heading(f"{name}: {iso(doc.meta.process_title)}", 0)
    return Layout(title, labels.code, (heading, *_plan(doc, labels)))


def _meta_facts(meta: PlanMeta, labels: Labels, *extra: tuple[str, str]):
    lang = labels.code
    period = " – ".join(filter(None, (format_date(meta.period_start, lang),
                                      format_date(meta.period_end, lang))))  # fmt: skip
    return facts(
        (labels["municipality"], meta.municipality),
        (labels["process"], meta.process_title),
        (labels["period"], period),
        *extra,
        (labels["council_decision"], format_date(meta.council_decision, lang)),
        (labels["implementation_deadline"], format_date(meta.implementation_deadline, lang)),
        (labels["exported_at"], format_datetime(meta.exported_at, lang, meta.timezone)),
    )


def _plan(doc: ActionPlan, labels: Labels) -> Iterator[Block]:
    yield _meta_facts(doc.meta, labels)
    if doc.workshops:
        yield Heading(labels["section_workshops"], 1)
    for workshop in doc.workshops:
        yield from _workshop(workshop, labels)
    with_progress = any(m.progress is not None for pf in doc.fields for g in pf.goals
                        for m in g.measures)
    for plan_field in doc.fields:
        if plan_field.optional_module and not plan_field.goals:
            continue  # an optional module the town did not take up
        yield Heading(plan_field.field.name, 1, plan_field.field.colour)
        if plan_field.field.description:
            yield Paragraph(plan_field.field.description)
        chart = status_chart((plan_field,), labels, labels.code)  # 15-form: charts.py
        if chart is not None:
            yield chart
        if not plan_field.goals:
            yield Paragraph(labels["no_goals"], note=True)
        for goal in plan_field.goals:
            yield from _goal(goal, labels, with_progress)


def _workshop(w: WorkshopSummary, labels: Labels) -> Iterator[Block]:
    yield Heading(w.title, 2)
    rules = [f"{iso(r.title)} — {method_and_rule(r, labels)}; {labels['field']}: "
             f"{iso(r.field or labels['all_fields'])}" for r in w.rounds]
    yield facts(
        (labels["date"], format_date(w.date, labels.code)),
        (labels["venue"], w.venue),
        (labels["participants"], ", ".join(f"{iso(g.name)} {g.participants}" for g in w.groups)),
        (labels["voting_rules"], "\n".join(rules)),
    )


def _goal(goal: Goal, labels: Labels, with_progress: bool) -> Iterator[Block]:
    yield Heading(f"{labels['goal']} {goal.ordinal}: {iso(goal.title)}", 2)
    if goal.description:
        yield Paragraph(goal.description)
    basis = _basis_line(goal, labels)
    if basis:
        yield Paragraph(basis, note=True)
    if not goal.measures:
        yield Paragraph(labels["no_measures"], note=True)
        return
    yield _measures_table(goal.measures, labels, with_progress)


def _basis_line(goal: Goal, labels: Labels) -> str:
    if not goal.proposals:
        return ""
    basis = goal.basis
    if basis is None:  # no round chosen: the sources without figures (never mixed methods)
        return f"{labels['based_on']}: " + "; ".join(
            f"{p.label} {iso(p.title)}" for p in goal.proposals)
    head = labels["basis_line"].format(round=iso(basis.title), workshop=iso(basis.workshop),
                                       rule=method_and_rule(basis, labels))
    return head + ": " + "; ".join(_support(p, basis.method, basis.voters, labels)
                                   for p in goal.proposals)


def _support(p: LinkedProposal, method: VotingMethod, voters: int, labels: Labels) -> str:
    num = partial(format_number, language=labels.code)
    text = f"{p.label} {iso(p.title)}"
    if p.points is None:
        return text
    parts = []
    if p.rank is not None:
        parts.append(labels["rank_short"].format(rank=p.rank))
    if method == VotingMethod.RATING and p.mean is not None:
        parts.append(labels["mean_short"].format(mean=num(p.mean)))
    else:
        amount = f"{num(p.points)} {labels.term('unit', method)}"
        if voters:
            amount += " " + labels["of_voters"].format(voters=voters)
        parts.append(amount)
    if p.balanced_score is not None:
        parts.append(f"{labels['score_short']} {num(p.balanced_score)}")
    return f"{text} ({', '.join(parts)})"


def _status(m: Measure, labels: Labels) -> str:
    status = labels.term("measure_status", m.status)
    return f"{status}\n{labels['overdue']}" if m.overdue else status


def _progress(m: Measure, labels: Labels) -> str:
    return "" if m.progress is None else labels["percent"].format(value=m.progress)


def _measures_table(measures: Sequence[Measure], labels: Labels, with_progress: bool) -> TextTable:
    columns = [(labels["measure"], 6, False), (labels["responsible"], 3, False),
               (labels["deadline"], 1.6, False), (labels["state"], 1.7, False)]
    if with_progress:
        columns.append((labels["progress"], 1.5, True))
    rows = []
    for m in measures:
        row = [_measure_text(m, labels), m.responsible, format_date(m.deadline, labels.code),
               _status(m, labels)]
        if with_progress:
            row.append(_progress(m, labels))
        rows.append(row)
    return table(columns, rows)


def _measure_text(m: Measure, labels: Labels) -> str:
    """Title first, then the details the table has no column for, and the latest note."""
    lines = [m.title]
    if m.partners:
        lines.append(f"{labels['partners']}: {', '.join(iso(p) for p in m.partners)}")
    if m.start:
        lines.append(f"{labels['start']}: {format_date(m.start, labels.code)}")
    if m.indicator:
        lines.append(f"{labels['indicator']}: {iso(m.indicator)}")
    note = m.latest_note
    if note is not None:
        lines.append(f"{labels['latest_note']} {format_date(note.date, labels.code)}: "
                     f"{iso(note_text(note, labels))}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- annual report


def annual_layout(doc: AnnualReport, labels: Labels) -> Layout:
    name = labels["annual_title"].format(year=doc.year)
    title = f"{name}: {doc.meta.process_title}"
    heading = Heading(f"{name}: {iso(doc.meta.process_title)}", 0)
    return Layout(title, labels.code, (heading, *_annual(doc, labels)))


def _annual(doc: AnnualReport, labels: Labels) -> Iterator[Block]:
    lang = labels.code
    period = f"{format_date(doc.since, lang)} – {format_date(doc.until, lang)}"
    yield _meta_facts(doc.meta, labels, (labels["reporting_period"], period))
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
             _status(item.measure, labels), _progress(item.measure, labels)) for item in items]
    return table([(labels["measure"], 6, False), (labels["responsible"], 3, False),
                  (labels["deadline"], 1.8, False), (labels["state"], 1.8, False),
                  (labels["progress"], 1.6, True)], rows)


def _all_measures(items: Sequence[AnnualMeasure], labels: Labels) -> Iterator[Block]:
    """Every measure under its field and goal, as the plan prints them (latest note included)."""
    field, goal = None, None
    group: list = []
    for item in [*items, None]:
        key = None if item is None else (item.field, item.goal_number)
        if group and key != (field, goal):
            yield _measures_table(group, labels, with_progress=True)
            group = []
        if item is None:
            break
        if item.field != field:
            yield Heading(item.field, 2)
        if key != (field, goal):
            yield Paragraph(f"{labels['goal']} {item.goal_number}: {iso(item.goal)}")
        field, goal = key
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
