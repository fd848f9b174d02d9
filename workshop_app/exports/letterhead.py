"""The letterhead of a process's documents: the municipality, its logo, a footer line.

``Letterhead`` is what the writers read (pure data). ``clean_logo`` checks an uploaded logo
before it is stored: a PNG is decoded and re-encoded by Pillow (size-checked, metadata and
anything but pixels dropped); an SVG is parsed without DTDs or entities (defusedxml) and
rebuilt from an allow-list of drawing elements and attributes, so that no script, event
handler, external reference or style sheet survives.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["LOGO_MAX_BYTES", "Letterhead", "LogoError", "clean_logo"]

LOGO_MAX_BYTES = 180 * 1024  # base64 in a JSON body stays under MAX_CONTENT_LENGTH (256 KB)
LOGO_MAX_PIXELS = 3000  # per side
PNG, SVG = "image/png", "image/svg+xml"


@dataclass(frozen=True, slots=True)
class Letterhead:
    municipality: str = ""
    footer: str = ""  # one line, printed at the foot of every page
    logo: bytes | None = None  # already cleaned by ``clean_logo``
    logo_type: str = ""  # PNG or SVG

    @property
    def has_logo(self) -> bool:
        return bool(self.logo) and self.logo_type in (PNG, SVG)


class LogoError(ValueError):
    """The upload is not a usable logo; ``code`` names the reason (for the API)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def clean_logo(data: bytes) -> tuple[bytes, str]:
    """(cleaned bytes, media type) of a PNG or SVG logo; ``LogoError`` otherwise."""
    if not data:
        raise LogoError("logo_empty", "The file is empty.")
    if len(data) > LOGO_MAX_BYTES:
        raise LogoError("logo_too_large", f"The logo may be at most {LOGO_MAX_BYTES // 1024} KB.")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _clean_png(data), PNG
    head = data[:512].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")):
        return _clean_svg(data), SVG
    raise LogoError("logo_type", "The logo must be a PNG or SVG file.")


def _clean_png(data: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise LogoError("logo_type", "The logo must be a PNG or SVG file.")
            if max(image.size) > LOGO_MAX_PIXELS:
                raise LogoError("logo_dimensions",
                                f"The logo may be at most {LOGO_MAX_PIXELS} pixels wide and high.")
            image.load()
            mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
            out = io.BytesIO()
            image.convert(mode).save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise LogoError("logo_invalid", "The PNG file cannot be read.") from error
    return out.getvalue()


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_ELEMENTS = frozenset(
    "svg g path rect circle ellipse line polyline polygon text tspan defs title desc "
    "linearGradient radialGradient stop clipPath use symbol".split()
)
_ATTRIBUTES = frozenset(
    "id class viewBox width height x y x1 y1 x2 y2 cx cy r rx ry d points transform fill "
    "fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap stroke-linejoin "
    "stroke-miterlimit stroke-dasharray opacity offset stop-color stop-opacity gradientUnits "
    "gradientTransform clip-path clip-rule font-family font-size font-weight text-anchor "
    "preserveAspectRatio version dx dy fx fy spreadMethod visibility display".split()
)
_LOCAL_REF = re.compile(r"^#[A-Za-z_][\w.-]*$")
_URL = re.compile(r"url\(\s*([^)]*)\)", re.IGNORECASE)


def _clean_svg(data: bytes) -> bytes:
    from xml.etree.ElementTree import Element, ParseError, SubElement

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise LogoError("logo_invalid", "The SVG file cannot be read or contains a DTD or entities.") from error
    if root.tag != f"{{{_SVG_NS}}}svg":
        raise LogoError("logo_invalid", "The file is not an SVG image.")

    def value_ok(name: str, value: str) -> bool:
        refs = _URL.findall(value)
        return all(_LOCAL_REF.match(ref.strip("'\" ")) for ref in refs) and "javascript:" not in value.lower()

    def copy(source: Element, parent: Element | None) -> Element | None:
        local = source.tag.rpartition("}")[2] if source.tag.startswith(f"{{{_SVG_NS}}}") else None
        if local not in _ELEMENTS:
            return None  # scripts, foreignObject, image, style, anything unknown: dropped with children
        attributes = {k: v for k, v in source.attrib.items() if k in _ATTRIBUTES and value_ok(k, v)}
        href = source.attrib.get(f"{{{_XLINK}}}href", source.attrib.get("href"))
        if local == "use":
            if not href or not _LOCAL_REF.match(href):
                return None
            attributes["href"] = href
        target = Element(f"{{{_SVG_NS}}}{local}", attributes) if parent is None else SubElement(
            parent, f"{{{_SVG_NS}}}{local}", attributes)
        target.text = source.text if local in ("text", "tspan", "title", "desc") else None
        for child in source:
            copy(child, target)
            if len(target) and local in ("text", "tspan"):
                target[-1].tail = child.tail
        return target

    clean = cast(Element, copy(root, None))  # the root is an <svg>, which copy always keeps
    if not clean.get("viewBox") and not (clean.get("width") and clean.get("height")):
        raise LogoError("logo_invalid", "The SVG needs a viewBox or a width and height.")
    return _serialise(clean)


def _serialise(element: Element) -> bytes:
    from xml.etree.ElementTree import register_namespace, tostring

    register_namespace("", _SVG_NS)
    data: bytes = tostring(element, encoding="utf-8", xml_declaration=True)
    return data
