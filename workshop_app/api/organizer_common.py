"""What the organizer API endpoints share: the organizer check and object lookup.

Objects are found through their process and only if the caller may see it (admins: every
process; organizers: those they own or are members of); otherwise a 404, as for a missing one.
"""
from __future__ import annotations

from .. import access
from ..extensions import db
from ..services.plumbing.audit import Actor


def organizer() -> Actor:
    """Organizers and admins only (API key or session); 401 without, 403 for moderators."""
    access.require_organizer()
    return access.current_actor()


visible = access.require_visible


def found(model, object_id):
    return visible(db.session.get(model, object_id))
