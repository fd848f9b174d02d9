"""The live protocol as an AsyncAPI 3.0 document at /api/v1/asyncapi.json.

Three Socket.IO namespaces (one per audience) on the same server as the HTTP API. Every write
goes over HTTP (see /api/v1/openapi.json); the sockets only push. The payload schemas below are
what ``tests/integration/test_asyncapi.py`` validates real pushes against, so a payload change
that is not documented here fails a test.
"""
from __future__ import annotations

from flask import current_app

from . import bp

VERSION_RULE = (
    "**Ordering.** Every event carries the workshop's `version` (an integer that grows with every "
    "change of the workshop: phase, round, proposal, paper votes, settings). A client keeps the "
    "newest version it has seen and drops an event whose `version` is lower. A `snapshot` resets "
    "it. A `tally` "
    "also carries `seq` (it grows with every stored ballot of the round): of two tallies of a "
    "round, the one with the higher `(version, seq)` is newer; with several server processes "
    "tallies may arrive out of order, and a client drops the older one.")
RESYNC_RULE = (
    "**Resync.** If an event's `version` is more than one above the newest the client has, it "
    "missed an event: it fetches its state over HTTP once (participant: "
    "`GET /api/v1/workshops/{code}/state`; screen and console: their JSON state) and carries on "
    "from there. Exception: coalesced `proposal` events (at most one push per workshop every "
    "`PROPOSAL_INTERVAL`) may skip versions within a burst; such an event carries `since`, the "
    "version before the burst, and is not a gap while `since` ≤ the client's version. "
    "Every version reaches every audience: a change without an event of its own for an audience "
    "(a pending edit for phones and screens; paper votes, whose figures come with the next "
    "`tally`) arrives as a `workshop` event with only `version` (and `since`), which just moves "
    "the client's version. "
    "After a reconnect the server sends a fresh `snapshot`; no fetch is needed. A client fetches "
    "over HTTP for its own actions, after a reconnect or a gap, never because a broadcast arrived.")
LIMIT_RULE = (
    "**Message limit.** A client message (connect packet with its auth, or any event) larger than "
    "`SOCKETIO_MAX_MESSAGE_BYTES` (default 16 KB) closes that client's connection; other clients "
    "and the namespace are not affected. The server accepts no client events besides connect "
    "and disconnect: a client that sends one gets nothing back.")

_ID = {"type": "integer"}
_NULLABLE_ID = {"type": ["integer", "null"]}
_STR = {"type": "string"}
_NULLABLE_STR = {"type": ["string", "null"]}
_VERSION = {"type": "integer", "minimum": 0, "description": "the workshop's version"}


def _obj(required: dict, optional: dict | None = None, *, closed: bool = False, **extra) -> dict:
    schema = {"type": "object", "required": list(required),
              "properties": {**required, **(optional or {})}, **extra}
    if closed:
        schema["additionalProperties"] = False
    return schema


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


ROUND_STATES = ["draft", "open", "closed"]
PHASES = ["lobby", "collect", "vote", "results", "measures"]

#: How a card's text is set: its language (``lang``; the author's, else the workshop's) and the
#: title with soft hyphens at syllables (``shy``), so the screen breaks long words properly.
_CARD_TEXT = {"lang": _NULLABLE_STR, "shy": _NULLABLE_STR}
#: Support (issue 17): the count goes to everyone; ``supported`` only in a phone's own snapshot.
_SUPPORT = {"supporters": {"type": "integer", "minimum": 0,
                           "description": "participants who support it (a signal, not a vote)"},
            "supported": {"type": "boolean", "description": "only in the phone's own snapshot: "
                                                            "whether this phone supports it"}}

SCHEMAS: dict = {
    "Version": _VERSION,
    "WorkshopFacts": _obj({"code": _STR, "title": _STR, "state": _STR}, {
        "venue": _NULLABLE_STR, "date": _NULLABLE_STR, "join_mode": _STR,
        "languages": {"type": "array", "items": _STR}, "premoderation": {"type": "boolean"},
        "process": _ID, "timer_ends_at": _NULLABLE_STR}),
    "Group": _obj({"key": _STR, "name": _STR}, {"colour": {"type": ["integer", "null"]},
                                                "description": {"type": ["string", "null"]}}),
    "Field": _obj({"id": _ID, "name": _STR}, {"colour": {"type": ["string", "integer", "null"]}}),
    "RoundSummary": _obj({
        "id": _ID, "method": _STR, "state": {"enum": ROUND_STATES},
        "budget": {"type": ["integer", "null"]}, "max_per_proposal": {"type": ["integer", "null"]},
    }, {"title": _STR, "field": _NULLABLE_ID, "live_results": {"type": "boolean"},
        "results_published": {"type": "boolean"},
        "proposals": {"type": "array", "items": _ID,
                      "description": "the round's proposal ids, in ballot order"},
        "results_visible": {"type": "boolean",
                            "description": "whether phones see (and receive) the tally"}},
        description="A round's public facts: what a phone needs to draw the ballot."),
    "PublicRound": {"allOf": [_ref("RoundSummary"), _obj({
        "proposals": {"type": "array", "items": _ID},
        "items": {"type": "array", "items": _obj({"id": _ID, "title": _STR, "field": _NULLABLE_ID}),
                  "description": "the ballot's proposals (published ones), in ballot order"},
        "results_visible": {"type": "boolean"},
        "results": {"oneOf": [{"type": "null"}, _obj({
            "round": _ref("RoundSummary"), "results": {"type": "array"},
            "groups": {"type": "object"}, "total_voters": {"type": "integer"}})],
            "description": "the results endpoint's body while results are visible to phones"},
    })], "description": "The current round as every phone may see it (computed once per event)."},
    "PublicProposal": {"oneOf": [
        _obj({"id": _ID, "title": _STR, "field": _NULLABLE_ID, "state": {"const": "published"}},
             {"number": {"type": "integer"}, **_CARD_TEXT, **_SUPPORT}),
        _obj({"id": _ID, "state": {"enum": ["pending", "hidden", "merged", "withdrawn"]}}),
    ], "description": "a published card, or only that the proposal left the list"},
    "OwnProposal": _obj({"id": _ID, "title": _STR, "state": _STR}, {
        "field": _NULLABLE_ID, "body": _NULLABLE_STR, "own": {"type": "boolean"},
        "pending": {"type": ["object", "null"]}}),
    "StaffProposal": _obj({"id": _ID, "title": _STR, "field": _NULLABLE_ID, "state": _STR,
                           "body": _NULLABLE_STR, "author": _NULLABLE_STR,
                           "merged_into": _NULLABLE_ID, "pending": {"type": ["object", "null"]}},
                          {"similar": {"type": "array", "items": _ID, "description":
                                       "likely duplicates among the open proposals (the console "
                                       "flags a pair found from either side)"},
                           "supporters": _SUPPORT["supporters"]}),
    "Tally": _obj({
        "round_id": _ID, "version": _VERSION,
        "seq": {"type": "integer", "minimum": 0, "description": "grows with every stored ballot"},
        "round": _ref("RoundSummary"),
        "groups": {"type": "object", "additionalProperties": _obj(
            {"voters": {"type": "integer"}}, {"paper_voters": {"type": "integer"}})},
        "results": {"type": "array", "items": _obj({
            "proposal_id": _ID, "title": _STR, "points": {"type": "integer"},
            "voters": {"type": "integer"}, "rank": {"type": "integer"},
            "balanced_score": {"type": "number"}, "consensus": {"type": "number"},
            "by_group": {"type": "object"}}, {"paper_points": {"type": "integer"},
                                               "mean": {"type": ["number", "null"]},
                                               "yes": {"type": "integer"}, "no": {"type": "integer"},
                                               "abstain": {"type": "integer"},
                                               "carried_by_all": {"type": "boolean"},
                                               "value": {"type": "number", "description":
                                                         "screens and consoles: the number the "
                                                         "ranking sorts by, in the method's unit"},
                                               "motion": {"type": "object", "description":
                                                          "yes/no/abstain per group and in total, "
                                                          "with the outcome under the rule"},
                                               "rating": {"type": "object", "description":
                                                          "mean and distribution 1–5 per group"},
                                               "group_averages": {"type": "object", "description":
                                                                  "screens and consoles: support "
                                                                  "per voter of each group"}})},
        "total_voters": {"type": "integer"},
    }, {"legend": {"type": "array", "items": _STR, "description":
                   "screens and consoles: the keys of the legend lines to show"}},
        description="The results of a round (DESIGN §5 results shape + round_id, version, seq). "
                   "Screens get it only while they show results; phones only while "
                   "results are visible to them."),
    "LeanTally": _obj({
        "round_id": _ID, "version": _VERSION, "seq": {"type": "integer", "minimum": 0},
        "round": _ref("RoundSummary"), "groups": {"type": "object"},
        "results": {"type": "array", "items": _obj({
            "proposal_id": _ID, "title": _STR, "points": {"type": "integer"},
            "voters": {"type": "integer"}, "rank": {"type": "integer"},
            "balanced_score": {"type": "number"}, "consensus": {"type": "number"}},
            {"mean": {"type": ["number", "null"]}, "yes": {"type": "integer"},
             "no": {"type": "integer"}, "abstain": {"type": "integer"}}, closed=True)},
        "total_voters": {"type": "integer"},
    }, description="A phone's tally when it asked for lean ones: the Tally with each row cut to "
                   "what the phone's results table draws (no `by_group`, no paper figures; the "
                   "results endpoint has them). Half the bytes that each phone's socket "
                   "compresses on its own, every second."),
    "PresenceStaff": _obj({"round_id": _NULLABLE_ID, "version": _VERSION,
                           "groups": {"type": "array", "items": _obj({
                               "key": _STR, "name": _STR, "joined": {"type": "integer"},
                               "connected": {"type": "integer"}, "voted": {"type": "integer"}},
                               {"joined_1m": {"type": "integer"}, "joined_5m": {"type": "integer"}})}}),
    "PresenceScreen": _obj({"round_id": _NULLABLE_ID, "version": _VERSION,
                            "groups": {"type": "array", "items": _obj({
                                "key": _STR, "name": _STR, "joined": {"type": "integer"},
                                "voted": {"type": "integer"}}, closed=True)}}, closed=True,
                           description="Joined and voted per group; not who is connected."),
}

_PHASE = _obj({"phase": {"enum": PHASES}, "field": _NULLABLE_ID, "version": _VERSION})
_ROUND = _obj({"round_id": _ID, "state": {"enum": ROUND_STATES}, "version": _VERSION},
              {"round": {"oneOf": [{"type": "null"}, _ref("RoundSummary")]}})
#: What a screen draws its panel from; with every screen snapshot, phase, round, workshop event.
_SCREEN_FACTS = {
    "mode": {"enum": ["join", "collect", "vote", "results", "spotlight"]},
    "round": {"oneOf": [{"type": "null"}, _ref("RoundSummary")]},
    "results": {"oneOf": [{"type": "null"}, _ref("Tally")],
                "description": "only while the screen shows results"},
    "spotlight_card": {"oneOf": [{"type": "null"}, _obj(
        {"id": _ID, "title": _STR, "body": _STR,
         "row": {"oneOf": [{"type": "null"}, _obj({"rank": {"type": "integer"},
                                                   "balanced_score": {"type": "number"},
                                                   "carried_by_all": {"type": "boolean"}},
                                                  closed=True)]}},
        {"number": {"type": "integer"}, **_CARD_TEXT}, closed=True)]}}
_SCREEN_PHASE = _obj({"phase": {"enum": PHASES}, "field": _NULLABLE_ID, "version": _VERSION},
                     _SCREEN_FACTS, closed=True)
_SCREEN_ROUND = _obj({"round_id": _ID, "state": {"enum": ROUND_STATES}, "version": _VERSION},
                     _SCREEN_FACTS, closed=True)
_PHONE_ROOM = {
    "collecting": {"type": "boolean", "description": "whether phones may propose now"},
    "round": {"oneOf": [{"type": "null"}, _ref("PublicRound")],
              "description": "the current round's public state (phones draw the ballot and the "
                             "results from it without a fetch; their own ballot is in their "
                             "snapshot and their ballot responses)"}}
_PHONE_PHASE = _obj({"phase": {"enum": PHASES}, "field": _NULLABLE_ID, "version": _VERSION,
                     **_PHONE_ROOM})
_PHONE_ROUND = _obj({"round_id": _ID, "state": {"enum": ROUND_STATES}, "version": _VERSION,
                     **_PHONE_ROOM})
_SINCE = {"since": {"type": "integer", "description":
                    "the version before a coalesced burst: versions up to this one were not "
                    "skipped by a gap (see the resync rule)"}}
_WORKSHOP_CHANGES = {
    "settings": {"type": "object"}, "state": _STR, "timer_ends_at": _NULLABLE_STR,
    "spotlight": _NULLABLE_ID, "theme": _STR, "deleted": {"type": "boolean"},
    "close_shows_results": {"type": "boolean", "description": "whether Close also shows the results"}}


def _with_version(schema: dict, extra: dict | None = None) -> dict:
    """A proposal payload (oneOf or object) plus ``version`` and the optional ``since``."""
    return {"allOf": [schema, _obj({"version": _VERSION}, {**_SINCE, **(extra or {})})]}


MESSAGES: dict = {
    "participant": {
        "snapshot": ("Full state of the participant on (re)connect",
                     _obj({"workshop": _ref("WorkshopFacts"), "phase": {"enum": PHASES},
                           "field": _NULLABLE_ID, "version": _VERSION,
                           "groups": {"type": "array", "items": _ref("Group")},
                           "fields": {"type": "array", "items": _ref("Field")},
                           "participant": {"type": ["object", "null"]},
                           "proposals": {"type": "array", "items": {"anyOf": [
                               _ref("PublicProposal"), _ref("OwnProposal")]}},
                           "round": {"oneOf": [{"type": "null"}, {"allOf": [_ref("PublicRound"), _obj({
                               "ballot": _obj({"votes": {"type": "object", "additionalProperties":
                                                         {"type": "integer"}}}),
                               "remaining": {"type": ["integer", "null"]}})]}]}},
                          {"collecting": {"type": "boolean"},
                           "closed_since_phase": {"type": "boolean", "description":
                               "the round closed after the phase last changed (phones then say "
                               "'closed, please wait' rather than 'starts soon')"}})),
        "phase": ("The room's phase changed (with the public room a phone draws)", _PHONE_PHASE),
        "round": ("A round was opened, closed, published or reset (with the public round)",
                  _PHONE_ROUND),
        "proposal": ("A proposal was published, changed or left the list (coalesced)",
                     _with_version(_ref("PublicProposal"))),
        "tally": (("Results, while visible to phones: at most one per phone per "
                   "TALLY_INTERVAL_PARTICIPANT (1 s); the room's phones get theirs in turns over "
                   "that interval, so two phones may briefly show different `seq`"),
                  {"oneOf": [_ref("Tally"), _ref("LeanTally")]}),
        "workshop": (("Settings, timer, spotlight or state changed; or only `version` (and `since`): "
                      "a change phones do not see moved the workshop's version"),
                     _obj({"version": _VERSION}, {**_WORKSHOP_CHANGES, **_SINCE})),
    },
    "screen": {
        "snapshot": ("What the projector displays, on (re)connect",
                     _obj({"workshop": _obj({"code": _STR, "title": _STR, "state": _STR,
                                             "timer_ends_at": _NULLABLE_STR}, closed=True),
                           "phase": {"enum": PHASES}, "field": _NULLABLE_ID, "version": _VERSION,
                           "groups": {"type": "array", "items": _ref("Group")},
                           "fields": {"type": "array", "items": _ref("Field")},
                           "proposals": {"type": "array", "items": _ref("PublicProposal")},
                           "presence": _obj({"round_id": _NULLABLE_ID, "groups": {"type": "array"}}),
                           "round": {"oneOf": [{"type": "null"}, _ref("RoundSummary")]}},
                          {"spotlight": _NULLABLE_ID, "theme": _STR, **_SCREEN_FACTS})),
        "phase": ("The room's phase changed (with the panel's facts)", _SCREEN_PHASE),
        "round": ("A round was opened, closed, published or reset (with the panel's facts)",
                  _SCREEN_ROUND),
        "proposal": ("A card appeared, changed or left the wall (coalesced)",
                     _with_version(_ref("PublicProposal"))),
        "tally": ("Results, only while the screen shows them (coalesced)", _ref("Tally")),
        "presence": ("Joined and voted per group (coalesced)", _ref("PresenceScreen")),
        "workshop": (("State, timer, spotlight, theme or title changed (with the panel's facts); "
                      "or only `version` (and `since`): a change the screen does not show moved "
                      "the workshop's version"),
                     _obj({"version": _VERSION}, {
                         **{k: v for k, v in _WORKSHOP_CHANGES.items() if k != "settings"},
                         "settings": _obj({"title": _STR}, closed=True), **_SCREEN_FACTS, **_SINCE},
                          closed=True)),
    },
    "moderator": {
        "snapshot": ("Everything the console shows, on (re)connect",
                     _obj({"workshop": _ref("WorkshopFacts"), "phase": {"enum": PHASES},
                           "field": _NULLABLE_ID, "version": _VERSION,
                           "groups": {"type": "array", "items": _ref("Group")},
                           "fields": {"type": "array", "items": _ref("Field")},
                           "proposals": {"type": "array", "items": _ref("StaffProposal")},
                           "presence": {"type": "object"},
                           "round": {"oneOf": [{"type": "null"}, _ref("RoundSummary")]}},
                          {"spotlight": _NULLABLE_ID, "theme": _STR})),
        "phase": ("The room's phase changed", _PHASE),
        "round": ("A round was opened, closed, published or reset", _ROUND),
        "proposal": ("Any proposal change, including pending edits (coalesced)",
                     _with_version(_ref("StaffProposal"))),
        "tally": ("Results of the current round (coalesced)", _ref("Tally")),
        "presence": ("Joined, connected and voted per group (coalesced)", _ref("PresenceStaff")),
        "workshop": ("Settings, timer, spotlight or state changed",
                     _obj({"version": _VERSION}, _WORKSHOP_CHANGES)),
    },
}

# Tables (stations, world café: live/tables.py, services.tables.table_overview).
SCHEMAS["TableSummary"] = _obj({
    "id": _ID, "name": _STR, "position": {"type": "integer"},
    "field": {"oneOf": [{"type": "null"}, _obj({"id": _ID, "name": _STR}, {"colour": _NULLABLE_STR})]},
    "cards": {"type": "integer", "description": "published cards written at the table"},
    "people": {"type": "integer"}, "by_group": {"type": "object", "additionalProperties": {"type": "integer"}},
}, {"facilitator": {"type": "boolean"}}, description="A table; never anyone's seat.")
_TABLES = {"tables": {"type": "array", "items": _ref("TableSummary")}, "version": _VERSION}
_MOVES = {"rotation": {"type": "integer", "description": "everyone seated moved from index p to "
                                                         "(p + rotation) mod n: each phone works out its own seat"},
          "plenary": {"const": True, "description": "everyone left their table"}}
MESSAGES["participant"]["tables"] = ("The room's tables changed (set-up, seats, rotation)",
                                     _obj(_TABLES, _MOVES))
MESSAGES["participant"]["seat"] = (("This phone's own seat changed (sent to this participant only; "
                                    "absolute, without a version)"), _obj({"table": _NULLABLE_ID}))
MESSAGES["screen"]["tables"] = (("The room's tables changed (without `version` when only seats "
                                 "changed: that moves no version)"),
                                _obj({"tables": _TABLES["tables"]}, {"version": _VERSION, **_MOVES}))
MESSAGES["moderator"]["tables"] = (("The room's tables and who sits where changed (without `version` "
                                    "after joins or removals: it moves no version)"),
                                   _obj({"tables": _TABLES["tables"]}, {
                                       "version": _VERSION, **_MOVES,
                                       "rotations": {"type": "integer", "description": "rotations so far"},
                                       "seats": {"type": "array", "items": _obj(
                                       {"id": _ID, "table": _NULLABLE_ID},
                                       {"name": _NULLABLE_STR, "group": _NULLABLE_STR})}}))

# priority × feasibility (services.feasibility): rounds say their purpose; a closed feasibility
# round's results are the matrix on the screen (mode "matrix").
SCHEMAS["RoundSummary"]["properties"].update(
    purpose={"enum": ["priority", "feasibility"]},
    assessor_group={"type": ["string", "null"], "description": "a feasibility round: the key of the group "
                                                                "that rates (other phones wait)"})
_SCREEN_FACTS["mode"]["enum"].append("matrix")
for _event, (_summary, _payload) in MESSAGES["screen"].items():
    if "mode" in _payload.get("properties", {}):
        _payload["properties"]["matrix"] = {
            "type": "object", "description": "only in mode matrix: goals (id, number, title, short_title, "
            "priority 0..1, feasibility 1..5 or null, raters, quadrant), quadrants, unassessed, the splits "
            "and the markers' layout (GET /api/v1/rounds/{id}/matrix)"}

NAMESPACES = {
    "participant": ("/participant", ["participantAuth"],
                    ("Phones. Auth `{\"workshop\": code, \"token\": participant token}` (the token "
                     "of POST /api/v1/workshops/{code}/join), or `{\"workshop\": code}` with the "
                     "participant cookie `zw_participant_<workshop id>`. At most "
                     "`SOCKETS_PER_PARTICIPANT` live sockets per participant (then refused with "
                     "`too_many_connections`). With `\"lean\": true` in the auth (the shipped "
                     "phone page sends it) tallies come as `LeanTally`: rows without the per-group "
                     "figures, which a phone does not draw.")),
    "screen": ("/screen", ["screenAuth"],
               ("The projector. Auth `{\"token\": screen secret}` (the secret of the screen URL); "
                "refused after the secret was rotated or once the workshop is closed.")),
    "moderator": ("/moderator", ["moderatorAuth"],
                  ("The moderator console. Auth `{\"workshop\": code}` plus a session cookie that "
                   "may moderate the workshop (signed-in organizer/moderator, or a moderator link "
                   "opened in the same browser) or an API key as bearer token.")),
}

SECURITY = {
    "participantAuth": {"type": "httpApiKey", "in": "query", "name": "auth.token",
                        "description": "Socket.IO auth object `{\"workshop\": code, \"token\": "
                                       "…}`; or the participant cookie with `{\"workshop\": code}`"},
    "screenAuth": {"type": "httpApiKey", "in": "query", "name": "auth.token",
                   "description": "Socket.IO auth object `{\"token\": screen secret}`"},
    "moderatorAuth": {"type": "httpApiKey", "in": "cookie", "name": "session",
                      "description": "Socket.IO auth object `{\"workshop\": code}` + session cookie"},
}


def document(max_bytes: int = 16 * 1024) -> dict:
    channels, operations, messages = {}, {}, {}
    for audience, (address, security, description) in NAMESPACES.items():
        refs = {}
        for event, (summary, payload) in MESSAGES[audience].items():
            key = f"{audience}_{event}"
            messages[key] = {"name": event, "title": f"{event} ({audience})", "summary": summary,
                             "contentType": "application/json", "payload": payload}
            refs[event] = {"$ref": f"#/components/messages/{key}"}
        channels[audience] = {"address": address, "title": f"Namespace {address}",
                              "description": description, "messages": refs,
                              "bindings": {"ws": {"bindingVersion": "0.1.0"}}}
        operations[f"{audience}Receive"] = {
            "action": "receive", "channel": {"$ref": f"#/channels/{audience}"},
            "summary": f"Events the server pushes to {address}",
            "security": [{"$ref": f"#/components/securitySchemes/{s}"} for s in security],
            "messages": [{"$ref": f"#/channels/{audience}/messages/{event}"} for event in refs]}
    return {
        "asyncapi": "3.0.0",
        "info": {"title": "Zielwerkstatt live protocol", "version": "1", "description": "\n\n".join((
            ("Socket.IO v5 (Engine.IO v4) on `/socket.io/`, WebSocket or long-polling. Each event "
             "has one JSON argument. Writes go over HTTP: `/api/v1/openapi.json`."),
            VERSION_RULE, RESYNC_RULE, LIMIT_RULE.replace("16 KB", f"{max_bytes // 1024} KB")))},
        "servers": {"local": {"host": "localhost:5000", "protocol": "ws", "pathname": "/socket.io/",
                              "description": "the same host as the web pages"}},
        "defaultContentType": "application/json",
        "channels": channels, "operations": operations,
        "components": {"schemas": SCHEMAS, "messages": messages, "securitySchemes": SECURITY},
        "x-message-limit-bytes": max_bytes,
    }


@bp.get("/asyncapi.json")
def asyncapi_document():
    return document(current_app.config["SOCKETIO_MAX_MESSAGE_BYTES"])
