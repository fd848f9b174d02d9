"""Errors raised by the domain rules.

The web layer shows these to people in their own language, so an error is identified by a stable
``code`` (translated by the web layer) plus ``params`` to fill into the message. ``message`` is a
plain English fallback for logs, the CLI and tests. Every code used anywhere in the domain package
is listed in :data:`CODES`, so that a test in the web layer can assert each has a translation.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CODES",
    "BallotRejected",
    "DomainError",
    "InvalidDeadline",
    "InvalidText",
    "InvalidTransition",
]


class DomainError(Exception):
    """A rule was broken by input that a person can correct (not a programming error).

    Programming errors (unknown group in a tally, a non-date deadline) raise ``ValueError`` or
    ``TypeError`` instead, because no participant can fix them.
    """

    code: str
    params: dict[str, Any]
    message: str

    def __init__(self, code: str, message: str = "", **params: Any) -> None:
        self.code = code
        self.params = params
        self.message = message or code.replace("_", " ").capitalize()
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, params={self.params!r})"


class InvalidTransition(DomainError):
    """A state or phase change that the life cycle does not allow."""


class BallotRejected(DomainError):
    """A ballot (or paper tally) that breaks the round's method or budget; nothing is stored."""


class InvalidText(DomainError):
    """Free text or a choice that cannot be stored as given."""


class InvalidDeadline(DomainError):
    """A measure's deadline outside the period the council decided."""


#: Every error code raised anywhere in ``workshop_app.domain``, grouped by module.
CODES: tuple[str, ...] = (
    # phases
    "invalid_state_transition",
    "workshop_not_open",
    "round_not_draft",
    "round_not_open",
    "round_open",
    "round_published",
    "round_not_closed",
    "invalid_proposal_transition",
    # text
    "not_text",
    "control_characters",
    "required",
    "too_long",
    "invalid_choice",
    # ballots (and paper tallies)
    "invalid_round_settings",
    "invalid_ballot",
    "invalid_proposal_id",
    "duplicate_entry",
    "proposal_not_eligible",
    "invalid_value",
    "value_out_of_range",
    "over_budget",
    "too_many_entries",
    "invalid_motion",
    "paper_not_supported",
    # ranking
    "place_out_of_range",
    "place_taken",
    "place_gap",
    "too_few_to_rank",
    # merge
    "merge_not_supported",
    "merge_into_self",
    "merge_changed_since",
    # the measures step
    "merge_mixed_kinds",
    "merge_other_goal",
    "goal_not_found",
    "goal_not_open_for_measures",
    # deadlines
    "deadline_too_late",
    "deadline_before_start",
    # council papers (OParl)
    "oparl_url_invalid",
    "oparl_url_not_allowed",
    "oparl_not_configured",
    "council_papers_invalid",
    "council_papers_too_many",
    # progress
    "progress_range",
    # publishing
    "invalid_origin",
    "too_many_origins",
    # annual progress report
    "invalid_year",
    # responsible bodies' reports
    "note_date_early",
    "note_date_late",
    # feasibility rounds (priority × feasibility)
    "not_assessor",
    "not_a_priority_round",
    "assessors_required",
    "too_many_assessors",
    # tables (stations)
    "no_tables",
    "rotation_step",
    "tables_round_open",
    "seat_round_open",
)
