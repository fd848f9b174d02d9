"""OpenAPI path items of the participant endpoints (api/participant.py), kept apart so that the
endpoint module stays readable. Components they reference live in api/openapi.py."""
from __future__ import annotations


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    return {str(status): {"$ref": f"#/components/responses/Error{status}"} for status in statuses}


CODE = {"name": "code", "in": "path", "required": True,
        "description": "Workshop code (6 characters, case-insensitive); group codes and "
                       "single-use token codes resolve to their workshop too.",
        "schema": {"type": "string", "maxLength": 20}}
ROUND_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
PROPOSAL_ID = {"name": "proposal_id", "in": "path", "required": True, "schema": {"type": "integer"}}
PARTICIPANT = [{"participantToken": []}, {"participantCookie": [], "csrfHeader": []}]
PROPOSAL_INPUT = {"type": "object", "properties": {
    "title": {"type": "string", "maxLength": 120},
    "body": {"type": "string", "maxLength": 1000},
    "field": {"type": ["integer", "null"], "description": "id of a field of action of the workshop"},
}}

PATHS: dict = {
    "/api/v1/workshops/{code}": {"get": {
        "tags": ["participant"], "summary": "Public facts needed to join",
        "description": "Only open and closed workshops have public facts: a draft's or an "
                       "archived workshop's code answers 404 like an unknown one. A group code "
                       "or token of a join mode the workshop no longer uses answers 422.",
        "parameters": [CODE], "security": [],
        "responses": {"200": _json(_ref("WorkshopFacts"), "The workshop"), **_errors(404, 422, 429)},
    }},
    "/api/v1/workshops/{code}/join": {"post": {
        "tags": ["participant"], "summary": "Join the workshop (creates a participant)",
        "description": "Open mode: choose `group`. Group codes: use the group's code as {code}. "
                       "Tokens: the token as {code} or in `token`; each token works once. A group "
                       "code joins only while the workshop's join mode is `group_codes`, a token "
                       "only in `tokens` mode; a code of another mode is refused (422, code "
                       "`workshop_code_required`, `group_code_required` or `token_required`). "
                       "CSRF as in the API description: a cookie-less JSON request needs none. "
                       "A request that already carries this workshop's identity (bearer token "
                       "or cookie) gets that participant back (200) instead of a new one. A full "
                       "workshop answers 409 `workshop_full`. Unknown codes answer 404, and 429 "
                       "once the address has spent its guesses on unknown codes (known codes "
                       "never do). Also sets the participant cookie.",
        "parameters": [CODE], "security": [{}, {"csrfHeader": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {
                "group": {"type": "string"}, "name": {"type": "string", "maxLength": 60},
                "token": {"type": "string"}}}}}},
        "responses": {"201": _json({"type": "object", "required": ["participant", "token"],
                                    "properties": {"participant": _ref("Participant"),
                                                   "token": {"type": "string"}}},
                                   "Joined; use token as Authorization: Bearer"),
                      "200": _json({"type": "object", "required": ["participant", "token"],
                                    "properties": {"participant": _ref("Participant"),
                                                   "token": {"type": "string"}}},
                                   "Joined already: the caller's existing identity"),
                      **_errors(400, 404, 409, 415, 422, 429)},
    }},
    "/api/v1/workshops/{code}/group": {"put": {
        "tags": ["participant"], "summary": "Correct one's stakeholder group until the first vote",
        "description": "Only for a group the participant chose themselves (open join mode, or a "
                       "token without a group): 409 `group_fixed` when the group came with the "
                       "code, 409 `group_locked` once the participant has voted in any round "
                       "(a ballot counts in the group it was cast in). Audited.",
        "parameters": [CODE], "security": PARTICIPANT,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["group"], "properties": {"group": {"type": "string"}}}}}},
        "responses": {"200": _json({"type": "object", "properties": {"participant": _ref("Participant")}},
                                   "The participant with the new group"),
                      **_errors(400, 401, 404, 409, 415, 422)},
    }},
    "/api/v1/workshops/{code}/state": {"get": {
        "tags": ["participant"], "summary": "The participant's snapshot (same as the socket's)",
        "parameters": [CODE], "security": PARTICIPANT,
        "responses": {"200": _json(_ref("ParticipantState"), "Snapshot"), **_errors(401, 404, 429)},
    }},
    "/api/v1/workshops/{code}/proposals": {"post": {
        "tags": ["participant"], "summary": "Submit a proposal (pending under pre-moderation)",
        "parameters": [CODE], "security": PARTICIPANT,
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {**PROPOSAL_INPUT, "required": ["title"]}}}},
        "responses": {"201": _json(_ref("OwnProposal"), "Stored"),
                      **_errors(400, 401, 404, 409, 415, 422, 429)},
    }},
    "/api/v1/workshops/{code}/proposals/{proposal_id}": {
        "patch": {
            "tags": ["participant"], "summary": "Edit one's own proposal until voting on it starts",
            "description": "Under pre-moderation an edit of a published proposal does not reach "
                           "the room: the approved wording stays and the change is returned as "
                           "`pending` until a moderator approves or rejects it. Rate-limited per "
                           "participant (EDIT_RATE_LIMIT; 429 beyond it).",
            "parameters": [CODE, PROPOSAL_ID], "security": PARTICIPANT,
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": PROPOSAL_INPUT}}},
            "responses": {"200": _json(_ref("OwnProposal"), "Changed"),
                          **_errors(400, 401, 404, 409, 415, 422, 429)},
        },
        "delete": {
            "tags": ["participant"], "summary": "Withdraw one's own proposal until voting starts",
            "parameters": [CODE, PROPOSAL_ID], "security": PARTICIPANT,
            "responses": {"200": _json(_ref("OwnProposal"), "Withdrawn"),
                          **_errors(400, 401, 404, 409, 422)},
        },
    },
    "/api/v1/workshops/{code}/similar": {"get": {
        "tags": ["participant"], "summary": "Up to three published proposals similar to q",
        "description": "`waiting` is true when a proposal of someone else that still waits for "
                       "the moderators (or a change of wording that waits) is similar; its text "
                       "is never revealed.",
        "parameters": [CODE, {"name": "q", "in": "query", "schema": {"type": "string"}},
                       {"name": "exclude", "in": "query", "schema": {"type": "integer"}}],
        "security": PARTICIPANT,
        "responses": {"200": _json({"type": "object", "properties": {"similar": {
            "type": "array", "items": {"allOf": [_ref("Proposal"), {"type": "object", "properties": {
                "score": {"type": "number"}}}]}}, "waiting": {"type": "boolean"}}},
            "Matches, best first"), **_errors(401, 404)},
    }},
    "/api/v1/rounds/{id}/ballot": {"put": {
        "tags": ["participant"], "summary": "Replace the participant's whole ballot",
        "description": "Validated as a whole against method and budget in one transaction that "
                       "also checks the round is open. {} or {\"votes\": {}} withdraws. In a "
                       "feasibility round (`purpose`) only its `assessor_group` rates: 403 not_assessor.",
        "parameters": [ROUND_ID], "security": PARTICIPANT,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {"votes": {
                "type": "object", "additionalProperties": {"type": "integer"},
                "description": "proposal id → value (dots 0..max, approval 0/1, rating 0..5, "
                               "yes_no_abstain 1/0/-1, ranking the place 1..k: distinct places "
                               "1..m without a gap, m ≤ k = the round's budget; 0 = no place; a "
                               "place p is worth k + 1 − p points; 422 place_taken, place_gap, "
                               "place_out_of_range)"}}}}}},
        "responses": {"200": _json(_ref("Ballot"), "The stored ballot"),
                      **_errors(400, 401, 404, 409, 415, 422)},
    }},
    "/api/v1/rounds/{id}/results": {"get": {
        "tags": ["participant"], "summary": "Results, when visible to the caller",
        "parameters": [ROUND_ID], "security": [*PARTICIPANT, {"apiKey": []}],
        "responses": {"200": _json(_ref("Results"), "Results"), **_errors(401, 403, 404)},
    }},
}

SCHEMAS: dict = {
    "Group": {"type": "object", "properties": {"key": {"type": "string"}, "name": {"type": "string"},
                                               "colour": {"type": "integer"},
                                               "description": {"type": ["string", "null"],
                                                               "description": "one line: who belongs here"}}},
    "Field": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                               "colour": {"type": "string"}}},
    "WorkshopFacts": {"type": "object", "properties": {
        "code": {"type": "string"}, "title": {"type": "string"}, "state": {"type": "string"},
        "join_mode": {"enum": ["open", "group_codes", "tokens"]},
        "languages": {"type": "array", "items": {"type": "string"}},
        "groups": {"type": "array", "items": _ref("Group")},
        "fields": {"type": "array", "items": _ref("Field")},
        "group": {"type": ["string", "null"], "description": "set when {code} is a group code"},
        "csrf_token": {"type": "string"}}},
    "Participant": {"type": "object", "properties": {
        "id": {"type": "integer"}, "group": {"type": "string"}, "name": {"type": ["string", "null"]}}},
    "Proposal": {"type": "object", "properties": {
        "id": {"type": "integer"},
        "number": {"type": "integer", "description": "#1, #2 … in submission order within the workshop; "
                                                    "what people and documents cite (stable across an archive import)"},
        "title": {"type": "string"}, "field": {"type": ["integer", "null"]},
        "state": {"enum": ["pending", "published", "hidden", "merged", "withdrawn"]},
        "supporters": {"type": "integer", "description": "participants who support it (a signal, not a vote)"},
        "supported": {"type": "boolean", "description": "only in the caller's own state: whether they support it"}}},
    "OwnProposal": {"allOf": [_ref("Proposal"), {"type": "object", "properties": {
        "body": {"type": "string"}, "own": {"type": "boolean"}, "editable": {"type": "boolean"},
        "pending": {"description": "the author's change waiting for approval (pre-moderation)",
                    "oneOf": [{"type": "null"}, {"type": "object", "properties": {
                        "title": {"type": "string"}, "body": {"type": "string"},
                        "field": {"type": ["integer", "null"]},
                        "since": {"type": "string", "format": "date-time"}}}]}}}]},
    "Ballot": {"type": "object", "properties": {
        "round_id": {"type": "integer"},
        "votes": {"type": "object", "additionalProperties": {"type": "integer"}},
        "remaining": {"type": ["integer", "null"]}, "revision": {"type": "integer"}}},
    "ParticipantState": {"type": "object", "properties": {
        "workshop": _ref("WorkshopFacts"), "phase": {"type": "string"},
        "field": {"type": ["integer", "null"]}, "groups": {"type": "array", "items": _ref("Group")},
        "fields": {"type": "array", "items": _ref("Field")},
        "participant": {"anyOf": [_ref("Participant"), {"type": "null"}]},
        "proposals": {"type": "array", "items": _ref("Proposal")},
        "round": {"type": ["object", "null"]}, "version": {"type": "integer"},
        "tables": {"type": "array", "items": {"type": "object"}, "description":
                   "the room's tables (id, name, position, field, cards, people, by_group); the "
                   "participant's own seat is participant.table (null: the plenary); proposals "
                   "written at a table carry its id as table"},
        "measures": {"type": ["object", "null"], "description":
                     "the measures step: goals (id, number, title, field) open for measures and "
                     "their published measures (id, number, title, parent = the goal, "
                     "responsible, timeframe); null when no goal is open. Propose with POST "
                     "/api/v1/workshops/{code}/measures"},
        "proposing_measures": {"type": "boolean", "description":
                               "whether measures may be proposed now (phase measures)"}}},
    "Results": {"type": "object", "properties": {
        "round": {"type": "object"}, "groups": {"type": "object"},
        "results": {"type": "array", "items": {"type": "object", "properties": {
            "proposal_id": {"type": "integer"}, "title": {"type": "string"},
            "points": {"type": "integer"}, "voters": {"type": "integer"},
            "by_group": {"type": "object"}, "balanced_score": {"type": "number"},
            "consensus": {"type": "number"},
            "places": {"type": "object", "description":
                       "ranking only: how often each place 1..k was given, 1st first: "
                       "{\"total\": [n1, …, nk], \"groups\": {key: [n1, …, nk]}}; points are "
                       "k + 1 − place per ballot"}}}}}},
}
