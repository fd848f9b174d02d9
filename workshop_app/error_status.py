"""The one table from a domain error code to the HTTP status it answers with.

Pages and the JSON API answer the same refusal with the same status, so that a script, a test
or a proxy log reads the same outcome whichever way the action was sent.
"""
from __future__ import annotations

from .domain.errors import DomainError

#: Refusals because of the current state of the data (try again after it changed): 409.
CONFLICT_CODES = frozenset({
    "invalid_state_transition", "workshop_not_open", "round_not_draft", "round_not_open",
    "round_open", "round_published", "round_not_closed", "invalid_proposal_transition",
    "round_already_open", "merge_round_open", "no_pending_edit",  # moderator
    "merge_target_merged", "merge_changed_since", "bulk_refused",  # moderator: split back, bulk
    "archive_id_clash",  # organizer: the archive's join codes are taken here
    "workshop_full",  # participant: the workshop's participant cap is reached
    "group_locked", "group_fixed",  # participant: the group stays after the first vote / by code
    "proposal_not_supportable",  # participant: only published proposals can be supported
    "tokens_unreadable",  # organizer: tokens sealed under an earlier secret key
    "measure_already_adopted",  # organizer: a measure proposal becomes one measure only
    "tables_round_open", "seat_round_open", "table_has_cards",  # tables (services.tables)
    "round_already_prepared", "priority_round_not_closed",  # the agenda (services.agenda)
})

#: Codes that mean "who are you?", "not you" or "no such thing" rather than invalid content.
STATUS_BY_CODE = {
    "not_joined": 401, "not_assessor": 403, "results_not_visible": 403,
    "unknown_code": 404, "round_not_found": 404, "participant_not_found": 404, "proposal_not_found": 404,
    "card_not_at_table": 404, "table_not_found": 404,
}

#: Everything else is invalid content: the request was understood, its values were not accepted.
INVALID_CONTENT = 422


def status_for(error: DomainError | str) -> int:
    code = error.code if isinstance(error, DomainError) else error
    if code in CONFLICT_CODES:
        return 409
    return STATUS_BY_CODE.get(code, INVALID_CONTENT)
