"""Publishing a process's progress page, and the websites that may embed it.

The public page (``public/``) reads ``Process.public`` on every request, so unpublishing takes
effect with the next request: the page, its embed variant and its feeds answer 404 at once.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..domain.errors import DomainError
from ..domain.publishing import normalise_origins
from ..extensions import db
from ..models import Process
from .plumbing import audit, tx
from .plumbing.audit import Actor


@dataclass(frozen=True)
class Publication:
    """Validated settings; ``None`` leaves a setting as it is."""

    public: bool | None = None
    origins: tuple[str, ...] | None = None


def parse(public=None, origins: Iterable[str] | str | None = None) -> Publication:
    """Check the input before anything is written (so a request changing more stays whole)."""
    if public is not None and not isinstance(public, bool):
        raise DomainError("invalid_choice", "true or false was expected", field="public")
    return Publication(public=public, origins=None if origins is None else tuple(normalise_origins(origins)))


def _facts(process: Process) -> dict:
    return {"public": process.public, "embed_origins": process.embed_origin_list}


def update_publication(actor: Actor, process: Process, settings: Publication) -> Process:
    with tx.write():
        target = db.session.get(Process, process.id)
        before = _facts(target)
        if settings.public is not None:
            target.public = settings.public
        if settings.origins is not None:
            target.embed_origins = "\n".join(settings.origins)
        after = _facts(target)
        if after != before:
            action = {True: "process.publish", False: "process.unpublish"}.get(
                after["public"] if after["public"] != before["public"] else None, "process.embedding")
            audit.record(actor, action, target, process_id=target.id, before=before, after=after)
    return db.session.get(Process, process.id)
