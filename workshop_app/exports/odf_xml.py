"""ODF table markup built as text, for the ODS and ODT writers.

odfdo's Row/Cell objects cost about a millisecond per cell (and appending rows grows
slower with the table), which makes a results table of a thousand proposals take half a
minute. The writers therefore build each table's XML here in one string, parse it once
(``fragment``) and append it to the odfdo document; the document around it is still
odfdo's. Every piece of text passes ``text_p``, which escapes it, so nothing in user text
can become markup.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from odfdo import Element

__all__ = ["DRAWING", "attr", "cell", "column", "escape", "fragment", "inline", "row", "table", "text_p"]

# Only the namespaces the fragments use. Declaring all of ODF's (as odfdo's parser does)
# makes lxml reconcile dozens of them on every node when the fragment moves into the
# document: seconds instead of milliseconds for a big table.
_NAMESPACES = " ".join(
    f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}"'
    for prefix, name in (("office", "office:1.0"), ("table", "table:1.0"), ("text", "text:1.0"))
)

# Pictures in text: frames need the drawing, SVG and XLink namespaces too.
DRAWING = _NAMESPACES + " " + " ".join(
    ('xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
     'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
     'xmlns:xlink="http://www.w3.org/1999/xlink"')
)

_SPACE_RUNS = re.compile(r" {2,}")
_TAG_NAME = re.compile(r"<[\w:.-]+")


def attr(value: str) -> str:
    """A quoted, escaped attribute value."""
    return quoteattr(value)


def _spaces(match: re.Match[str]) -> str:
    # ODF collapses runs of spaces; the first stays a space, the rest become <text:s/>.
    return f' <text:s text:c="{len(match.group()) - 1}"/>'


def inline(text: str) -> str:
    """Escaped paragraph content: "\\n" as line breaks, tabs, runs of spaces kept."""
    return _inline(text)


def _inline(text: str) -> str:
    # XML parsers turn a raw CR into LF anyway; make every line ending a line break.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<text:line-break/>")
        escaped = "<text:tab/>".join(escape(piece) for piece in line.split("\t"))
        parts.append(_SPACE_RUNS.sub(_spaces, escaped))
    return "".join(parts)


def text_p(text: str, style: str | None = None) -> str:
    """A paragraph holding ``text`` (already XML-valid); "\\n" and tabs are kept."""
    style_attr = f" text:style-name={attr(style)}" if style else ""
    return f"<text:p{style_attr}>{_inline(text)}</text:p>"


def cell(content: str = "", *, style: str | None = None, value_attrs: str = "") -> str:
    """A table cell; ``value_attrs`` carries office:value-type and the value, if any."""
    style_attr = f" table:style-name={attr(style)}" if style else ""
    if not content and not value_attrs:
        return f"<table:table-cell{style_attr}/>"
    return f"<table:table-cell{style_attr}{value_attrs}>{content}</table:table-cell>"


def column(style: str) -> str:
    return f"<table:table-column table:style-name={attr(style)}/>"


def table(
    name: str, columns: list[str], header: str, rows: list[str], style: str | None = None
) -> str:
    """A whole table; ``header`` is a row repeated on every page (empty: none)."""
    style_attr = f" table:style-name={attr(style)}" if style else ""
    head = f"<table:table-header-rows>{header}</table:table-header-rows>" if header else ""
    return (
        f"<table:table table:name={attr(name)}{style_attr}>"
        f"{''.join(columns)}{head}{''.join(rows)}</table:table>"
    )


def row(cells: list[str], style: str | None = None) -> str:
    style_attr = f" table:style-name={attr(style)}" if style else ""
    return f"<table:table-row{style_attr}>{''.join(cells)}</table:table-row>"


def fragment(xml: str, namespaces: str = _NAMESPACES) -> Element:
    """Parse one element built by this module into an odfdo ``Element``."""
    # Declared on the element itself: lxml then moves it without rewriting its nodes.
    tag_end = _TAG_NAME.match(xml).end()  # type: ignore[union-attr]  # built here: starts with a tag
    return Element.from_tag(etree.fromstring(f"{xml[:tag_end]} {namespaces}{xml[tag_end:]}"))
