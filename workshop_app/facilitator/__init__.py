"""The facilitator device of a table (``/table/<secret>``): no login, the table's secret alone."""
from flask import Blueprint

bp = Blueprint("facilitator", __name__)

from . import views  # noqa: E402,F401  (registers the routes on bp)
