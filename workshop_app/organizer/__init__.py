from flask import Blueprint

bp = Blueprint("organizer", __name__)

# Importing the modules registers their routes on bp (common first: it guards every page).
from . import (  # noqa: E402,F401
    audit,
    common,
    council,
    exports,
    keys,
    letterhead,
    measures_adopt,
    plan,
    processes,
    publishing,
    responsible,
    users,
    views,
    workshops,
)
