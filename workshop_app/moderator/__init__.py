from flask import Blueprint

bp = Blueprint("moderator", __name__)

from . import agenda, feasibility, measures, participants, proposals, rounds, screen_round, screen_table, tables, views  # noqa: E402,F401  (registers the routes on bp)
