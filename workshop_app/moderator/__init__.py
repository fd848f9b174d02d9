from flask import Blueprint

bp = Blueprint("moderator", __name__)

from . import participants, proposals, rounds, screen_round, views  # noqa: E402,F401  (registers the routes on bp)
