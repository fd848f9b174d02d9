"""The OpenAPI document at /api/v1/openapi.json, assembled from each API module's PATHS."""
from __future__ import annotations

from . import bp, moderation, organizer, participant


@bp.get("/openapi.json")
def openapi_document():
    paths: dict = {}
    for module in (participant, moderation, organizer):
        paths.update(module.PATHS)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Zielwerkstatt API", "version": "1"},
        "paths": paths,
    }
