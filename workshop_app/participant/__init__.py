from flask import Blueprint

bp = Blueprint("participant", __name__)

from . import group_views, measure_views, support_views, table_views, views, workshop_views  # noqa: E402,F401  (registers the routes on bp)
