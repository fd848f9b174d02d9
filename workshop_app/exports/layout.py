"""A document as a sequence of printable blocks: what DOCX, ODT and PDF show, decided once.

The three document writers only know how to draw a heading, a paragraph, a list of facts
and a table of text; the choice of sections, columns and wording lives here. Text is raw
user text — the writers strip XML-invalid characters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from .document import (
    ActionPlan,
    Document,
    Goal,
    Measure,
    Proposal,
    ProposalState,
    Round,
    VotingMethod,
    WorkshopReport,
    WorkshopSummary,
)
from .formatting import format_date, format_datetime, format_number
from .labels import Labels
from .tables import group_columns

__all__ = ["Block", "Facts", "Heading", "Layout", "Paragraph", "TextTable", "layout"]


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int  # 0 = document title, 1 = section, 2 = subsection
    colour: str | None = None  # the field of action's colour, drawn as a swatch


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    note: bool = False  # a legend or an empty-state remark: smaller, secondary


@dataclass(frozen=True, slots=True)
class Facts:
    items: tuple[tuple[str, str], ...]  # (label, value); values may span lines


@dataclass(frozen=True, slots=True)
class TextTable:
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative column widths
    numeric: tuple[bool, ...]  # right-aligned columns


Block = Heading | Paragraph | Facts | TextTable


@dataclass(frozen=True, slots=True)
class Layout:
    title: str
    language: str
    blocks: tuple[Block, ...]


def layout(doc: Document, labels: Labels) -> Layout:
    if isinstance(doc, WorkshopReport):
        title = f"{labels['report_title']}: {doc.meta.workshop_title}"
        heading = Heading(f"{labels['report_title']}: {_iso(doc.meta.workshop_title)}", 0)
        return Layout(title, labels.code, (heading, *_report(doc, labels)))
    if isinstance(doc, ActionPlan):
        title = f"{labels['plan_title']}: {doc.meta.process_title}"
        heading = Heading(f"{labels['plan_title']}: {_iso(doc.meta.process_title)}", 0)
        return Layout(title, labels.code, (heading, *_plan(doc, labels)))
    raise TypeError(f"cannot export {type(doc).__name__}")


def _iso(text: str) -> str:
    """Isolate user text inside a composed line (Unicode bidi FSI … PDI).

    Without it an Arabic title after "#12 " turns the whole line right-to-left and drags
    the following numbers and brackets into the Arabic run.
    """
    return f"\u2068{text}\u2069"


def _facts(*items: tuple[str, str]) -> Facts:
    return Facts(tuple((label, value) for label, value in items if value))


def _table(columns: Sequence[tuple[str, float, bool]], rows: Sequence[Sequence[str]]) -> TextTable:
    return TextTable(
        headings=tuple(c[0] for c in columns),
        rows=tuple(tuple(row) for row in rows),
        widths=tuple(c[1] for c in columns),
        numeric=tuple(c[2] for c in columns),
    )


# --------------------------------------------------------------------------- workshop report


def _report(doc: WorkshopReport, labels: Labels) -> Iterator[Block]:
    meta, lang = doc.meta, labels.code
    yield _facts(
        (labels["municipality"], meta.municipality),
        (labels["process"], meta.process_title),
        (labels["workshop"], meta.workshop_title),
        (labels["date"], format_date(meta.date, lang)),
        (labels["venue"], meta.venue),
        (labels["join_mode"], labels.term("join_mode", meta.join_mode) if meta.join_mode else ""),
        (labels["languages"], ", ".join(meta.languages)),
        (labels["exported_at"], format_datetime(meta.exported_at, lang, meta.timezone)),
    )
    yield Heading(labels["section_participation"], 1)
    yield _table(
        [(labels["group"], 3, False), (labels["participants"], 1.5, True),
         (labels["voters"], 1.5, True), (labels["paper_ballots"], 2, True)],
        [(g.name, str(g.participants), str(g.voters), str(g.paper_ballots))
         for g in group_columns(doc)],
    )  # fmt: skip
    if doc.rounds:
        yield Heading(labels["section_rounds"], 1)
    for round_ in doc.rounds:
        yield from _round(doc, round_, labels)
    yield Heading(labels["section_proposals"], 1)
    yield from _proposals_by_field(doc, labels)


def _round(doc: WorkshopReport, r: Round, labels: Labels) -> Iterator[Block]:
    lang, tz = labels.code, doc.meta.timezone
    yield Heading(f"{labels['round']} {r.id}: {_iso(r.title)}", 2)
    span = " – ".join(filter(None, (format_datetime(r.opened_at, lang, tz),
                                    format_datetime(r.closed_at, lang, tz))))  # fmt: skip
    yield _facts(
        (labels["method"], labels.term("method", r.method)),
        (labels["budget"], "" if r.budget is None else str(r.budget)),
        (labels["max_per_proposal"], "" if r.max_per_proposal is None else str(r.max_per_proposal)),
        (labels["field"], r.field or labels["all_fields"]),
        (labels["state"], labels.term("round_state", r.state)),
        (labels["period"], span),
    )
    if not r.results:
        yield Paragraph(labels["no_results"], note=True)
        return
    num = partial(format_number, language=lang)
    groups = group_columns(doc)
    columns = [(labels["rank"], 0.8, True), (labels["proposal"], 5, False),
               (labels["points"], 1.2, True), (labels["paper_points"], 1.3, True)]  # fmt: skip
    columns += [(g.name, 1.6, True) for g in groups]
    columns += [(labels["balanced_score"], 1.4, True), (labels["consensus"], 1.2, True)]
    rating = r.method == VotingMethod.RATING
    motion = r.method == VotingMethod.YES_NO_ABSTAIN
    if rating:
        columns.append((labels["mean"], 1.2, True))
    if motion:
        columns += [(labels[key], 1.2, True) for key in ("yes", "no", "abstain")]
    rows = []
    for res in r.results:
        title = f"#{res.proposal_id} {_iso(res.title)}"
        row = [str(res.rank), title, num(res.points), num(res.paper_points)]
        for g in groups:
            tally = res.by_group.get(g.key)
            cell = f"{num(tally.points)} ({tally.voters})" if tally else "0 (0)"
            if tally and tally.paper_points:
                cell += f"\n{labels['paper_marker']} {num(tally.paper_points)}"
            row.append(cell)
        row += [num(res.balanced_score), num(res.consensus)]
        if rating:
            row.append(num(res.mean))
        if motion:
            row += [num(res.yes), num(res.no), num(res.abstain)]
        rows.append(row)
    yield _table(columns, rows)
    yield Paragraph(labels["group_legend"], note=True)


def _proposals_by_field(doc: WorkshopReport, labels: Labels) -> Iterator[Block]:
    colours = {f.name: f.colour for f in doc.fields}
    order = [f.name for f in doc.fields]
    order += [p.field for p in doc.proposals if p.field and p.field not in order]
    for name in dict.fromkeys([*order, None]):  # proposals without a field come last
        members = [p for p in doc.proposals if (p.field or None) == name]
        if not members:
            continue
        yield Heading(name or labels["no_field"], 2, colours.get(name or ""))
        yield _table(
            [(labels["id"], 0.8, True), (labels["proposal"], 7, False),
             (labels["state"], 2, False), (labels["author"], 2, False)],
            [(str(p.id), _proposal_text(p), _proposal_state(p, labels),
              labels.term("author", p.author)) for p in members],
        )  # fmt: skip


def _proposal_text(p: Proposal) -> str:
    return f"{p.title}\n{p.body}" if p.body else p.title


def _proposal_state(p: Proposal, labels: Labels) -> str:
    state = labels.term("proposal_state", p.state)
    if p.state == ProposalState.MERGED and p.merged_into is not None:
        return f"{state} → #{p.merged_into}"
    return state


# --------------------------------------------------------------------------- action plan


def _plan(doc: ActionPlan, labels: Labels) -> Iterator[Block]:
    meta, lang = doc.meta, labels.code
    period = " – ".join(filter(None, (format_date(meta.period_start, lang),
                                      format_date(meta.period_end, lang))))  # fmt: skip
    yield _facts(
        (labels["municipality"], meta.municipality),
        (labels["process"], meta.process_title),
        (labels["period"], period),
        (labels["council_decision"], format_date(meta.council_decision, lang)),
        (labels["implementation_deadline"], format_date(meta.implementation_deadline, lang)),
        (labels["exported_at"], format_datetime(meta.exported_at, lang, meta.timezone)),
    )
    if doc.workshops:
        yield Heading(labels["section_workshops"], 1)
    for workshop in doc.workshops:
        yield from _workshop(workshop, labels)
    for plan_field in doc.fields:
        yield Heading(plan_field.field.name, 1, plan_field.field.colour)
        if plan_field.field.description:
            yield Paragraph(plan_field.field.description)
        if not plan_field.goals:
            yield Paragraph(labels["no_goals"], note=True)
        for goal in plan_field.goals:
            yield from _goal(goal, labels)


def _workshop(w: WorkshopSummary, labels: Labels) -> Iterator[Block]:
    yield Heading(w.title, 2)
    rules = []
    for r in w.rounds:
        parts = [labels.term("method", r.method)]
        if r.budget is not None:
            parts.append(f"{labels['budget']}: {r.budget}")
        if r.max_per_proposal is not None:
            parts.append(f"{labels['max_per_proposal']}: {r.max_per_proposal}")
        parts.append(f"{labels['field']}: {_iso(r.field or labels['all_fields'])}")
        rules.append(f"{_iso(r.title)} — {', '.join(parts)}")
    yield _facts(
        (labels["date"], format_date(w.date, labels.code)),
        (labels["venue"], w.venue),
        (labels["participants"], ", ".join(f"{_iso(g.name)} {g.participants}" for g in w.groups)),
        (labels["voting_rules"], "\n".join(rules)),
    )


def _goal(goal: Goal, labels: Labels) -> Iterator[Block]:
    num = partial(format_number, language=labels.code)
    yield Heading(f"{labels['goal']} {goal.id}: {_iso(goal.title)}", 2)
    if goal.description:
        yield Paragraph(goal.description)
    sources = []
    for p in goal.proposals:
        support = []
        if p.points is not None:
            support.append(f"{num(p.points)} {labels['points_short']}")
        if p.balanced_score is not None:
            support.append(f"{labels['balanced_short']} {num(p.balanced_score)}")
        sources.append(f"#{p.id} {_iso(p.title)}" + (f" ({', '.join(support)})" if support else ""))
    if sources:
        yield Paragraph(f"{labels['based_on']}: " + "; ".join(sources), note=True)
    if not goal.measures:
        yield Paragraph(labels["no_measures"], note=True)
        return
    yield _table(
        [(labels["measure"], 6, False), (labels["responsible"], 3, False),
         (labels["deadline"], 1.6, False), (labels["state"], 1.6, False)],
        [(_measure_text(m, labels), m.responsible, format_date(m.deadline, labels.code),
          labels.term("measure_status", m.status)) for m in goal.measures],
    )  # fmt: skip


def _measure_text(m: Measure, labels: Labels) -> str:
    """Title first, then the details that the four-column table has no room for."""
    lines = [m.title]
    if m.partners:
        lines.append(f"{labels['partners']}: {', '.join(_iso(p) for p in m.partners)}")
    if m.start:
        lines.append(f"{labels['start']}: {format_date(m.start, labels.code)}")
    if m.indicator:
        lines.append(f"{labels['indicator']}: {_iso(m.indicator)}")
    progress = labels["progress"]
    lines += [f"{progress} {format_date(n.date, labels.code)}: {_iso(n.text)}" for n in m.notes]
    return "\n".join(lines)
