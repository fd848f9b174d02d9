from flask import Blueprint

bp = Blueprint("organizer", __name__)

from . import views  # noqa: E402,F401  (registers the routes on bp)
