"""What the organizer API endpoints share: the organizer check and object lookup.

Objects are found through their process and only if the caller may see it (admins: every
process; organizers: those they own or are members of); otherwise a 404, as for a missing one.
"""
from __future__ import annotations

from flask import abort

from .. import access
from ..extensions import db
from ..models import Measure, Process
from ..services.audit import Actor


def organizer() -> Actor:
    """Organizers and admins only (API key or session); 401 without, 403 for moderators."""
    access.require_organizer()
    return access.current_actor()


def process_id_of(obj) -> int:
    if isinstance(obj, Process):
        return obj.id
    if isinstance(obj, Measure):
        return obj.goal.process_id
    return obj.process_id  # fields of action, goals, workshops


def visible(obj):
    if obj is None or not access.can_manage_process(process_id_of(obj)):
        abort(404)
    return obj


def found(model, object_id):
    return visible(db.session.get(model, object_id))
