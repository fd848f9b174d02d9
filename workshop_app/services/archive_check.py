"""Checking an archive's content with the rules every normal write obeys, before anything is written.

An archive is a file from elsewhere: hand-edited, from another version, or forged. Its content goes
through the same rules as the forms and the API — text cleaned and limited as the services do,
states, phases, methods and statuses known, join codes well-formed and unique (within the archive;
against this database in the importer), a round's settings valid and every ballot and paper count
within the round's method and budget, references pointing at objects of the archive. The first
problem raises ``archive_invalid`` (``archive_id_clash`` for a join code used twice) naming where
it is (``workshops[0].rounds[1].ballots[2]``) and which rule it breaks (``reason``: the code the
normal write would have raised), so that the import answers a clear 4xx and writes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from ..domain import joincodes
from ..domain.ballots import RoundRules, validate_ballot, validate_paper_tally
from ..domain.deadlines import MeasureStatus
from ..domain.errors import DomainError
from ..domain.feasibility import ROUND_PURPOSES
from ..domain.kinds import AuthorKind
from ..domain.measures import ProposalKind
from ..domain.phases import Phase, ProposalState, RoundState, WorkshopState
from ..domain.process_templates import TEMPLATES
from ..domain.text import clean_choice, clean_text
from ..domain.values import MAX_ID
from ..models.council import PaperKind, Verification
from ..models.proposal import BODY_MAX, TITLE_MAX
from ..models.workshop import JOIN_MODES, SCREEN_THEMES
from . import archive_tables
from .fields import clean_colour as check_colour  # the rules of the normal writes, not a copy
from .responsible_links import normalise_email
from .workshops import clean_cap as check_cap
from .workshops import clean_languages as check_languages

AUTHOR_KINDS = tuple(AuthorKind)
MAX_GROUPS = 12


class _Rejected(Exception):
    """A DomainError of a rule, with the archive path where it happened."""


def check_archive(data: dict[str, Any]) -> None:
    """Raise ``DomainError("archive_invalid", where=…, reason=…)`` for the first invalid entry."""
    checker = _Checker()
    try:
        checker.archive(data)
    except DomainError as error:
        code = "archive_id_clash" if error.code == "archive_id_clash" else "archive_invalid"
        params = {k: v for k, v in error.params.items() if k not in ("where", "reason", "allowed")}
        raise DomainError(code, f"{checker.where}: {error.message}", where=checker.where,
                          reason=error.code, **params) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DomainError("archive_invalid", f"{checker.where}: {error!r}", where=checker.where,
                          reason="archive_structure") from None


def _fail(code: str, message: str, **params: Any):
    raise DomainError(code, message, **params)


class _Checker:
    def __init__(self) -> None:
        self.path: list[str] = []
        self.codes: set[str] = set()
        self.ids: set[tuple[str, int]] = set()

    @property
    def where(self) -> str:
        return "".join(self.path).lstrip(".") or "archive"

    # --- kinds of value ---------------------------------------------------------------------

    def at(self, name: str | int, check: Callable[[], Any]) -> Any:
        self.path.append(f"[{name}]" if isinstance(name, int) else f".{name}")
        result = check()
        self.path.pop()
        return result

    def text(self, obj: dict, name: str, max_length: int, *, required: bool = True,
             multiline: bool = False, nullable: bool = False) -> None:
        value = obj.get(name, None if required else "")
        if value is None and nullable:
            return
        self.at(name, lambda: clean_text(value, max_length=max_length, required=required,
                                          multiline=multiline))

    def choice(self, obj: dict, name: str, allowed, *, optional: bool = False) -> None:
        if optional and obj.get(name) in (None, ""):
            return
        self.at(name, lambda: clean_choice(obj.get(name), [str(a) for a in allowed]))

    def number(self, obj: dict, name: str, *, low: int = 0, high: int = MAX_ID, optional: bool = False) -> None:
        def check():
            if optional and name not in obj:
                return
            value = obj.get(name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                _fail("value_out_of_range", "a whole number in range was expected", min=low, max=high)
        self.at(name, check)

    def ident(self, obj: dict, kind: str) -> None:
        """An object's id in the archive: a stored number, once per kind."""
        self.number(obj, "id")
        if (kind, obj["id"]) in self.ids:
            self.at("id", lambda: _fail("archive_id_clash", "an id appears twice", kind=kind, id=obj["id"]))
        self.ids.add((kind, obj["id"]))

    def flag(self, obj: dict, name: str) -> None:
        self.at(name, lambda: obj.get(name) is None or isinstance(obj.get(name), bool) or
                 _fail("invalid_choice", "true or false was expected"))

    def day(self, obj: dict, name: str, *, optional: bool = True) -> None:
        def check():
            value = obj.get(name)
            if value is None and optional:
                return
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                _fail("invalid_date", "dates look like 2027-03-31")
        self.at(name, check)

    def ref(self, obj: dict, name: str, known, *, optional: bool = True) -> None:
        value = obj.get(name)
        if value is None and optional:
            return
        if isinstance(value, bool) or not isinstance(value, int) or value not in known:
            self.at(name, lambda: _fail("invalid_choice", "refers to nothing in the archive"))

    def refs(self, name: str, ids: list, known) -> None:
        """A list of ids, each referring to an object of the archive (``name[i]`` where one does not)."""
        for index, value in enumerate(ids):
            self.at(name, partial(self.ref, {index: value}, index, known, optional=False))

    def code(self, obj: dict, name: str, *, optional: bool = False) -> None:
        def check():
            value = obj.get(name)
            if value is None and optional:
                return
            code = joincodes.normalise(value) if isinstance(value, str) else None
            if not code or not joincodes.is_valid(code):
                _fail("invalid_choice", "not a join code")
            if code in self.codes:
                _fail("archive_id_clash", "a join code appears twice", join_code=code)
            self.codes.add(code)
        self.at(name, check)

    def items(self, obj: dict, name: str) -> list:
        value = obj.get(name)
        if not isinstance(value, list):
            self.at(name, lambda: _fail("archive_structure", "a list was expected"))
        return value

    def each(self, obj: dict, name: str, check: Callable[[dict], None]) -> None:
        for index, item in enumerate(self.items(obj, name)):
            self.path.append(f".{name}[{index}]")
            if not isinstance(item, dict):
                _fail("archive_structure", "an object was expected")
            check(item)
            self.path.pop()

    # --- the archive ------------------------------------------------------------------------

    def archive(self, data: dict) -> None:
        self.path.append(".process")
        process = data["process"]
        if not isinstance(process, dict):
            _fail("archive_structure", "an object was expected")
        self.text(process, "municipality", 200)
        self.text(process, "title", 200)
        self.choice(process, "template", TEMPLATES, optional=True)
        for name in ("period_start", "period_end", "council_decision"):
            self.day(process, name)
        self.number(process, "implementation_years", low=1, high=10, optional=True)
        self.text(process, "accessibility_contact", 200, required=False, nullable=True)
        self.path.pop()
        self.fields: set[int] = set()
        self.proposals: set[int] = set()
        self.rounds: set[int] = set()
        self.each(data, "fields", self.field)
        self.each(data, "workshops", self.workshop)
        self.each(data, "goals", self.goal)

    def field(self, f: dict) -> None:
        self.ident(f, "field")
        self.text(f, "name", 120)
        self.text(f, "description", 2000, required=False, multiline=True)
        self.at("colour", lambda: check_colour(f.get("colour")))
        self.number(f, "position")
        self.flag(f, "optional_module")
        self.fields.add(f["id"])

    def workshop(self, w: dict) -> None:
        self.ident(w, "workshop")
        self.text(w, "title", 200)
        self.text(w, "venue", 200, required=False)
        self.day(w, "date")
        self.code(w, "join_code")
        self.choice(w, "state", WorkshopState)
        self.choice(w, "phase", Phase)
        self.choice(w, "join_mode", JOIN_MODES)
        self.choice(w, "screen_theme", SCREEN_THEMES, optional=True)
        self.flag(w, "premoderation")
        self.at("languages", lambda: check_languages(w.get("languages")))
        self.at("max_participants", lambda: check_cap(w.get("max_participants")))
        self.ref(w, "focus_field", self.fields)
        groups: set[int] = set()
        if not 1 <= len(self.items(w, "groups")) <= MAX_GROUPS:
            self.at("groups", lambda: _fail("too_many_groups", "1 to 12 groups", max_groups=MAX_GROUPS))

        def group(g: dict) -> None:
            self.ident(g, "group")
            self.text(g, "key", 40)
            self.text(g, "name", 80)
            self.number(g, "position")
            self.number(g, "colour_index", low=0, high=99)
            self.code(g, "join_code", optional=True)
            groups.add(g["id"])
        self.each(w, "groups", group)
        participants: set[int] = set()
        tables = archive_tables.check(self, w)

        def participant(p: dict) -> None:
            self.ident(p, "participant")
            self.ref(p, "group", groups, optional=False)
            self.ref(p, "table", tables)
            participants.add(p["id"])
        self.each(w, "participants", participant)
        own: set[int] = set()
        numbers: set[object] = set()

        def proposal(p: dict) -> None:
            self.ident(p, "proposal")
            self.number(p, "number", low=1, optional=True)
            if isinstance(p.get("number"), int) and p["number"] in numbers:
                self.at("number", lambda: _fail("archive_id_clash", "a proposal number appears twice",
                                                 kind="proposal number", id=p["number"]))
            numbers.add(p.get("number"))
            self.text(p, "title", TITLE_MAX)
            self.text(p, "body", BODY_MAX, required=False, multiline=True)
            self.choice(p, "state", ProposalState)
            self.choice(p, "author_kind", AUTHOR_KINDS)
            self.ref(p, "field", self.fields)
            self.ref(p, "participant", participants)
            self.ref(p, "table", tables)
            self.choice(p, "kind", ("goal", "measure"), optional=True)  # the measures step
            self.flag(p, "measures_open")
            self.text(p, "suggested_responsible", 200, required=False)
            self.text(p, "suggested_timeframe", 100, required=False)
            if "supporters" in p:  # archives before issue 17 have none
                backers = self.items(p, "supporters")
                self.refs("supporters", backers, participants)
                if len(set(backers)) != len(backers):
                    self.at("supporters", lambda: _fail("duplicate_entry", "a supporter appears twice"))
            own.add(p["id"])
        self.each(w, "proposals", proposal)
        for index, p in enumerate(w["proposals"]):
            self.path.append(f".proposals[{index}]")
            self.ref(p, "merged_into", own - {p["id"]})
            self.ref(p, "parent", own - {p["id"]}, optional=p.get("kind") != ProposalKind.MEASURE)
            if p.get("parent") is not None and p.get("kind") != ProposalKind.MEASURE:
                self.at("parent", lambda: _fail("invalid_choice", "only a measure proposal has a goal"))
            self.path.pop()
        self.proposals |= own
        self.each(w, "rounds", lambda r: self.round(r, groups, participants, own))

    def round(self, r: dict, groups: set[int], participants: set[int], proposals: set[int]) -> None:
        self.ident(r, "round")
        self.rounds.add(r.get("id"))
        self.text(r, "title", 200, required=False)
        self.choice(r, "state", RoundState)
        self.flag(r, "live_results")
        self.flag(r, "results_published")
        self.ref(r, "field", self.fields)
        self.choice(r, "item_kind", ("goal", "measure"), optional=True)
        self.ref(r, "measures_of", proposals)
        self.choice(r, "purpose", ROUND_PURPOSES, optional=True)
        self.ref(r, "assesses_round", self.rounds - {r.get("id")})
        self.ref(r, "assessor_group", groups)
        rules = self.at("method", lambda: RoundRules.create(r.get("method"), r.get("budget"),
                                                             r.get("max_per_proposal")))
        items = self.items(r, "items")
        self.refs("items", items, proposals)
        eligible = frozenset(items)

        def ballot(b: dict) -> None:
            self.ident(b, "ballot")
            self.number(b, "revision", optional=True)
            self.ref(b, "group", groups, optional=False)
            self.ref(b, "participant", participants)
            self.flag(b, "staff")
            votes = self.items(b, "votes")
            self.at("votes", lambda: validate_ballot(rules, _pairs(votes), eligible))
        self.each(r, "ballots", ballot)

        def paper(p: dict) -> None:
            self.ref(p, "group", groups, optional=False)
            self.number(p, "voters")
            points = self.items(p, "points")
            self.at("points", lambda: validate_paper_tally(rules, p["voters"], _pairs(points), eligible))
        self.each(r, "paper", paper)

    def goal(self, g: dict) -> None:
        self.ident(g, "goal")
        self.text(g, "title", 300)
        self.text(g, "description", 5000, required=False, multiline=True)
        self.ref(g, "field", self.fields)
        self.number(g, "position", optional=True)
        self.ref(g, "basis_round", self.rounds)
        self.refs("proposals", self.items(g, "proposals"), self.proposals)

        def measure(m: dict) -> None:
            self.ident(m, "measure")
            self.text(m, "title", 300)
            self.text(m, "responsible", 200)
            self.at("responsible_email", lambda: normalise_email(m.get("responsible_email")))
            self.text(m, "partners", 500, required=False)
            self.text(m, "indicator", 500, required=False)
            self.day(m, "start")
            self.day(m, "deadline", optional=False)
            self.choice(m, "status", MeasureStatus)
            if m.get("progress") is not None:  # None: the status's default
                self.number(m, "progress", high=100)
            self.number(m, "position", optional=True)
            self.ref(m, "source_proposal", self.proposals)

            def note(n: dict) -> None:
                self.ident(n, "note")
                self.day(n, "date", optional=False)
                self.text(n, "text", 5000, required=False, multiline=True)
                self.choice(n, "status_before", MeasureStatus, optional=True)
                self.choice(n, "status_after", MeasureStatus, optional=True)
                self.flag(n, "public")
            self.each(m, "notes", note)
            self.papers(m)
        self.papers(g)
        self.each(g, "measures", measure)

    def papers(self, obj: dict) -> None:
        """Council papers a goal or measure cites (absent in archives from before them)."""
        if obj.get("council_papers") is None:
            return
        seen: set[str] = set()

        def paper(p: dict) -> None:
            for name, required in (("url", True), ("web_url", False)):
                self.text(p, name, 2000, required=required)
                value = p.get(name) or ""
                if value and not value.startswith(("https://", "http://")):
                    self.at(name, partial(_fail, "oparl_url_invalid", "a web address (http or https) was expected",
                                          url=value[:200]))
            if p["url"] in seen:
                self.at("url", lambda: _fail("duplicate_entry", "a paper is cited twice"))
            seen.add(p["url"])
            self.text(p, "name", 500, required=False, nullable=True)
            self.text(p, "reference", 100, required=False, nullable=True)
            self.text(p, "paper_type", 200, required=False, nullable=True)
            self.choice(p, "kind", [k.value for k in PaperKind], optional=True)
            self.choice(p, "state", [v.value for v in Verification], optional=True)
            self.day(p, "date")
            self.at("fetched_at", lambda: _instant(p.get("fetched_at")))
        self.each(obj, "council_papers", paper)


def _pairs(entries: list) -> dict:
    """``[[proposal id, value], …]`` as a mapping; a proposal twice is a duplicate entry."""
    found: dict = {}
    for entry in entries:
        if not isinstance(entry, list) or len(entry) != 2:
            _fail("invalid_ballot", "entries are [proposal, value] pairs")
        key, value = entry
        if isinstance(key, bool) or not isinstance(key, int):
            _fail("invalid_proposal_id", "a vote names no valid proposal")
        if key in found:
            _fail("duplicate_entry", "a proposal appears twice", proposal=key)
        found[key] = value
    return found


def _instant(value: Any) -> None:
    """An ISO 8601 instant, or nothing."""
    if value is None:
        return
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        _fail("invalid_date", "instants look like 2027-03-31T18:00:00+00:00")
