"""Pages that belong to no audience: start page, language switch, privacy, accessibility."""
from flask import Blueprint

bp = Blueprint("pages", __name__)

from . import views  # noqa: E402,F401  (registers the routes on bp)
