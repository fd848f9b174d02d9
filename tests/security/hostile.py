"""Hostile text for the XSS, formula, Unicode and SQL tests: the corpus, a way to plant it into
every user text field of the world, checks of rendered HTML, and the text of every export."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from workshop_app.extensions import db
from workshop_app.models import (
    ApiKey,
    FieldOfAction,
    Goal,
    Measure,
    Participant,
    Process,
    ProgressNote,
    Proposal,
    RoundItem,
    Workshop,
)

HERE = Path(__file__).parent


def load_payloads(name: str = "xss_payloads.txt") -> list[str]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    decode = lambda s: re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)  # noqa: E731
    return [decode(line) for line in lines if line and not line.startswith("# ")]


def plant(app, world, texts: list[str]) -> dict[str, list[str]]:
    """Write ``texts`` straight into every user text field (bypassing input cleaning on purpose:
    rendering must be safe whatever is stored). Returns what went where, as stored."""
    planted: dict[str, list[str]] = {"titles": [], "names": [], "fields": [], "goals": [], "measures": []}
    with app.app_context():
        a = db.session.get(Workshop, world.a.id)
        process = db.session.get(Process, world.process_id)
        a.title, a.venue = texts[0][:200], texts[1][:200]
        db.session.get(Workshop, world.b.id).title = texts[2][:200]
        process.title, process.municipality = texts[3][:200], texts[4][:200]
        for group, text in zip(a.groups, texts[5:]):
            group.name = text[:80]
        group_ids = [g.id for g in a.groups]
        for round_ in a.rounds:
            round_.title = texts[6][:200]
        rounds = [r.id for r in a.rounds]
        for i, text in enumerate(texts):
            title = text[:120]
            proposal = Proposal(workshop_id=a.id, title=title, body=text, author_kind="participant",
                                participant_id=world.a.participant_id, field_id=world.field_id,
                                state="pending" if i % 9 == 8 else "published")
            db.session.add(proposal)
            db.session.add(Participant(workshop_id=a.id, group_id=group_ids[i % len(group_ids)],
                                       display_name=text[:60], secret_hash=f"{i:064d}"))
            field = FieldOfAction(process_id=process.id, name=f"{i} {text}"[:120], description=text,
                                  position=100 + i)
            goal = Goal(process_id=process.id, title=text[:300], description=text, position=100 + i)
            goal.measures = [Measure(title=text[:300], responsible=text[:200], partners=text[:500],
                                     indicator=text[:500], deadline=date(2028, 1, 1))]
            db.session.add_all([field, goal])
            db.session.flush()
            goal.measures[0].notes = [ProgressNote(date=date(2026, 6, 1), text=text)]
            for round_id in rounds:
                db.session.add(RoundItem(round_id=round_id, proposal_id=proposal.id, position=10 + i))
            planted["titles"].append(title)
            planted["names"].append(text[:60])
            planted["fields"].append(field.name)
        db.session.scalar(db.select(ApiKey)).name = texts[7][:120]
        db.session.commit()
        db.session.remove()
    return planted


# --- HTML ---------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc",
                  "background", "ping"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "math", "template",
                  "marquee", "xss", "video", "audio", "style", "animate"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Issue 19: the pages carry their own <template id="tpl-…"> cards (the same macros as
        # the page) that the shipped JS fills with textContent; any other <template> is injected.
        ours = tag == "template" and (attrs.get("id") or "").startswith("tpl-")
        # Issue 14: the console frames the live miniature of its own screen (a fixed, same-origin
        # address); any other <iframe> is injected.
        ours = ours or (tag == "iframe" and re.fullmatch(r"/moderate/[A-Z0-9]+/screen-preview",
                                                         attrs.get("src") or "") is not None)
        if tag in FORBIDDEN_TAGS and not ours:
            self.problems.append(f"<{tag}> element")
        if tag == "script" and (not attrs.get("src") or not attrs["src"].startswith("/static/")):
            self.problems.append(f"script not from /static/: {attrs}")
        if tag == "link" and attrs.get("href", "").startswith(("http:", "https:", "//")):
            self.problems.append(f"third-party link {attrs}")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh" and \
                "url" in (attrs.get("content") or "").lower():
            self.problems.append(f"meta refresh to elsewhere: {attrs}")  # the screen's own reload is fine
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> (CSP forbids inline styles)")
            if name in URL_ATTRIBUTES and value:
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                if cleaned.startswith(("javascript:", "data:text", "vbscript:")) or \
                        (cleaned.startswith(("http:", "https:", "//")) and "evil" in cleaned):
                    self.problems.append(f"<{tag} {name}={value!r}>")


def html_problems(body: str, texts: list[str]) -> list[str]:
    """Structural injection (elements, handlers, URLs) and template evaluation in a page."""
    collector = _Collector()
    collector.feed(body)
    problems = collector.problems
    if "zwtpl49" in body:
        problems.append("template syntax was evaluated")
    for text in texts:
        if "<" in text and len(text) > 8 and text[:120] in body:
            problems.append(f"raw payload in page: {text[:50]!r}")
    return problems


# --- exports ------------------------------------------------------------------------------------

def export_cells(fmt: str, data: bytes) -> list[str]:
    """The text of every cell / paragraph of an export, opened with its format's library."""
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        header = text.split("\n", 1)[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        return [cell for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
                for cell in row]
    if fmt == "xlsx":
        import openpyxl
        book = openpyxl.load_workbook(io.BytesIO(data))
        return [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                if c.value is not None]
    if fmt in ("ods", "odt"):
        from odfdo import Document
        document = Document(io.BytesIO(data))
        if fmt == "ods":
            return [str(v) for table in document.body.get_tables() for row in table.get_values()
                    for v in row if v is not None]
        return [p.text_recursive for p in document.body.get_paragraphs()] + \
            [str(v) for table in document.body.get_tables() for row in table.get_values() for v in row
             if v is not None]
    if fmt == "docx":
        import docx
        document = docx.Document(io.BytesIO(data))
        cells = [p.text for p in document.paragraphs]
        for table in document.tables:
            cells += [cell.text for row in table.rows for cell in row.cells]
        return cells
    if fmt == "pdf":
        from pypdf import PdfReader
        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    if fmt == "json":
        found: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
            elif isinstance(node, str):
                found.append(node)
        walk(json.loads(data))
        return found
    raise AssertionError(fmt)


def xlsx_formula_cells(data: bytes) -> list[str]:
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [f"{sheet.title}!{c.coordinate}={c.value!r}" for sheet in book.worksheets
            for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def ods_formula_cells(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml").decode()
    return re.findall(r'table:formula="[^"]*"', content)
