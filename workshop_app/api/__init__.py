"""The JSON API under /api/v1 (DESIGN §5), one module per audience, one OpenAPI document."""
from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # CSRF is checked in common.py, except for bearer-token requests

from . import asyncapi, asyncapi_tables, common, facilitator, feasibility, moderation, openapi, organizer, participant, support, measures, tables  # noqa: E402,F401  (routes)
