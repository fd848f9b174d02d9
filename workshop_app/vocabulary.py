"""The words for the domain's states, statuses and methods: one table, translated by Flask-Babel.

The domain speaks in stable codes (``domain.phases``, ``domain.ballots``, ``domain.deadlines``);
this table turns them into the reader's language for pages, the projector and the audit log, and
the export labels (``exports/wording_*.py``, pure code without an app context) use the same
words — a unit test holds the two together. No page prints a raw code: an unknown code is shown
as a neutral word rather than as "in_progress".

Templates: ``{{ term("measure_status", m.status) }}``; code: ``vocabulary.term(...)``.
"""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from .domain.ballots import Method
from .domain.deadlines import MeasureStatus
from .domain.phases import Phase, ProposalState, RoundState, WorkshopState

__all__ = ["AUDIT_ACTIONS", "TERMS", "audit_action", "audit_value", "term"]

TERMS: dict[str, dict[str, Any]] = {
    "workshop_state": {
        WorkshopState.DRAFT: _l("in preparation"),
        WorkshopState.OPEN: _l("open"),
        WorkshopState.CLOSED: _l("closed"),
        WorkshopState.ARCHIVED: _l("archived"),
    },
    "phase": {
        Phase.LOBBY: _l("Arrival and joining"),
        Phase.COLLECT: _l("Collecting proposals"),
        Phase.VOTE: _l("Voting"),
        Phase.RESULTS: _l("Discussing the results"),
        Phase.MEASURES: _l("Proposing measures"),
    },
    "proposal_state": {
        ProposalState.PENDING: _l("awaiting approval"),
        ProposalState.PUBLISHED: _l("published"),
        ProposalState.HIDDEN: _l("hidden"),
        ProposalState.MERGED: _l("merged"),
        ProposalState.WITHDRAWN: _l("withdrawn"),
    },
    "round_state": {
        RoundState.DRAFT: _l("prepared"),
        RoundState.OPEN: _l("open"),
        RoundState.CLOSED: _l("closed"),
    },
    "method": {
        Method.DOTS: _l("Dot voting"),
        Method.APPROVAL: _l("Approval"),
        Method.RATING: _l("Rating 1–5"),
        Method.YES_NO_ABSTAIN: _l("Yes/No/Abstain"),
        Method.RANKING: _l("Ranking"),
    },
    # One word per status everywhere: pages, public page, documents ("umgesetzt", never "erledigt").
    "measure_status": {
        MeasureStatus.PLANNED: _l("planned"),
        MeasureStatus.IN_PROGRESS: _l("in progress"),
        MeasureStatus.DONE: _l("implemented"),
        MeasureStatus.DROPPED: _l("dropped"),
    },
    "author": {
        "participant": _l("Participant"),
        "moderator": _l("Moderator"),
        "paper": _l("Paper card"),
    },
    "join_mode": {
        "open": _l("open, group self-declared"),
        "group_codes": _l("code per group"),
        "tokens": _l("single-use codes"),
    },
}

#: The audit log's actions in words ("process.create" → "Process created").
AUDIT_ACTIONS: dict[str, Any] = {
    "api_key.create": _l("API key created"),
    "api_key.revoke": _l("API key revoked"),
    "field.create": _l("Field of action added"),
    "field.delete": _l("Field of action removed"),
    "field.move": _l("Field of action moved"),
    "field.update": _l("Field of action changed"),
    "goal.create": _l("Goal adopted"),
    "goal.delete": _l("Goal removed"),
    "goal.update": _l("Goal changed"),
    "measure.create": _l("Measure added"),
    "measure.delete": _l("Measure removed"),
    "measure.note": _l("Progress note added"),
    "measure.update": _l("Measure changed"),
    "participant.remove": _l("Participant removed"),
    "process.create": _l("Process created"),
    "process.import": _l("Process imported from an archive"),
    "process.member_add": _l("Member added to the process"),
    "process.member_remove": _l("Member removed from the process"),
    "process.update": _l("Process changed"),
    "proposal.add": _l("Proposal added by the moderation"),
    "proposal.approve_edit": _l("Change of a proposal approved"),
    "proposal.edit": _l("Proposal edited"),
    "proposal.edit_submitted": _l("Change of a proposal submitted"),
    "proposal.participant_edit": _l("Proposal edited by its author"),
    "proposal.merge": _l("Proposals merged"),
    "proposal.reject_edit": _l("Change of a proposal rejected"),
    "proposal.publish": _l("Proposal published"),
    "proposal.hide": _l("Proposal hidden"),
    "round.create": _l("Voting round prepared"),
    "round.open": _l("Voting round opened"),
    "round.close": _l("Voting round closed"),
    "round.publish": _l("Round results published"),
    "round.reset": _l("Voting round reset"),
    "round.paper_votes": _l("Paper votes entered"),
    "user.activate": _l("Account activated or deactivated"),
    "user.password_reset": _l("Password reset"),
    "user.role": _l("Role changed"),
    "workshop.anonymise": _l("Workshop anonymised"),
    "workshop.copy": _l("Workshop copied"),
    "workshop.create": _l("Workshop created"),
    "workshop.delete": _l("Workshop deleted"),
    "workshop.groups": _l("Stakeholder groups changed"),
    "workshop.moderator_link": _l("Moderator link renewed"),
    "workshop.phase": _l("Phase changed"),
    "workshop.screen_link_shown": _l("Projector link shown"),
    "workshop.screen_secret": _l("Projector link renewed"),
    "workshop.settings": _l("Room settings changed"),
    "workshop.spotlight": _l("Proposal put in the spotlight"),
    "workshop.state": _l("Workshop opened or closed"),
    "workshop.tokens": _l("Join codes created"),
    "workshop.update": _l("Workshop changed"),
    "workshop.timer_start": _l("Timer started"),
    "workshop.timer_stop": _l("Timer stopped"),
}

#: A measure's statuses with their labels, in order (the plan's and the update link's select).
MEASURE_STATUS_LABELS = TERMS["measure_status"]

#: What an action's first part names, for actions not listed above.
_OBJECTS = {
    "api_key": _l("API key"), "field": _l("Field of action"), "goal": _l("Goal"),
    "measure": _l("Measure"), "participant": _l("Participant"), "process": _l("Process"),
    "proposal": _l("Proposal"), "round": _l("Voting round"), "user": _l("Account"),
    "workshop": _l("Workshop"),
}


def term(kind: str, value: object) -> str:
    """The word for a code of ``kind``; "–" for none; an unknown code as a neutral word."""
    if value in (None, ""):
        return "–"
    raw = str(getattr(value, "value", value))
    word = TERMS.get(kind, {}).get(raw)
    return str(word) if word is not None else raw.replace("_", " ")


#: Which vocabulary an audit entry's value belongs to, by key (and for "state", by object).
_AUDIT_KEYS = {"status": "measure_status", "status_before": "measure_status",
               "status_after": "measure_status", "phase": "phase", "method": "method",
               "join_mode": "join_mode", "author": "author"}
_STATE_KINDS = {"Workshop": "workshop_state", "Proposal": "proposal_state",
                "VotingRound": "round_state"}


def audit_value(object_type: str, key: str, value: object) -> object:
    """An audit entry's value in words where it is one of the domain's codes."""
    kind = _STATE_KINDS.get(object_type) if key == "state" else _AUDIT_KEYS.get(key)
    if kind is None or not isinstance(value, str) or not value:
        return value
    return term(kind, value)


def audit_action(action: str) -> str:
    """The audit log's words for ``action``; an action not listed names its object at least."""
    if action in AUDIT_ACTIONS:
        return str(AUDIT_ACTIONS[action])
    head, _dot, tail = action.partition(".")
    if head in _OBJECTS:
        return f"{_OBJECTS[head]}: {tail.replace('_', ' ')}"
    return action.replace("_", " ").replace(".", ": ")
