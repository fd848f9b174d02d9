"""The printable blocks of a document and the small helpers every layout uses.

The three document writers only know how to draw a heading, a paragraph, a list of facts and a
table of text (``layout.py`` decides which, in what order). Text is raw user text — the writers
strip XML-invalid characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .charts import Chart
from .document import VotingMethod
from .labels import Labels

__all__ = [
    "Block", "Facts", "Heading", "Layout", "Paragraph", "TextTable",
    "facts", "iso", "method_and_rule", "round_rule", "table",
]


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


Block = Heading | Paragraph | Facts | TextTable | Chart  # Chart: charts.py (15-form)


@dataclass(frozen=True, slots=True)
class Layout:
    title: str
    language: str
    blocks: tuple[Block, ...]


def iso(text: str) -> str:
    """Isolate user text inside a composed line (Unicode bidi FSI … PDI).

    Without it an Arabic title after "#12 " turns the whole line right-to-left and drags
    the following numbers and brackets into the Arabic run. The writers treat the marks as
    markers (the format's own bidi property), so they never reach the file.
    """
    return f"\u2068{text}\u2069"


def facts(*items: tuple[str, str]) -> Facts:
    """Label–value pairs; pairs without a value are left out (no empty "Ort:" lines)."""
    return Facts(tuple((label, value) for label, value in items if value))


def table(columns: Sequence[tuple[str, float, bool]], rows: Sequence[Sequence[str]]) -> TextTable:
    """A table from (heading, relative width, numeric) columns and rows of text."""
    return TextTable(
        headings=tuple(c[0] for c in columns),
        rows=tuple(tuple(row) for row in rows),
        widths=tuple(c[1] for c in columns),
        numeric=tuple(c[2] for c in columns),
    )


class _Rules(Protocol):
    # Read-only members, so that frozen dataclasses (Round, BasisRound) match.
    @property
    def method(self) -> VotingMethod: ...
    @property
    def budget(self) -> int | None: ...
    @property
    def max_per_proposal(self) -> int | None: ...


def round_rule(r: _Rules, labels: Labels) -> str:
    """The voting rule in words: "5 Punkte je Person, höchstens 3 je Vorschlag"."""
    if r.method == VotingMethod.DOTS:
        budget = 5 if r.budget is None else r.budget  # the domain's default budget
        cap = budget if r.max_per_proposal is None else r.max_per_proposal
        return labels["rule.dots"].format(budget=budget, cap=cap)
    if r.method == VotingMethod.RANKING:
        return labels["rule.ranking"].format(places=3 if r.budget is None else r.budget)
    if r.method == VotingMethod.APPROVAL and r.budget is not None:
        return labels["rule.approval_budget"].format(budget=r.budget)
    return labels.term("rule", r.method)


def method_and_rule(r: _Rules, labels: Labels) -> str:
    """ "Punkte kleben: 5 Punkte je Person, höchstens 3 je Vorschlag" """
    return f"{labels.term('method', r.method)}: {round_rule(r, labels)}"
