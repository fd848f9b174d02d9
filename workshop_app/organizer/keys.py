"""API keys of the signed-in organizer: create (the key is shown once) and revoke.

Only a signed-in browser session manages keys: a key must never mint another key that would
survive its own revocation (access._load_api_user accepts keys on /api/v1/ only anyway).
"""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..domain.errors import DomainError
from ..extensions import db
from ..models import ApiKey
from ..services import apikeys
from . import bp
from .common import done, failed


def _keys() -> list[ApiKey]:
    return list(db.session.scalars(db.select(ApiKey).filter_by(user_id=current_user.id)
                                   .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())))


@bp.get("/organize/api-keys")
def api_keys():
    access.require_session()
    return render_template("organizer/api_keys.html", keys=_keys(), values={})


@bp.post("/organize/api-keys")
def create_api_key():
    access.require_session()
    try:
        _record, key = apikeys.create_api_key(access.current_actor(), current_user._get_current_object(),
                                              name=request.form.get("name", ""))
    except DomainError as error:
        return failed("organizer/api_keys.html", error, form="key", keys=_keys())
    # Shown in this response only; the database keeps a hash.
    return render_template("organizer/api_keys.html", keys=_keys(), new_key=key, values={}), 201


@bp.post("/organize/api-keys/<int:key_id>/revoke")
def revoke_api_key(key_id: int):
    access.require_session()
    key = db.session.get(ApiKey, key_id)
    if key is None or (key.user_id != current_user.id and not current_user.is_admin):
        abort(404)
    apikeys.revoke_api_key(access.current_actor(), key)
    return done(_("The API key was revoked."), "organizer.api_keys")
