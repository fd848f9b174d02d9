"""Responsible bodies report progress without an account, through their personal update link."""
from flask import Blueprint

bp = Blueprint("responsible", __name__)

from . import views  # noqa: E402,F401  (registers the routes on bp)
