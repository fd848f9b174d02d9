"""The JSON API under /api/v1 (DESIGN §5), one module per audience, one OpenAPI document."""
from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # CSRF is checked in common.py, except for bearer-token requests

from . import (  # noqa: E402,F401  (routes)
    asyncapi,
    asyncapi_tables,
    common,
    facilitator,
    feasibility,
    measures,
    moderation,
    openapi,
    organizer,
    participant,
    support,
    tables,
)
