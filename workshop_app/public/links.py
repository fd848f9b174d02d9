"""Addresses, policies and feed entries of the public page (helpers of ``views``)."""
from __future__ import annotations

from flask_babel import gettext as _

from ..i18n import current_language
from ..models import Measure, Process
from ..security import CONTENT_SECURITY_POLICY
from ..services.read_models import public_page
from ..urls import external, public_base
from .feeds import Entry, Feed


def embed_policy(origins: list[str]) -> str:
    """The app's policy, but framing allowed to exactly the listed (validated) origins."""
    ancestors = " ".join(origins) if origins else "'none'"
    return CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")


def measure_url(measure: Measure) -> str:
    return external("public.page", process_id=measure.goal.process_id) + f"#measure-{measure.id}"


def _tag(process: Process, suffix: str) -> str:
    """A tag: URI (RFC 4151) that stays the same for the object's life."""
    authority = public_base().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return f"tag:{authority},{process.created_at:%Y-%m-%d}:zielwerkstatt/process-{process.id}{suffix}"


def _status(value: str) -> str:
    return {"planned": _("planned"), "in_progress": _("in progress"), "done": _("done"),
            "dropped": _("dropped")}.get(value, value)


def _entry(process: Process, note: public_page.Note) -> Entry:
    if note.status_after:
        title = _("%(measure)s: %(before)s → %(after)s", measure=note.measure_title,
                  before=_status(note.status_before) if note.status_before else "–",
                  after=_status(note.status_after))
    else:
        title = _("%(measure)s: progress note", measure=note.measure_title)
    return Entry(id=_tag(process, f"/note-{note.id}"), title=title, text=note.text,
                 url=external("public.page", process_id=process.id) + f"#measure-{note.measure_id}",
                 published=note.written, updated=note.written)


def change_feed(process: Process, endpoint: str) -> Feed:
    notes = public_page.changes(process)
    return Feed(
        id=_tag(process, ""), title=_("Progress: %(process)s", process=process.title),
        author=process.municipality, language=current_language(),
        page_url=external("public.page", process_id=process.id),
        self_url=external(endpoint, process_id=process.id),
        updated=max((n.written for n in notes), default=process.created_at),
        entries=[_entry(process, n) for n in notes])
