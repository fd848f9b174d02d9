"""OpenAPI path items of the organizer API (merged into /api/v1/openapi.json)."""
from __future__ import annotations

_V = "/api/v1"
_FORMATS = ["csv", "xlsx", "ods", "docx", "odt", "pdf", "json"]


def _op(summary: str, *, tag: str, body: dict | None = None, ok: int = 200, params=(),
        errors=(401, 403, 404, 422), content: dict | None = None) -> dict:
    operation = {
        "summary": summary, "tags": [tag], "security": [{"apiKey": []}, {"csrfHeader": []}],
        "parameters": [{"name": n, "in": where, "required": where == "path",
                        "schema": {"type": t, **({"enum": _FORMATS} if n == "format" else {})}}
                       for n, where, t in params],
        "responses": {str(ok): {"description": "OK", **({"content": content} if content else
                                                          {"content": {"application/json": {}}} if ok != 204 else {})},
                      **{str(s): {"$ref": f"#/components/responses/Error{s}"} for s in errors}},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": body}}}}
    return operation


_S, _I, _D, _B = {"type": "string"}, {"type": "integer"}, {"type": "string", "format": "date"}, {"type": "boolean"}
_PROCESS = {"municipality": _S, "title": _S,
            "template": {"type": "string", "enum": ["familiengerechte_kommune", "empty"]},
            "period_start": _D, "period_end": _D, "council_decision": _D, "implementation_years": _I,
            "public": {"type": "boolean", "description": "publish the progress page (the process JSON then "
                                                        "names public_url); false: it answers 404 at once"},
            "embed_origins": {"type": "array", "maxItems": 10, "items": {"type": "string", "format": "uri"},
                              "description": "websites (https://host[:port], no path) that may embed "
                                             "the page's /embed variant in an iframe"}}
_FIELD = {"name": _S, "description": _S, "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
          "direction": {"type": "string", "enum": ["up", "down"]}}
_WORKSHOP = {"title": _S, "date": _D, "venue": _S,
             "join_mode": {"type": "string", "enum": ["open", "group_codes", "tokens"]},
             "languages": _S, "premoderation": _B, "groups": {"type": "array", "items": {
                 "description": "a name, \"Name | one-line explanation\", or {name, description}",
                 "oneOf": [_S, {"type": "object", "required": ["name"], "properties": {
                     "name": _S, "description": {"type": ["string", "null"], "maxLength": 160}}}]}},
             "max_participants": {"type": ["integer", "null"], "minimum": 1, "maximum": 100000,
                                  "description": "participant cap; null: the installation's "
                                                 "default (PARTICIPANT_CAP_DEFAULT, 500)"}}
_GOAL = {"title": _S, "field": _I, "description": _S, "proposals": {"type": "array", "items": _I},
         "basis_round": _I}
_MEASURE = {"title": _S, "responsible": _S, "partners": _S, "start": _D, "deadline": _D, "indicator": _S,
            "status": {"type": "string", "enum": ["planned", "in_progress", "done", "dropped"]},
            "note": _S, "note_date": _D,
            "progress": {"type": ["integer", "null"], "minimum": 0, "maximum": 100,
                         "description": "percent; null: the status's default (planned 0, in progress 50, done 100)"},
            "note_public": {"type": "boolean", "description": "false: the note is internal (default true)"},
            "responsible_email": {"type": ["string", "null"], "format": "email",
                                  "description": "gets reminders and a personal update link; never public"}}
_PID, _CODE, _FMT = ("id", "path", "integer"), ("code", "path", "string"), ("format", "path", "string")
_EXPORT_QUERY = (("lang", "query", "string"), ("delimiter", "query", "string"))
_FILE = {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}

PATHS: dict = {
    f"{_V}/processes": {
        "get": _op("List processes", tag="processes", errors=(401, 403)),
        "post": _op("Create a process (from a template or empty)", tag="processes", body=_PROCESS, ok=201)},
    f"{_V}/processes/import": {
        "post": _op("Import a process archive (all or nothing)", tag="processes", ok=201,
                    errors=(401, 403, 409, 413, 422))},
    f"{_V}/processes/{{id}}": {
        "get": _op("A process with fields, workshops and action plan", tag="processes", params=[_PID]),
        "patch": _op("Edit a process", tag="processes", body=_PROCESS, params=[_PID])},
    f"{_V}/processes/{{id}}/fields": {
        "post": _op("Add a field of action", tag="fields", body=_FIELD, ok=201, params=[_PID])},
    f"{_V}/fields/{{id}}": {
        "patch": _op("Edit or move a field of action", tag="fields", body=_FIELD, params=[_PID]),
        "delete": _op("Remove a field of action", tag="fields", ok=204, params=[_PID])},
    f"{_V}/processes/{{id}}/workshops": {
        "post": _op("Create a workshop; the response holds its moderator link once", tag="workshops",
                    body=_WORKSHOP, ok=201, params=[_PID])},
    f"{_V}/workshops/{{code}}/settings": {
        "patch": _op("Edit, schedule and set the join mode and groups of a workshop", tag="workshops",
                     body=_WORKSHOP, params=[_CODE])},
    f"{_V}/workshops/{{code}}/state": {
        "post": _op("Open, close, reopen or archive", tag="workshops", params=[_CODE], errors=(401, 403, 404, 409, 422),
                    body={"state": {"type": "string", "enum": ["open", "closed", "archived"]}})},
    f"{_V}/workshops/{{code}}/copy": {
        "post": _op("Copy settings and groups (no participants)", tag="workshops", ok=201, params=[_CODE],
                    body={"title": _S})},
    f"{_V}/workshops/{{code}}/moderator-link": {
        "post": _op("Create a new moderator link (revokes the old one)", tag="workshops", ok=201, params=[_CODE])},
    f"{_V}/workshops/{{code}}/tokens": {
        "post": _op("Create single-use join tokens", tag="workshops", ok=201, params=[_CODE],
                    body={"count": _I, "group": _S})},
    f"{_V}/workshops/{{code}}/anonymise": {
        "post": _op("Close and anonymise: unlink ballots and proposals from participants", tag="privacy",
                    params=[_CODE])},
    f"{_V}/workshops/{{code}}/export/{{format}}": {
        "get": _op("Export the workshop's results", tag="exports", params=[_CODE, _FMT, *_EXPORT_QUERY],
                   content=_FILE)},
    f"{_V}/processes/{{id}}/export/{{format}}": {
        "get": _op("Export the action plan (json: the importable archive)", tag="exports",
                   params=[_PID, _FMT, *_EXPORT_QUERY], content=_FILE)},
    f"{_V}/processes/{{id}}/report/{{format}}": {
        "get": _op("The annual progress report of ?year=YYYY (default: this year) as pdf, docx or odt",
                   tag="exports", params=[_PID, _FMT, ("year", "query", "integer"), _EXPORT_QUERY[0]],
                   content=_FILE)},
    f"{_V}/processes/{{id}}/goals": {
        "post": _op("Adopt proposals as a goal", tag="action plan", body=_GOAL, ok=201, params=[_PID])},
    f"{_V}/goals/{{id}}": {
        "patch": _op("Edit a goal", tag="action plan", body=_GOAL, params=[_PID]),
        "delete": _op("Remove a goal", tag="action plan", ok=204, params=[_PID])},
    f"{_V}/goals/{{id}}/measures": {
        "post": _op("Add a measure (deadline checked against the council decision)", tag="action plan",
                    body=_MEASURE, ok=201, params=[_PID])},
    f"{_V}/measures/{{id}}": {
        "patch": _op("Edit a measure; a status change is recorded as a progress note", tag="action plan",
                     body=_MEASURE, params=[_PID]),
        "delete": _op("Remove a measure", tag="action plan", ok=204, params=[_PID])},
    f"{_V}/measures/{{id}}/notes": {
        "post": _op("Add a dated progress note", tag="action plan", ok=201, params=[_PID],
                    body={"text": _S, "date": _D, "public": _B})},
    f"{_V}/audit": {
        "get": _op("The audit log, newest first", tag="audit", errors=(401, 403, 422),
                   params=[("workshop", "query", "integer"), ("process", "query", "integer"),
                           ("action", "query", "string"), ("page", "query", "integer")])},
}

# DELETE shares its path item with the participant (GET) and moderation (PATCH) modules.
PATHS[f"{_V}/workshops/{{code}}"] = {"delete": _op(
    "Delete a workshop with all its data; the body confirms with the join code", tag="workshops",
    ok=204, params=[_CODE], body={"confirmation": _S})}

# Council decisions (OParl 1.1): goals and measures cite papers, meetings or agenda items.
_COUNCIL_PAPERS = {
    "type": "array", "maxItems": 20, "items": {"type": "string", "format": "uri"},
    "description": "Replaces the set of linked OParl objects (Paper, Meeting, AgendaItem, Consultation) "
                   "by these URLs, in this order. Every URL must lie under one of the configured "
                   "OPARL_ENDPOINTS (same scheme, host and port, path prefix; no user info, no dot "
                   "segments); one refused URL answers 422 (oparl_url_not_allowed, oparl_url_invalid, "
                   "oparl_not_configured) and nothing is changed. New links are fetched once; a failed "
                   "fetch keeps the link with state \"unverified\" and the reason in `error`. The goal or "
                   "measure JSON lists `council_papers`: [{url, kind, name, reference, date, paper_type, "
                   "web, state (unverified|verified|error), error: null|{code, message}, fetched_at}]."}
for _kind in ("goals", "measures"):
    _patch = PATHS[f"{_V}/{_kind}/{{id}}"]["patch"]
    _schema = _patch["requestBody"]["content"]["application/json"]["schema"]
    _schema["properties"] = {**_schema["properties"], "council_papers": _COUNCIL_PAPERS}  # PATCH only
    PATHS[f"{_V}/{_kind}/{{id}}/council-papers/refresh"] = {"post": _op(
        "Fetch the linked council papers again and store what the council system says now",
        tag="action plan", params=[_PID])}
PATHS[f"{_V}/council-papers/search"] = {"get": _op(
    "Search the configured OParl body's papers by name or reference (case-insensitive; the first "
    "OPARL_SEARCH_PAGES list pages within OPARL_SEARCH_TIMEOUT; `complete` false when cut short)",
    tag="action plan", params=[("q", "query", "string")], errors=(401, 403, 422))}

# The letterhead of a process's documents (issue 15).
_LETTERHEAD = {"municipality": _S, "footer": _S,
               "logo": {"type": ["string", "null"], "contentEncoding": "base64",
                        "description": "PNG or SVG (at most 180 KB), base64; null removes the logo, absent keeps it"}}
PATHS[f"{_V}/processes/{{id}}/letterhead"] = {
    "get": _op("The letterhead of the process's documents", tag="processes", params=[("id", "path", "integer")]),
    "put": _op("Set the municipality's name, footer line and logo of every document", tag="processes",
               params=[("id", "path", "integer")], body=_LETTERHEAD)}
PATHS[f"{_V}/processes/{{id}}/letterhead/logo"] = {"get": _op(
    "The letterhead's logo (PNG or cleaned SVG)", tag="processes", params=[("id", "path", "integer")],
    content={"image/png": {}, "image/svg+xml": {}})}
