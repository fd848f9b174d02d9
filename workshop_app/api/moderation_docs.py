"""OpenAPI path items of the moderation endpoints (kept apart from the handlers for length)."""
from __future__ import annotations

_BEARER = [{"bearerAuth": []}, {"cookieAuth": []}]
_ERRORS = {
    "401": {"description": "not signed in"}, "403": {"description": "not a moderator of this workshop"},
    "404": {"description": "unknown workshop, round or proposal"},
    "409": {"description": "conflicts with the current state (e.g. round_not_open, merge_round_open)"},
    "422": {"description": "invalid input; error.code names the rule"},
}


def op(summary: str, body: dict | None = None, status: str = "200") -> dict:
    operation = {"summary": summary, "security": _BEARER,
                 "responses": {status: {"description": "OK"}, **_ERRORS}}
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"type": "object", "properties": body}}}}
    return operation


INT = {"type": "integer"}
_CODE = [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}]
ID_PARAM = [{"name": "id", "in": "path", "required": True, "schema": INT}]

PATHS: dict = {
    "/api/v1/workshops/{code}": {"parameters": _CODE, "patch": op(
        "Change the phase (optionally focused on a field) and room settings",
        {"phase": {"enum": ["lobby", "collect", "vote", "results", "measures"]}, "field": INT,
         "premoderation": {"type": "boolean"}, "theme": {"enum": ["dark", "light"]},
         "close_shows_results": {"type": "boolean", "description":
                                 "whether closing a round also switches the room to its results "
                                 "(remembered per workshop; the console's Close remembers it too)"}})},
    "/api/v1/workshops/{code}/console": {"parameters": _CODE, "get": op("The moderator's snapshot")},
    "/api/v1/workshops/{code}/timer": {"parameters": _CODE, "post": op(
        "Start, extend or stop the countdown", {"action": {"enum": ["start", "extend", "stop"]},
                                                "seconds": INT})},
    "/api/v1/workshops/{code}/spotlight": {"parameters": _CODE, "post": op(
        "Spotlight a published proposal on the screen (null ends it)", {"proposal": INT})},
    "/api/v1/workshops/{code}/agenda": {"parameters": _CODE, "get": op(
        "The process template's agenda (tables per field → prioritisation → measures → feasibility) "
        "with each step's status: done, current or later; empty when the template has none")},
    "/api/v1/workshops/{code}/agenda/{step}": {"parameters": [
        *_CODE, {"name": "step", "in": "path", "required": True,
                 "schema": {"enum": ["tables", "prioritise", "measures", "feasibility"]}}], "post": op(
        "Set the room up for an agenda step in one transaction: tables = one table per core field "
        "of action, everyone seated with the groups balanced, phase collect; prioritise = a "
        "prepared ranking round (3 places) over the goal proposals; measures = the top 3 goals of "
        "the closed prioritisation open for measures, phase measures; feasibility = a prepared "
        "feasibility round for the administration. 409 round_already_prepared, "
        "priority_round_not_closed; 422 invalid_choice, no_fields. Answers the agenda")},
    "/api/v1/workshops/{code}/screen-round": {"parameters": _CODE, "post": op(
        "Put a closed round's results on the screen (any earlier one too; null hands the screen "
        "back to the phase). 422 invalid_choice for a round of another workshop, 409 "
        "round_not_closed for one not closed; a phase change also ends it. Answers screen_round",
        {"round": INT})},
    "/api/v1/workshops/{code}/screen-table": {"parameters": _CODE, "post": op(
        "Put one table's cards on the screen (null hands the screen back to the phase, which "
        "while collecting at tables shows every table's progress); 422 invalid_choice for a table "
        "of another workshop; a phase change also ends it. Answers screen_table",
        {"table_id": {"type": ["integer", "null"]}})},
    "/api/v1/workshops/{code}/screen-secret": {"parameters": _CODE, "post": op(
        "Give the screen a new secret address: the old one stops working at once and screens "
        "connected with it are dropped; answers the new screen_url")},
    "/api/v1/workshops/{code}/participants": {"parameters": _CODE, "get": op(
        "The participation monitor: joined, connected, voted and joins in the last 1 and 5 minutes "
        "per group, and recent_joins (the latest 50 active participants: id, group, name, joined_at)")},
    "/api/v1/workshops/{code}/participants/{id}": {"parameters": [*_CODE, *ID_PARAM], "delete": op(
        "Remove a participant (ballot stuffing): their ballots leave every round's tally, their "
        "identity stops working at once (401 on their next request), their open sockets are dropped, "
        "their proposals stay; audited as participant.remove. Answers participants (id, group), "
        "ballots (how many were deleted) and rounds; 404 participant_not_found if not an active "
        "participant of this workshop")},
    "/api/v1/workshops/{code}/moderator-proposals": {"parameters": _CODE, "post": op(
        "Add a proposal as moderator (published at once)",
        {"title": {"type": "string"}, "body": {"type": "string"}, "field": INT,
         "paper": {"type": "boolean"}}, "201")},
    "/api/v1/workshops/{code}/rounds": {"parameters": _CODE, "post": op(
        "Create a voting round", {"method": {"enum": ["dots", "approval", "rating", "yes_no_abstain", "ranking"]},
                                  "budget": {**INT, "description": "dots: points per person "
                                             "(1..100); approval: most yes; ranking: places k "
                                             "(1..10, at most the round's proposals, checked "
                                             "at opening: 422 too_few_to_rank)"},
                                  "max_per_proposal": INT, "field": INT,
                                  "live_results": {"type": "boolean"}, "title": {"type": "string"},
                                  "measures_of": {"oneOf": [INT, {"const": "all"}], "description":
                                                  "vote on the measure proposals of this goal "
                                                  "proposal, or of all goals open for measures"}},
        "201")},
    "/api/v1/rounds/{id}/open": {"parameters": ID_PARAM, "post": op(
        "Open the round; freezes its proposals; 409 round_already_open if another is open")},
    "/api/v1/rounds/{id}/start": {"parameters": ID_PARAM, "post": op(
        "Start voting in one step: open the round (freezing its proposals) and switch the room to "
        "the vote phase, focused on the round's field, in one transaction (both audited; screens "
        "and phones get the round and phase events after the commit, each carrying the final "
        "state). 409 round_already_open / round_not_draft, workshop_not_open; nothing changes then")},
    "/api/v1/rounds/{id}/close": {"parameters": ID_PARAM, "post": op(
        "Close the round; later ballots get 409 round_not_open. With show_results: true the room "
        "switches to the results phase in the same transaction; false only closes; absent uses "
        "the workshop's close_shows_results", {"show_results": {"type": "boolean"}})},
    "/api/v1/rounds/{id}/publish": {"parameters": ID_PARAM, "post": op("Publish the results")},
    "/api/v1/rounds/{id}/reset": {"parameters": ID_PARAM, "post": op(
        "Back to draft, deleting ballots and paper votes; needs confirm: true",
        {"confirm": {"type": "boolean"}})},
    "/api/v1/rounds/{id}/paper/{group}": {"parameters": [*ID_PARAM, {
        "name": "group", "in": "path", "required": True, "schema": {"type": "string"}}],
        "put": op("Replace a group's paper votes", {
            "voters": INT, "points": {"type": "object", "additionalProperties": INT}})},
    "/api/v1/rounds/{id}/moderator-results": {"parameters": ID_PARAM, "get": op(
        "Results for moderators, also while open")},
    "/api/v1/proposals/{id}/publish": {"parameters": ID_PARAM, "post": op("Publish or show again")},
    "/api/v1/proposals/{id}/hide": {"parameters": ID_PARAM, "post": op("Hide")},
    "/api/v1/proposals/{id}/approve-edit": {"parameters": ID_PARAM, "post": op(
        "Approve a participant's pending edit (pre-moderation): the room sees the new wording; "
        "409 no_pending_edit if none waits, proposal_in_vote once voting on it has started")},
    "/api/v1/proposals/{id}/reject-edit": {"parameters": ID_PARAM, "post": op(
        "Reject a participant's pending edit: the approved wording stays; the rejected wording is "
        "kept in the audit log; 409 no_pending_edit if none waits")},
    "/api/v1/proposals/{id}": {"parameters": ID_PARAM, "patch": op(
        "Edit wording or field (the original stays in the audit log)",
        {"title": {"type": "string"}, "body": {"type": "string"}, "field": INT})},
    "/api/v1/proposals/{id}/split": {"parameters": ID_PARAM, "post": op(
        "Undo the merge that took this (merged) proposal in: every proposal of that merge comes "
        "back in its earlier state, and every round's votes, paper counts and proposals are "
        "exactly as before the merge (each ballot as it was, so every budget holds); audited as "
        "proposal.split. Answers proposals (those split off). 409 merge_round_open while a round "
        "with them is open, merge_target_merged if a later merge took the kept proposal (undo "
        "that first), merge_changed_since if votes changed after the merge; 422 "
        "merge_not_recorded for a proposal not merged (or merged before undo was recorded)")},
    "/api/v1/workshops/{code}/proposals/bulk": {"parameters": _CODE, "post": op(
        "Publish (or show again) or hide several proposals in one transaction; those already in "
        "that state stay; one that cannot change (merged, withdrawn) refuses all with 409 "
        "bulk_refused naming it. Answers changed (the proposals that changed)",
        {"action": {"enum": ["publish", "hide"]}, "proposals": {"type": "array", "items": INT,
                                                              "maxItems": 500}})},
    "/api/v1/proposals/{id}/merge": {"parameters": ID_PARAM, "post": op(
        "Merge this proposal (and `also`) into `into`; `preview: true` reports without writing",
        {"into": INT, "also": {"type": "array", "items": INT}, "preview": {"type": "boolean"}})},
}
