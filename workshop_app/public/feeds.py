"""The public page's feeds of changes: Atom (RFC 4287) and JSON Feed 1.1.

Entries are the process's public progress notes and status changes (``services.read_models.public_page.changes``),
newest first. Texts are already translated; this module only writes the formats.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_FEED_TYPE = "application/feed+json; charset=utf-8"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class Entry:
    id: str  # a tag: URI, stable for the note's life
    title: str
    text: str
    url: str
    published: datetime
    updated: datetime


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    author: str
    language: str
    page_url: str
    self_url: str
    updated: datetime
    entries: Sequence[Entry]


def _instant(value: datetime) -> str:
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str | None = None) -> None:
    attributes = {"href": href, "rel": rel}
    if media_type:
        attributes["type"] = media_type
    ET.SubElement(parent, f"{{{ATOM}}}link", attributes)


def atom(feed: Feed) -> bytes:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": feed.language})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "updated", _instant(feed.updated))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", feed.author)
    _link(root, feed.self_url, "self", "application/atom+xml")
    _link(root, feed.page_url, "alternate", "text/html")
    _text(root, "generator", "Zielwerkstatt")
    for entry in feed.entries:
        element = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "published", _instant(entry.published))
        _text(element, "updated", _instant(entry.updated))
        _link(element, entry.url, "alternate", "text/html")
        _text(element, "content", entry.text or entry.title, type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def json_feed(feed: Feed, *, extra: dict | None = None) -> dict:
    data = {
        "version": JSON_FEED_VERSION, "title": feed.title, "home_page_url": feed.page_url,
        "feed_url": feed.self_url, "language": feed.language, "authors": [{"name": feed.author}],
        "items": [{"id": e.id, "url": e.url, "title": e.title, "content_text": e.text or e.title,
                   "date_published": _instant(e.published), "date_modified": _instant(e.updated)}
                  for e in feed.entries],
    }
    if extra:
        data.update(extra)  # JSON Feed extensions start with "_"
    return data
