"""Translated messages for the error codes of the domain and the services.

The domain speaks in stable codes; this table turns them into the user's language. A unit test
asserts that every code in ``domain.errors.CODES`` has an entry here. Each area adds its own
service codes in its section.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .domain.errors import DomainError

GENERIC = _l("This input could not be accepted. Please check it.")

MESSAGES = {
    # --- phases and states
    "invalid_state_transition": _l("The workshop cannot change to this state now."),
    "workshop_not_open": _l("This workshop is not open."),
    "round_not_draft": _l("This voting round has already been opened."),
    "round_not_open": _l("This voting round is not open (anymore). Your vote was not counted."),
    "round_open": _l("This is not possible while the voting round is open."),
    "round_published": _l("The results of this round are already published."),
    "round_not_closed": _l("Close the voting round first."),
    "invalid_proposal_transition": _l("This proposal cannot change to that state."),
    # --- text input
    "not_text": _l("Please enter text."),
    "control_characters": _l("The text contains characters that are not allowed (control characters or line breaks)."),
    "required": _l("Please fill in this field."),
    "too_long": _l("At most %(max_length)s characters, please."),
    "invalid_choice": _l("Please choose one of the offered options."),
    # --- ballots
    "invalid_round_settings": _l("These voting settings are not valid."),
    "invalid_ballot": _l("This vote is not valid."),
    "invalid_proposal_id": _l("A vote names a proposal that does not exist."),
    "duplicate_entry": _l("A proposal appears twice in the vote."),
    "proposal_not_eligible": _l("You cannot vote on this proposal in this round."),
    "invalid_value": _l("Votes must be whole numbers."),
    "value_out_of_range": _l("This value is not allowed here."),
    "over_budget": _l("You have only %(budget)s points to give."),
    "too_many_entries": _l("Too many votes in one ballot."),
    "invalid_motion": _l("This round votes on exactly one motion."),
    "paper_not_supported": _l("Paper votes cannot be entered for this voting method."),
    # --- merge
    "merge_not_supported": _l("Proposals cannot be merged in yes/no/abstain rounds."),
    "merge_into_self": _l("A proposal cannot be merged into itself."),
    # --- deadlines
    "deadline_too_late": _l("The deadline is too late: at most %(latest)s."),
    "deadline_before_start": _l("The deadline lies before the start."),
    # --- accounts
    "invalid_email": _l("Please enter a valid email address."),
    "password_too_short": _l("The password needs at least %(min_length)s characters."),
    "email_taken": _l("An account with this email address exists already."),
    "period_order": _l("The period ends before it starts."),
    # --- participant
    # --- moderator
    # --- organizer
}


def describe(error: DomainError) -> str:
    template = MESSAGES.get(error.code)
    if template is None:
        return str(GENERIC)
    try:
        return str(template) % error.params if error.params else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template).split("%(")[0].rstrip(" :")
