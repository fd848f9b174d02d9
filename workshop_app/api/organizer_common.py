"""What the organizer API endpoints share: the organizer check and object lookup."""
from __future__ import annotations

from flask import abort

from .. import access
from ..extensions import db
from ..services.audit import Actor


def organizer() -> Actor:
    """Organizers and admins only (API key or session); 401 without, 403 for moderators."""
    access.require_organizer()
    return access.current_actor()


def found(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj
