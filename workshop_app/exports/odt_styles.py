"""The styles and page furniture of the ODT export (see ``odt_writer``).

Cell paragraph styles (hyphenated, in the document language, right-to-left where the text is),
rows kept together, headings kept with what follows and unnumbered, a sans-serif default font,
the footer with the process's footer line and "Seite x von y" as page-number/page-count fields,
and the document properties (title, author = the municipality, created now).
"""

from __future__ import annotations

from datetime import UTC, datetime

from odfdo import Document, Element, Style

from . import odf_xml as odf
from .labels import Labels
from .letterhead import Letterhead
from .sanitize import strip_xml_invalid
from .text_runs import strip_marks

__all__ = ["CELL_POINTS", "setup"]

CELL_POINTS = 8.5
_CELL_POINTS = CELL_POINTS
_FONT = "Arial"


def setup(odt: Document, labels: Labels, title: str, letterhead: Letterhead) -> None:
    _cell_styles(odt, labels.code)
    _unnumbered_headings(odt)
    _sans_and_language(odt, labels.code)
    _footer(odt, labels["page"], letterhead)
    _properties(odt, title, labels.code, letterhead)


def _text(text: str) -> str:
    return strip_xml_invalid(text)


def _cell_styles(odt: Document, language: str) -> None:
    country = "DE" if language == "de" else "GB"
    for name, bold, align, rtl in (("zw_cell", False, None, False), ("zw_cell_head", True, None, False),
                                   ("zw_cell_num", False, "end", False), ("zw_cell_rtl", False, "start", True)):
        style = Style("paragraph", name=name, area="text", font_size=f"{_CELL_POINTS}pt",
                      font_weight="bold" if bold else None)  # fmt: skip
        text = {"fo:hyphenate": "true", "fo:language": language, "fo:country": country,
                "style:font-size-complex": f"{_CELL_POINTS}pt", "style:language-complex": "ar"}
        if bold:
            text["style:font-weight-complex"] = "bold"
        style.set_properties(area="text", properties=text)
        props = {"fo:hyphenation-ladder-count": "no-limit"}
        if align:
            props["fo:text-align"] = align
        if rtl:
            props["style:writing-mode"] = "rl-tb"
        style.set_properties(area="paragraph", properties=props)
        odt.insert_style(style, automatic=True)
    # Rows are never split across pages; a whole row moves to the next page instead.
    odt.insert_style(
        '<style:style style:name="zw_row" style:family="table-row">'
        '<style:table-row-properties fo:keep-together="always"/></style:style>', automatic=True)
    # Right-to-left paragraphs outside tables (an Arabic proposal body, a note).
    rtl_style = Style("paragraph", name="zw_rtl", area="text")
    rtl_style.set_properties(area="paragraph", properties={"style:writing-mode": "rl-tb"})
    odt.insert_style(rtl_style, automatic=True)


def _unnumbered_headings(odt: Document) -> None:
    """The odfdo template numbers headings ("2.1."); the report's headings carry no numbers."""
    styles = odt.styles
    for level in styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for attribute in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(attribute)
    # Headings stay with what follows them (the table they introduce).
    for style in styles.get_elements("//style:style[starts-with(@style:name, 'Heading')]"):
        props = style.get_element("style:paragraph-properties")
        if props is None:
            props = Element.from_tag("<style:paragraph-properties/>")
            style.append(props)
        props.set_attribute("fo:keep-with-next", "always")


def _sans_and_language(odt: Document, language: str) -> None:
    """A sans-serif body like the PDF's, and the document language (hyphenation, spelling)."""
    styles = odt.styles
    country = "DE" if language == "de" else "GB"
    for default in styles.get_elements("//style:default-style[@style:family='paragraph']"):
        props = default.get_element("style:text-properties")
        if props is None:
            props = Element.from_tag("<style:text-properties/>")
            default.append(props)
        props.set_attribute("fo:font-family", _FONT)
        props.set_attribute("style:font-family-generic", "swiss")
        props.set_attribute("fo:language", language)
        props.set_attribute("fo:country", country)
        props.set_attribute("fo:hyphenate", "true")
    for style in styles.get_elements("//style:style[@style:family='paragraph']"):
        props = style.get_element("style:text-properties")
        if props is not None and props.get_attribute("style:font-name"):
            props.del_attribute("style:font-name")
            props.set_attribute("fo:font-family", _FONT)


def _footer(odt: Document, page_pattern: str, letterhead: Letterhead) -> None:
    """Footer of every page: the process's footer line, then "Seite x von y" as live fields."""
    styles = odt.styles
    before, _, rest = page_pattern.partition("{page}")
    middle, _, after = rest.partition("{pages}")
    line = odf.inline(_text(letterhead.footer)) + "<text:line-break/>" if letterhead.footer else ""
    pieces = [odf.inline(before), '<text:page-number text:select-page="current">1</text:page-number>',
              odf.inline(middle), "<text:page-count>1</text:page-count>", odf.inline(after)]
    footer = Element.from_tag(
        f'<style:footer><text:p text:style-name="zw_footer">{line}{"".join(pieces)}</text:p></style:footer>'
    )
    for master in styles.get_elements("//style:master-page"):
        master.append(footer.clone)
    for layout_ in styles.get_elements("//style:page-layout"):
        old = layout_.get_element("style:footer-style")
        if old is not None:
            layout_.delete(old)
        layout_.append(Element.from_tag(
            '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" '
            'fo:margin-top="0.3cm"/></style:footer-style>'))  # fmt: skip
    note = Style("paragraph", name="zw_footer", area="text", font_size="7.5pt", color="#555555")
    odt.insert_style(note)


def _properties(odt: Document, title: str, language: str, letterhead: Letterhead) -> None:
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    author = _text(letterhead.municipality) or "Zielwerkstatt"
    meta = odt.meta
    meta.set_title(_text(strip_marks(title)))
    meta.set_language("de-DE" if language == "de" else "en-GB")
    meta.set_initial_creator(author)
    meta.set_creator(author)
    meta.set_creation_date(now)
    meta.set_modification_date(now)
    meta.set_generator("Zielwerkstatt")
