"""A voting round in the participation record: question, rule in words, voters by group and
channel, key findings, the ranked results (with each proposal's field of action) and the chart."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from .charts import Chart, round_chart
from .document import ResultRow, Round, RoundState, VotingMethod, WorkshopReport
from .findings import CONSENSUS_MARK, KeyFindings, key_findings
from .formatting import format_datetime, format_number
from .labels import Labels
from .layout_parts import Block, Facts, Heading, Paragraph, TextTable, facts, iso, method_and_rule, table
from .matrix_doc import matrix_blocks
from .tables import group_columns

__all__ = ["round_blocks"]


def round_blocks(doc: WorkshopReport, r: Round, labels: Labels, field_order: list[str]) -> Iterator[Block]:
    lang, tz = labels.code, doc.meta.timezone
    yield Heading(f"{labels['round']} {r.ordinal}: {iso(r.title)}", 2)
    span = " – ".join(filter(None, (format_datetime(r.opened_at, lang, tz),
                                    format_datetime(r.closed_at, lang, tz))))  # fmt: skip
    yield facts(
        (labels["question"], r.title),
        (labels["method"], method_and_rule(r, labels)),
        (labels["field"], r.field or labels["all_fields"]),
        (labels["period"], span),
        (labels["voters"], _voters_line(doc, r, labels)),
    )
    if r.state != RoundState.CLOSED:
        yield Paragraph(f"{labels['state']}: {labels.term('round_state', r.state)}", note=True)
    if not r.results:
        yield Paragraph(labels["no_results"], note=True)
        return
    findings = key_findings(r, field_order) if r.matrix is None else None  # feasibility: the matrix says it
    if findings:
        yield Heading(labels["key_findings"], 3)
        yield _findings(doc, findings, labels)
    yield _results(doc, r, labels)
    if r.matrix is None:  # a feasibility round's chart is its matrix, not summed ratings
        yield from _chart(round_chart(r, group_columns(doc), labels.code))
    yield from matrix_blocks(r.matrix, labels)  # a feasibility round: priority × feasibility



def _chart(chart: Chart | None) -> Iterator[Block]:
    """A chart where the data allow one (15-form: charts.py); its table is printed beside it."""
    if chart is not None:
        yield chart

def _voters_line(doc: WorkshopReport, r: Round, labels: Labels) -> str:
    if not r.voters_by_group:
        return ""
    names = {g.key: g.name for g in group_columns(doc)}
    parts = ", ".join(f"{iso(names.get(k, k))} {n}" for k, n in r.voters_by_group.items())
    line = labels["voters_line"].format(total=r.voters, groups=parts)
    paper = sum(r.paper_voters_by_group.values())
    return f"{line}; {labels['voters_paper'].format(paper=paper)}" if paper else line


def _findings(doc: WorkshopReport, f: KeyFindings, labels: Labels) -> Facts:
    num = partial(format_number, language=labels.code)
    names = {g.key: g.name for g in group_columns(doc)}

    def cite(row: ResultRow) -> str:
        return f"{row.label} {iso(row.title)} ({labels['score_short']} {num(row.balanced_score)})"

    none = labels["finding_none"]
    disputed = [labels["finding_disputed_item"].format(
        proposal=f"{d.row.label} {iso(d.row.title)}",
        strong=", ".join(iso(names.get(k, k)) for k in d.strong),
        weak=", ".join(iso(names.get(k, k)) for k in d.weak)) for d in f.disputed]
    items = [(labels["finding_top"], "\n".join(cite(row) for row in f.top))]
    if f.top_per_field:
        items.append((labels["finding_fields"], "\n".join(
            f"{iso(name)}: {cite(row)}" for name, row in f.top_per_field)))
    items.append((labels["finding_consensus"].format(mark=num(CONSENSUS_MARK)),
                  "\n".join(cite(row) for row in f.consensus) or none))
    items.append((labels["finding_disputed"], "\n".join(disputed) or none))
    return Facts(tuple(items))


def places_text(places: tuple[int, ...]) -> str:
    """How often each place was given, 1st first: "3 / 1 / 0"."""
    return " / ".join(str(n) for n in places)


def _results(doc: WorkshopReport, r: Round, labels: Labels) -> TextTable:
    num = partial(format_number, language=labels.code)
    groups = group_columns(doc)
    # Columns that would say the same in every row are left out: the field of a round scoped to
    # one field (the facts name it), "of which paper" of a round without paper votes.
    with_field = r.field is None and len({res.field for res in r.results}) > 1
    with_paper = any(res.paper_points for res in r.results)
    columns = [(labels["rank"], 0.9, True), (labels["proposal"], 5, False)]
    if with_field:
        columns.append((labels["field"], 2.2, False))
    unit = labels.term("unit", r.method)
    columns.append((unit[:1].upper() + unit[1:], 1.6, True))
    if with_paper:
        columns.append((labels["paper_points"], 1.3, True))
    columns += [(g.name, 1.6, True) for g in groups]
    columns += [(labels["score_short"], 1.2, True), (labels["consensus"], 1.3, True)]
    rating = r.method == VotingMethod.RATING
    motion = r.method == VotingMethod.YES_NO_ABSTAIN
    ranking = r.method == VotingMethod.RANKING
    if rating:
        columns.append((labels["mean"], 1.2, True))
    if ranking:
        columns.append((labels["places"], 1.6, True))
    if motion:
        columns += [(labels[key], 1.1, True) for key in ("yes", "no", "abstain")]
    rows = []
    for res in r.results:
        row = [str(res.rank), f"{res.label} {iso(res.title)}"]
        row += [res.field or ""] if with_field else []
        row.append(num(res.points))
        row += [num(res.paper_points)] if with_paper else []
        for g in groups:
            tally = res.by_group.get(g.key)
            cell = f"{num(tally.points)} ({tally.voters})" if tally else "0 (0)"
            if tally and tally.paper_points:
                cell += f"\n{labels['paper_marker']} {num(tally.paper_points)}"
            if ranking and tally and tally.places:
                cell += f"\n{labels['places']}: {places_text(tally.places)}"
            row.append(cell)
        row += [num(res.balanced_score), num(res.consensus)]
        if rating:
            row.append(num(res.mean))
        if ranking:
            row.append(places_text(res.places))
        if motion:
            row += [num(res.yes), num(res.no), num(res.abstain)]
        rows.append(row)
    return table(columns, rows)
