"""The JSON archive of a whole process, and its import into another instance.

The archive carries every object with its id in this instance (stable: the same process always
exports the same ids, and references between objects use them) and a format version. Participants
appear only as anonymous members of a group — no display names, no secrets — so an archive can be
kept without becoming a store of personal data. Workshops get fresh screen and moderator secrets
on import.

Import is all or nothing: it runs in one transaction, and any problem (not an archive, a newer
format version, a truncated file, ids or join codes that clash) raises a ``DomainError`` before
the commit, so the database stays as it was.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from ..domain import joincodes
from ..domain.errors import DomainError
from ..extensions import db
from ..models import (
    Ballot,
    CouncilPaper,
    FieldOfAction,
    Goal,
    GoalCouncilPaper,
    Measure,
    MeasureCouncilPaper,
    PaperBallots,
    PaperVote,
    Participant,
    Process,
    ProgressNote,
    Proposal,
    ProposalSupport,
    RoundItem,
    StakeholderGroup,
    Vote,
    VotingRound,
    Workshop,
)
from ..models.base import utcnow
from . import archive_tables, workshops
from .archive_check import check_archive
from .archive_dump import FORMAT, FORMAT_VERSION, dump_process
from .plumbing import audit, tally_cells, tx
from .plumbing.audit import Actor
from .responsible_links import normalise_email

__all__ = ["FORMAT", "FORMAT_VERSION", "archive_bytes", "dump_process", "import_archive", "parse"]


def archive_bytes(process: Process) -> bytes:
    text = json.dumps(dump_process(process), ensure_ascii=False, indent=1, sort_keys=False)
    return (text + "\n").encode("utf-8")


def parse(raw: bytes | str) -> dict[str, Any]:
    """The archive as data, or a ``DomainError`` saying what is wrong with the file."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise DomainError("archive_invalid", "not a UTF-8 JSON file") from None
    if not text.strip():
        raise DomainError("archive_invalid", "the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # An archive's header comes first; if it is there, the file was cut off in transfer.
        if f'"format": "{FORMAT}"' in text[:200]:
            raise DomainError("archive_truncated", "the file ends too early") from None
        raise DomainError("archive_invalid", "not a JSON file") from None
    except RecursionError:  # nested deeper than the parser's stack: no archive looks like that
        raise DomainError("archive_invalid", "nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError("archive_invalid", "not a Zielwerkstatt archive")
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DomainError("archive_invalid", "no format version")
    if version > FORMAT_VERSION:
        raise DomainError("archive_version_unsupported", "made by a newer version",
                          version=version, supported=FORMAT_VERSION)
    if data.get("complete") is not True:
        raise DomainError("archive_truncated", "the end marker is missing")
    return data


def import_archive(actor: Actor, raw: bytes | str) -> Process:
    data = parse(raw)
    check_archive(data)  # the rules of the normal writes, before anything is written
    with tx.write():
        try:
            process = _Importer(data).run()
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DomainError("archive_invalid", f"the archive is inconsistent: {error}") from None
        process.owner_id = actor.user_id  # the importer owns the process, as its creator would
        audit.record(actor, "process.import", process, process_id=process.id,
                     after={"title": process.title, "format_version": data["format_version"]})
        process_id = process.id
    return db.session.get(Process, process_id)


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def _instant(value) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _proposal_numbers(items: list[dict]) -> dict[int, int]:
    """The workshop's proposal numbers as archived; an archive written before proposals had
    numbers gets them in the order of its ids (the order they were submitted in)."""
    numbers = {p["id"]: p["number"] for p in items if p.get("number") is not None}
    following = max(numbers.values(), default=0) + 1
    for p in sorted((p for p in items if p.get("number") is None), key=lambda p: p["id"]):
        numbers[p["id"]] = following
        following += 1
    return numbers


class _Importer:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.fields: dict[int, FieldOfAction] = {}
        self.proposals: dict[int, Proposal] = {}
        self.rounds: dict[int, VotingRound] = {}
        self.seen: set[tuple[str, int]] = set()

    def new_id(self, kind: str, value) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{kind} without an id")
        if (kind, value) in self.seen:
            raise DomainError("archive_id_clash", "an id appears twice", kind=kind, id=value)
        self.seen.add((kind, value))
        return value

    def run(self) -> Process:
        p = self.data["process"]
        process = Process(municipality=p["municipality"], title=p["title"],
                          template=p.get("template") or "empty",
                          period_start=_date(p.get("period_start")), period_end=_date(p.get("period_end")),
                          council_decision=_date(p.get("council_decision")),
                          implementation_years=int(p.get("implementation_years") or 3),
                          accessibility_contact=p.get("accessibility_contact"),
                          created_at=_instant(p.get("created_at")) or utcnow())
        db.session.add(process)
        for f in self.data["fields"]:
            self.new_id("field", f["id"])
            field = FieldOfAction(name=f["name"], description=f.get("description", ""),
                                  colour=f["colour"], position=f["position"],
                                  optional_module=bool(f.get("optional_module")))
            process.fields.append(field)
            self.fields[f["id"]] = field
        db.session.flush()
        for w in self.data["workshops"]:
            self._workshop(process, w)
        for g in self.data["goals"]:
            self._goal(process, g)
        db.session.flush()
        return process

    def field_id(self, old) -> int | None:
        return None if old is None else self.fields[old].id

    def _table_id(self, old) -> int | None:
        return None if old is None else self.tables[old].id

    def _check_code(self, code: str | None) -> str | None:
        if code is None:
            return None
        code = joincodes.normalise(code)
        if workshops.join_code_taken(code):  # workshops, groups and printed tokens share codes
            raise DomainError("archive_id_clash", "a join code is in use here", join_code=code)
        return code

    def _workshop(self, process: Process, w: dict) -> None:
        self.new_id("workshop", w["id"])
        workshop = Workshop(
            process=process, title=w["title"], date=_date(w.get("date")), venue=w.get("venue", ""),
            join_code=self._check_code(w["join_code"]), state=w["state"], phase=w["phase"],
            focus_field_id=self.field_id(w.get("focus_field")), join_mode=w["join_mode"],
            premoderation=bool(w.get("premoderation")), languages=w["languages"],
            screen_theme=w.get("screen_theme", "dark"), screen_secret=joincodes.generate_secret(),
            max_participants=workshops.clean_cap(w.get("max_participants")),
            moderator_secret_hash=None, version=0, created_at=_instant(w.get("created_at")) or utcnow(),
            opened_at=_instant(w.get("opened_at")), closed_at=_instant(w.get("closed_at")),
            anonymised_at=_instant(w.get("anonymised_at")))
        groups: dict[int, StakeholderGroup] = {}
        for g in w["groups"]:
            self.new_id("group", g["id"])
            groups[g["id"]] = StakeholderGroup(
                key=g["key"], name=g["name"], position=g["position"], colour_index=g["colour_index"],
                join_code=self._check_code(g.get("join_code")))
            workshop.groups.append(groups[g["id"]])
        db.session.add(workshop)
        db.session.flush()
        self.tables = archive_tables.restore(self, workshop, w.get("tables", []), _instant, utcnow)
        workshop.table_rotations = w.get("table_rotations") or 0
        participants: dict[int, Participant] = {}
        for person in w["participants"]:
            self.new_id("participant", person["id"])
            participants[person["id"]] = Participant(
                workshop_id=workshop.id, group_id=groups[person["group"]].id,
                secret_hash=joincodes.hash_secret(joincodes.generate_secret()),
                created_at=_instant(person.get("created_at")) or utcnow(),
                removed_at=_instant(person.get("removed_at")), table_id=self._table_id(person.get("table")))
        db.session.add_all(participants.values())
        db.session.flush()
        self._proposals(workshop, w["proposals"], participants)
        for r in w["rounds"]:
            self._round(workshop, r, groups, participants)

    def _proposals(self, workshop: Workshop, items: list[dict], participants: dict) -> None:
        # Targets before what was merged into them: the row constraint needs the target's id.
        numbers = _proposal_numbers(items)
        pending = list(items)
        while pending:
            ready = [p for p in pending if p.get("merged_into") in (None, *self.proposals)
                     and p.get("parent") in (None, *self.proposals)]  # goals before their measures
            if not ready:
                raise ValueError("merged proposals point at proposals that are not in the archive")
            for p in ready:
                self.new_id("proposal", p["id"])
                participant = participants[p["participant"]] if p.get("participant") is not None else None
                proposal = Proposal(
                    workshop_id=workshop.id, field_id=self.field_id(p.get("field")),
                    participant_id=participant.id if participant else None,
                    number=numbers[p["id"]], table_id=self._table_id(p.get("table")),
                    author_kind=p["author_kind"], title=p["title"], body=p.get("body", ""),
                    state=p["state"], created_at=_instant(p.get("created_at")) or utcnow(),
                    published_at=_instant(p.get("published_at")),
                    merged_into_id=self.proposals[p["merged_into"]].id if p.get("merged_into") is not None else None,
                    kind=p.get("kind") or "goal", measures_open=bool(p.get("measures_open")),
                    parent_id=self.proposals[p["parent"]].id if p.get("parent") is not None else None,
                    suggested_responsible=p.get("suggested_responsible") or "",
                    suggested_timeframe=p.get("suggested_timeframe") or "")
                db.session.add(proposal)
                self.proposals[p["id"]] = proposal
            db.session.flush()
            db.session.add_all(ProposalSupport(proposal_id=self.proposals[p["id"]].id,
                                               participant_id=participants[person].id)
                               for p in ready for person in p.get("supporters", []))
            pending = [p for p in pending if p not in ready]

    def _round(self, workshop: Workshop, r: dict, groups: dict, participants: dict) -> None:
        self.new_id("round", r["id"])
        round_ = VotingRound(
            workshop_id=workshop.id, title=r.get("title", ""), method=r["method"], budget=r.get("budget"),
            max_per_proposal=r.get("max_per_proposal"), field_id=self.field_id(r.get("field")),
            state=r["state"], live_results=bool(r.get("live_results")),
            results_published=bool(r.get("results_published")), created_at=_instant(r.get("created_at")) or utcnow(),
            opened_at=_instant(r.get("opened_at")), closed_at=_instant(r.get("closed_at")),
            item_kind=r.get("item_kind") or "goal",
            measures_of_id=self.proposals[r["measures_of"]].id if r.get("measures_of") is not None else None,
            purpose=r.get("purpose") or "priority",
            assesses_round_id=self.rounds[r["assesses_round"]].id if r.get("assesses_round") is not None else None,
            assessor_group_id=groups[r["assessor_group"]].id if r.get("assessor_group") is not None else None)
        db.session.add(round_)
        db.session.flush()
        self.rounds[r["id"]] = round_
        for position, proposal_id in enumerate(r["items"]):
            db.session.add(RoundItem(round_id=round_.id, proposal_id=self.proposals[proposal_id].id,
                                     position=position))
        for b in r["ballots"]:
            self.new_id("ballot", b["id"])
            person = b.get("participant")
            ballot = Ballot(round_id=round_.id, group_id=groups[b["group"]].id, revision=b.get("revision", 0),
                            participant_id=participants[person].id if person is not None else None,
                            created_at=_instant(b.get("created_at")) or utcnow(),
                            updated_at=_instant(b.get("updated_at")) or utcnow())
            ballot.votes = [Vote(proposal_id=self.proposals[pid].id, round_id=round_.id, value=int(value))
                            for pid, value in b["votes"]]
            db.session.add(ballot)
        for paper in r["paper"]:
            group_id = groups[paper["group"]].id
            db.session.add(PaperBallots(round_id=round_.id, group_id=group_id, voters=paper["voters"]))
            for pid, points in paper["points"]:
                db.session.add(PaperVote(round_id=round_.id, group_id=group_id,
                                         proposal_id=self.proposals[pid].id, points=points))
        tally_cells.rebuild(round_.id)  # the running sums are derived, so not in the archive

    def _paper(self, p: dict) -> CouncilPaper:
        """The row of a cited paper: one this installation knows keeps its own facts (the URL is
        shared by every goal and measure citing it); else the archive's, to be refreshed here
        (a refresh fetches only URLs under this installation's OPARL_ENDPOINTS)."""
        paper = db.session.scalar(db.select(CouncilPaper).filter_by(url=p["url"]))
        if paper is None:
            paper = CouncilPaper(url=p["url"], kind=p.get("kind") or "", name=p.get("name") or "",
                                 reference=p.get("reference") or "", date=_date(p.get("date")),
                                 paper_type=p.get("paper_type") or "", web_url=p.get("web_url") or "",
                                 state=p.get("state") or "unverified",
                                 fetched_at=_instant(p.get("fetched_at")))
            db.session.add(paper)
            db.session.flush()
        return paper

    def _goal(self, process: Process, g: dict) -> None:
        self.new_id("goal", g["id"])
        goal = Goal(process=process, field_id=self.field_id(g.get("field")), title=g["title"],
                    description=g.get("description", ""), position=g.get("position", 0),
                    created_at=_instant(g.get("created_at")) or utcnow())
        if g.get("basis_round") is not None:
            goal.basis_round_id = self.rounds[g["basis_round"]].id
        goal.proposals = [self.proposals[pid] for pid in g["proposals"]]
        links = [(GoalCouncilPaper, "goal_id", goal, g.get("council_papers", []))]
        for m in g["measures"]:
            self.new_id("measure", m["id"])
            measure = Measure(title=m["title"], responsible=m["responsible"], partners=m.get("partners", ""),
                              start=_date(m.get("start")), deadline=_date(m["deadline"]),
                              indicator=m.get("indicator", ""), status=m["status"], progress=m.get("progress"),
                              responsible_email=normalise_email(m.get("responsible_email")),
                              position=m.get("position", 0), created_at=_instant(m.get("created_at")) or utcnow(),
                              source_proposal_id=self.proposals[m["source_proposal"]].id
                              if m.get("source_proposal") is not None else None)
            for n in m["notes"]:
                self.new_id("note", n["id"])
                measure.notes.append(ProgressNote(date=_date(n["date"]), text=n.get("text", ""),
                                                  status_before=n.get("status_before", ""),
                                                  status_after=n.get("status_after", ""),
                                                  public=n.get("public", True) is not False,
                                                  created_at=_instant(n.get("created_at")) or utcnow()))
            goal.measures.append(measure)
            links.append((MeasureCouncilPaper, "measure_id", measure, m.get("council_papers", [])))
        db.session.add(goal)
        db.session.flush()  # the goal and its measures get their ids for the paper links
        for model, key, target, papers in links:
            for position, paper in enumerate(papers):
                db.session.add(model(**{key: target.id}, paper_id=self._paper(paper).id, position=position))
