"""Small fixed vocabularies that have no rules module of their own: stored in columns, or sent to
the browsers (the screen's panel mode), where a misspelt code would silently never match."""
from __future__ import annotations

from enum import StrEnum

__all__ = ["Audience", "AuthorKind", "ScreenMode", "ScreenTheme"]


class AuthorKind(StrEnum):
    """Who wrote a proposal: a participant on a phone, a moderator, or a moderator typing a paper card."""

    PARTICIPANT = "participant"
    MODERATOR = "moderator"
    PAPER = "paper"  # transcribed by the moderator from a paper card


class ScreenTheme(StrEnum):
    DARK = "dark"
    LIGHT = "light"


class Audience(StrEnum):
    """Who is on the other end of a live connection (one Socket.IO namespace each)."""

    PARTICIPANT = "participant"
    SCREEN = "screen"
    MODERATOR = "moderator"
    FACILITATOR = "facilitator"  # a table's facilitator link (live.facilitator)


class ScreenMode(StrEnum):
    """What the projector's panel shows (services.screen.panel_mode; static/js/screen.js draws it)."""

    JOIN = "join"
    COLLECT = "collect"
    VOTE = "vote"
    RESULTS = "results"
    SPOTLIGHT = "spotlight"
    MEASURES = "measures"  # the goals open for measures, with their measures
    MATRIX = "matrix"  # a closed feasibility round: priority × feasibility
    TABLES = "tables"  # collecting at tables: every table's progress
    TABLE = "table"  # one table's wall, put on the screen by the moderator
