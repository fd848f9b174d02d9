"""Page setup, styles, letterhead, footer and properties of the DOCX export (see ``docx_writer``)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

from .letterhead import PNG, Letterhead
from .sanitize import strip_xml_invalid

if TYPE_CHECKING:
    from docx.oxml.text.font import CT_RPr
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.parts.story import StoryPart
    from docx.shape import InlineShape
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph

__all__ = ["FONT", "describe", "page_furniture", "setup"]

FONT = "Arial"  # sans-serif everywhere (Liberation Sans, metric-compatible, where Arial is missing)
_MUTED = RGBColor(0x55, 0x55, 0x55)
_INK = RGBColor(0x1A, 0x1A, 0x1A)
_HEADING_SIZES = {0: 17, 1: 13.5, 2: 11.5}


def _text(text: str) -> str:
    return strip_xml_invalid(text)


def setup(docx: Docx, title: str, language: str, letterhead: Letterhead) -> None:
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not the template's Letter
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.6)
    section.different_first_page_header_footer = True  # the letterhead only on page one
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        style = docx.styles[name]
        _sans(style.element.get_or_add_rPr())
        if name != "Normal":
            style.font.color.rgb = _INK
    docx.styles["Normal"].font.size = Pt(10)
    _complex_size(docx.styles["Normal"], 10)
    for level, size in _HEADING_SIZES.items():
        style = docx.styles["Title" if level == 0 else f"Heading {level}"]
        style.font.size = Pt(size)
        _complex_size(style, size)
    # Tell Word the language of the text (hyphenation, spell check), and hyphenate.
    rpr = docx.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE" if language == "de" else "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)
    settings = docx.settings.element
    tab_stop = settings.find(qn("w:defaultTabStop"))  # the schema's order: autoHyphenation follows it
    if tab_stop is not None:
        tab_stop.addnext(OxmlElement("w:autoHyphenation"))
    props = docx.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = _text(title)
    props.language = language
    props.author = props.last_modified_by = _text(letterhead.municipality) or "Zielwerkstatt"
    props.created = props.modified = now
    props.revision = 1
    props.comments = ""
    props.subject = _text(letterhead.municipality)


def _complex_size(style: ParagraphStyle, points: float) -> None:
    """The size of complex-script (Arabic) text too: Word reads it from w:szCs."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:szCs")):
        rpr.remove(old)
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), str(round(points * 2)))
    sz = rpr.find(qn("w:sz"))
    if sz is not None:
        sz.addnext(size)
    else:
        rpr.append(size)


def _sans(rpr: CT_RPr) -> None:
    """Arial for every script (the template's theme fonts would be Calibri/Cambria)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)


def page_furniture(docx: Docx, page_pattern: str, letterhead: Letterhead) -> None:
    """Footer on every page: the process's footer line, then "Seite x von y" as fields."""
    section = docx.sections[0]
    for footer in (section.footer, section.first_page_footer):
        paragraph = footer.paragraphs[0]
        if letterhead.footer:
            run = paragraph.add_run(_text(letterhead.footer))
            run.font.size, run.font.color.rgb = Pt(7.5), _MUTED
            run.add_break()
        before, _, rest = page_pattern.partition("{page}")
        middle, _, after = rest.partition("{pages}")
        for piece in (before, "PAGE", middle, "NUMPAGES", after):
            if piece in ("PAGE", "NUMPAGES"):
                paragraph._p.append(_field(piece))  # noqa: SLF001 — python-docx has no field API
            elif piece:
                run = paragraph.add_run(piece)
                run.font.size, run.font.color.rgb = Pt(7.5), _MUTED
    header = section.first_page_header.paragraphs[0]
    if letterhead.municipality:
        run = header.add_run(_text(letterhead.municipality))
        run.bold, run.font.size = True, Pt(11)
    if letterhead.has_logo and letterhead.logo:  # has_logo implies logo; the test narrows its type
        header.add_run("\t\t")
        if letterhead.logo_type == PNG:
            picture = header.add_run().add_picture(io.BytesIO(letterhead.logo), height=Mm(16))
        else:
            picture = _svg_picture(section.first_page_header.part, header, letterhead.logo)
        describe(picture, f"Logo {letterhead.municipality}".strip())


def _svg_picture(part: StoryPart, paragraph: Paragraph, svg: bytes) -> InlineShape:
    """An SVG logo the way Word stores one: the SVG (``asvg:svgBlip``) over a PNG stand-in.

    Word 2016 and later draw the SVG; a reader without SVG support shows the stand-in, a
    transparent PNG of the logo's proportions (nothing rather than a broken picture).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from PIL import Image

    width, height = _svg_size(svg)
    scale = min(45 / width, 16 / height)  # into 4.5 × 1.6 cm, as in the PDF
    stand_in = io.BytesIO()
    Image.new("RGBA", (max(1, round(width * scale * 4)), max(1, round(height * scale * 4))),
              (255, 255, 255, 0)).save(stand_in, format="PNG")
    picture = paragraph.add_run().add_picture(stand_in, width=Mm(width * scale), height=Mm(height * scale))
    package = part.package
    svg_part = Part(PackURI(f"/word/media/logo{len(list(package.iter_parts()))}.svg"), "image/svg+xml", svg, package)
    rid = part.relate_to(svg_part, RT.IMAGE)
    blip = picture._inline.find(".//" + qn("a:blip"))  # noqa: SLF001 — no python-docx API for SVG
    blip.append(parse_xml(
        f'<a:extLst {nsdecls("a", "r")}><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}">'
        '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
        f'r:embed="{rid}"/></a:ext></a:extLst>'))
    return picture


def _svg_size(svg: bytes) -> tuple[float, float]:
    """The SVG's aspect from its viewBox (or width and height); 45 × 16 if neither is usable."""
    from defusedxml.ElementTree import fromstring

    root = fromstring(svg)
    try:
        box = [float(v) for v in root.get("viewBox", "").replace(",", " ").split()]
        if len(box) == 4 and box[2] > 0 and box[3] > 0:
            return box[2], box[3]
        return float(root.get("width", "").rstrip("px")), float(root.get("height", "").rstrip("px"))
    except ValueError:
        return 45.0, 16.0


def _field(instruction: str) -> BaseOxmlElement:
    return parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} "><w:r><w:rPr><w:sz w:val="15"/>'
        '<w:color w:val="555555"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'
    )


def describe(picture: InlineShape, alt: str) -> None:
    doc_pr = picture._inline.docPr  # noqa: SLF001 — alt text has no python-docx API
    doc_pr.set("descr", _text(alt))
    doc_pr.set("title", _text(alt)[:120])
