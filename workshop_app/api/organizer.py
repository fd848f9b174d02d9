"""Organizer endpoints of the JSON API (see DESIGN §5)."""
from __future__ import annotations

from . import bp  # noqa: F401

#: OpenAPI path items of this module, merged into /api/v1/openapi.json by api.openapi.
PATHS: dict = {}
