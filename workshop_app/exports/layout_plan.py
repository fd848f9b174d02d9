"""Plan documents as printable blocks: the action plan (goal agreement) and the annual report.

The plan is titled by its state ("Entwurf Zielvereinbarung" until the council decided it, then
"Zielvereinbarung"); goals are numbered and printed in plan order; optional modules without goals
are left out; a goal's basis line cites the one round the organizer chose, in that round's unit;
each measure shows responsible body, deadline, status, progress and its latest note.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from .charts import status_chart
from .document import (
    ActionPlan,
    Goal,
    LinkedProposal,
    Measure,
    PlanMeta,
    PlanState,
    VotingMethod,
    WorkshopSummary,
)
from .formatting import format_date, format_datetime, format_number
from .labels import Labels, note_text
from .layout_parts import Block, Facts, Heading, Layout, Paragraph, TextTable, facts, iso, method_and_rule, table

__all__ = ["measures_table", "meta_facts", "plan_layout", "plan_title", "progress_text", "status_text"]


def plan_title(meta: PlanMeta, labels: Labels) -> str:
    return labels["plan_title_decided" if meta.state == PlanState.DECIDED else "plan_title"]


def plan_layout(doc: ActionPlan, labels: Labels) -> Layout:
    name = plan_title(doc.meta, labels)
    title = f"{name}: {doc.meta.process_title}"
    heading = Heading(f"{name}: {iso(doc.meta.process_title)}", 0)
    return Layout(title, labels.code, (heading, *_plan(doc, labels)))


def meta_facts(meta: PlanMeta, labels: Labels, *extra: tuple[str, str]) -> Facts:
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
    yield meta_facts(doc.meta, labels)
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
    yield measures_table(goal.measures, labels, with_progress)


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


def status_text(m: Measure, labels: Labels) -> str:
    status = labels.term("measure_status", m.status)
    return f"{status}\n{labels['overdue']}" if m.overdue else status


def progress_text(m: Measure, labels: Labels) -> str:
    return "" if m.progress is None else labels["percent"].format(value=m.progress)


def measures_table(measures: Sequence[Measure], labels: Labels, with_progress: bool) -> TextTable:
    columns = [(labels["measure"], 6, False), (labels["responsible"], 3, False),
               (labels["deadline"], 1.6, False), (labels["state"], 1.7, False)]
    if with_progress:
        columns.append((labels["progress"], 1.5, True))
    rows = []
    for m in measures:
        row = [_measure_text(m, labels), m.responsible, format_date(m.deadline, labels.code),
               status_text(m, labels)]
        if with_progress:
            row.append(progress_text(m, labels))
        rows.append(row)
    return table(columns, rows)


def _measure_text(m: Measure, labels: Labels) -> str:
    """Title first, then the details the table has no column for, and the latest note."""
    lines = [m.title]
    if m.source_number is not None:  # the trace back to the workshop (services.measures_adopt)
        lines.append(labels["from_proposal"].format(number=m.source_number))
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
