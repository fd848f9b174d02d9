"""A document as a sequence of printable blocks: what DOCX, ODT and PDF show, decided once.

The three document writers only know how to draw a heading, a paragraph, a list of facts
and a table of text (``layout_parts``); the choice of sections, columns and wording lives here
(workshop report), in ``layout_plan`` (action plan) and ``layout_annual`` (annual report).

A workshop report reads as the participation record a council gets as an annex: occasion
and aim, agenda as run, who took part (by group and channel, one definition of participants
and voters), what was proposed, then per round the question, the rule in words, how to read
the figures, the key findings and the ranked results; finally every proposal by field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime

from babel import Locale, UnknownLocaleError

from .charts import Chart, participation_chart
from .document import (
    ActionPlan,
    AnnualReport,
    AuthorKind,
    Document,
    Proposal,
    ProposalState,
    WorkshopReport,
)
from .formatting import format_date, format_datetime, format_number, local_time
from .labels import Labels
from .layout_parts import (
    Block,
    Facts,
    Heading,
    Layout,
    Paragraph,
    TextTable,
    facts,
    iso,
    table,
)
from .layout_rounds import round_blocks
from .tables import group_columns

__all__ = ["Block", "Facts", "Heading", "Layout", "Paragraph", "TextTable", "layout"]

_iso = iso  # the name the writers' tests knew


def layout(doc: Document, labels: Labels) -> Layout:
    if isinstance(doc, WorkshopReport):
        title = f"{labels['annex_title']}: {doc.meta.workshop_title}"
        heading = Heading(f"{labels['annex_title']}: {iso(doc.meta.workshop_title)}", 0)
        return Layout(title, labels.code, (heading, *_report(doc, labels)))
    from . import layout_annual, layout_plan  # plan documents import this module's helpers

    if isinstance(doc, ActionPlan):
        return layout_plan.plan_layout(doc, labels)
    if isinstance(doc, AnnualReport):
        return layout_annual.annual_layout(doc, labels)
    raise TypeError(f"cannot export {type(doc).__name__}")


# --------------------------------------------------------------------------- workshop report


def _report(doc: WorkshopReport, labels: Labels) -> Iterator[Block]:
    meta, lang = doc.meta, labels.code
    yield facts(
        (labels["municipality"], meta.municipality),
        (labels["process"], meta.process_title),
        (labels["workshop"], meta.workshop_title),
        (labels["date"], format_date(meta.date or _day(meta.started_at, meta.timezone), lang)),
        (labels["time"], _span(meta.started_at, meta.ended_at, meta.timezone)),
        (labels["venue"], meta.venue),
        (labels["moderation"], ", ".join(iso(name) for name in meta.moderation)),
        (labels["join_mode"], labels.term("join_mode", meta.join_mode) if meta.join_mode else ""),
        (labels["languages"], _languages(meta.languages, labels.code)),
        (labels["exported_at"], format_datetime(meta.exported_at, lang, meta.timezone)),
    )
    yield Heading(labels["section_occasion"], 1)
    yield Paragraph(_occasion(doc, labels))
    if meta.agenda:
        yield Heading(labels["section_agenda"], 1)
        yield _agenda(doc, labels)
    yield Heading(labels["section_participation"], 1)
    yield _participation(doc, labels)
    yield Paragraph(labels["participation_definition"], note=True)
    yield from _chart(participation_chart(group_columns(doc), labels, labels.code))
    yield Heading(labels["section_proposals"], 1)
    yield _proposal_counts(doc.proposals, labels)
    if doc.tables:
        yield from _stations(doc, labels)
    if doc.rounds:
        yield Heading(labels["section_rounds"], 1)
        if any(r.results for r in doc.rounds):
            yield Paragraph(f"{labels['reading_aid']}: {labels['reading_aid_text']}", note=True)
    order = [f.name for f in doc.fields]
    for round_ in doc.rounds:
        yield from round_blocks(doc, round_, labels, order)
    yield Heading(labels["sheet_proposals"], 1)
    yield from _proposals_by_field(doc, labels)


def _chart(chart: Chart | None) -> Iterator[Block]:
    """A chart where the data allow one (15-form: charts.py); its table is printed beside it."""
    if chart is not None:
        yield chart


def _languages(codes: tuple[str, ...], language: str) -> str:
    """ "Deutsch, Englisch, Ukrainisch, Arabisch" rather than "de, en, uk, ar"."""
    names = []
    for code in codes:
        try:
            names.append(Locale.parse(code).get_language_name(language) or code)
        except (ValueError, UnknownLocaleError):
            names.append(code)
    return ", ".join(names)


def _day(moment: datetime | None, timezone: str) -> date | None:
    return None if moment is None else local_time(moment, timezone).date()


def _span(start: datetime | None, end: datetime | None, timezone: str) -> str:
    times = [f"{local_time(m, timezone):%H:%M}" for m in (start, end) if m is not None]
    return " – ".join(times)


def _occasion(doc: WorkshopReport, labels: Labels) -> str:
    meta = doc.meta
    groups = ", ".join(iso(g.name) for g in doc.groups)
    text = labels["occasion_text"].format(
        workshop=iso(meta.workshop_title), process=iso(meta.process_title),
        municipality=iso(meta.municipality), groups=groups)
    if len(doc.rounds) == 1:
        text += labels["occasion_round"]
    elif doc.rounds:
        text += labels["occasion_rounds"].format(rounds=len(doc.rounds))
    return text


def _agenda(doc: WorkshopReport, labels: Labels) -> TextTable:
    tz = doc.meta.timezone
    items = doc.meta.agenda
    rows = []
    for index, item in enumerate(items):
        end = items[index + 1].start if index + 1 < len(items) else doc.meta.ended_at
        rows.append((_span(item.start, end, tz), labels.term("phase", item.phase),
                     item.field or ""))
    return table([(labels["time"], 1.6, False), (labels["phase"], 3, False),
                  (labels["field"], 4, False)], rows)


def _participation(doc: WorkshopReport, labels: Labels) -> TextTable:
    groups = group_columns(doc)
    rows: list[tuple[str, ...]] = [(g.name, str(g.participants), str(g.phone), str(g.paper_ballots), str(g.voters),
                                    _rate(g.voters, g.participants, labels)) for g in groups]
    total = [sum(getattr(g, name) for g in groups)
             for name in ("participants", "phone", "paper_ballots", "voters")]
    rows.append((labels["total"], *map(str, total), _rate(total[3], total[0], labels)))
    return table(
        [(labels["group"], 3, False), (labels["participants"], 1.6, True),
         (labels["channel_phone"], 1.6, True), (labels["channel_paper"], 1.5, True),
         (labels["voters"], 1.6, True), (labels["turnout"], 1.6, True)], rows)


def _rate(part: int, whole: int, labels: Labels) -> str:
    if not whole:
        return ""
    share = min(part / whole, 1.0)  # one definition: voters are a part of the participants
    return labels["percent"].format(value=format_number(round(share * 100), labels.code))


def _proposal_counts(proposals: tuple[Proposal, ...], labels: Labels) -> Facts:
    states = Counter(p.state for p in proposals)
    items = [("count_submitted", len(proposals)),
             ("count_paper", sum(p.author == AuthorKind.PAPER for p in proposals)),
             ("count_merged", states[ProposalState.MERGED]),
             ("count_hidden", states[ProposalState.HIDDEN]),
             ("count_pending", states[ProposalState.PENDING]),
             ("count_published", states[ProposalState.PUBLISHED])]
    # Zeros are said where they answer a question a reader has (nothing merged, nothing hidden).
    return Facts(tuple((labels[key], str(n)) for key, n in items
                       if n or key not in ("count_paper", "count_pending")))


def _proposals_by_field(doc: WorkshopReport, labels: Labels) -> Iterator[Block]:
    colours = {f.name: f.colour for f in doc.fields}
    order = [f.name for f in doc.fields]
    order += [p.field for p in doc.proposals if p.field and p.field not in order]
    labels_by_id = {p.id: p.label for p in doc.proposals}
    for name in dict.fromkeys([*order, None]):  # proposals without a field come last
        members = [p for p in doc.proposals if (p.field or None) == name]
        if not members:
            continue
        yield Heading(name or labels["no_field"], 2, colours.get(name or ""))
        at_tables = [(labels["table"], 1.8, False)] if doc.tables else []  # which table wrote it
        yield table(
            [(labels["id"], 0.8, True), (labels["proposal"], 7, False), *at_tables,
             (labels["state"], 2, False), (labels["author"], 2, False), (labels["supporters"], 1.6, True)],
            [(p.label, _proposal_text(p, labels), *([p.table or labels["plenary"]] if doc.tables else []),
              _proposal_state(p, labels_by_id, labels), labels.term("author", p.author), str(p.supporters))
             for p in members],
        )  # fmt: skip


def _stations(doc: WorkshopReport, labels: Labels) -> Iterator[Block]:
    """The tables (stations): each with its field and the cards written there, on paper (entered
    by the table's facilitator) and on phones."""
    yield Heading(labels["section_tables"], 2)
    rows = [(t.name, t.field or labels["no_field"], str(t.paper_cards), str(t.phone_cards),
             str(t.paper_cards + t.phone_cards)) for t in doc.tables]
    yield table([(labels["table"], 2.5, False), (labels["field"], 4.5, False),
                 (labels["table_paper_cards"], 1.8, True), (labels["table_phone_cards"], 1.8, True),
                 (labels["total"], 1.4, True)], rows)
    yield Paragraph(labels["tables_note"], note=True)


def _proposal_text(p: Proposal, labels: Labels) -> str:
    """Title, the goal a measure proposal belongs to (the clerk adopts them together), body."""
    lines = [p.title]
    if p.measure_of is not None:
        lines.append(f"{labels['measure_of']} {p.measure_of}")
    if p.body:
        lines.append(p.body)
    return "\n".join(lines)


def _proposal_state(p: Proposal, labels_by_id: dict[int, str], labels: Labels) -> str:
    state = labels.term("proposal_state", p.state)
    if p.state == ProposalState.MERGED and p.merged_into is not None:
        return f"{state} → {labels_by_id.get(p.merged_into, f'#{p.merged_into}')}"
    return state
