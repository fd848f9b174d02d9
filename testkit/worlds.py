"""Whole worlds composed from testkit/builders.py:

- ``seed``: the organizer's realistic process (umlauts, Arabic, Ukrainian, formula-injection text, a
  closed dots round with ballots of every group, paper votes, a merged proposal and an action plan);
- ``build_world``: the attack catalogue's world (two workshops A and B with proposals in every state,
  a closed and an open round with ballots, a plan goal with a measure, accounts of every role);
- ``arrange``: the load world of the benchmarks and live tests (an open round in its own database,
  created in this process for a server process to read).

All of them return plain ids and secrets: no ORM object outlives the session that loaded it.
"""
from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workshop_app.domain.phases import Phase, ProposalState, RoundState
from workshop_app.extensions import db
from workshop_app.models import (
    PaperBallots,
    PaperVote,
    Process,
    Proposal,
    Role,
    User,
    VotingRound,
    Workshop,
    WorkshopModerator,
)
from workshop_app.models.base import utcnow
from workshop_app.services import apikeys, joinsheets, plan, responsible_links, tables
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM

from . import samples
from .builders import (
    add_ballot,
    add_participant,
    add_proposal,
    add_round,
    cast_ballot,
    close_round,
    new_process,
    new_workshop,
    retally,
    share_processes_with_organizers,
)

# --- the organizer's world ----------------------------------------------------------------------

#: The spreadsheet-injection texts of the sample documents that start with the formula itself.
FORMULA_CORPUS = tuple(text for text in samples.FORMULA_CORPUS if not text[0].isspace())
TITLES = ("Mehr Kita-Plätze für Familien – größer, schöner", "رياض أطفال أكثر", "Більше місць у дитсадках",
          "Sichere Schulwege für Kinder", *FORMULA_CORPUS)


@dataclass
class Seed:
    process_id: int
    workshop_id: int
    code: str
    proposal_ids: list[int]
    round_id: int


def seed(*, voters_per_group: int = 3) -> Seed:
    process = new_process(municipality="Musterstadt an der Öhre", title="Familiengerechte Kommune 2026–2029",
                          period_start=date(2026, 1, 1), period_end=date(2029, 12, 31),
                          council_decision=date(2026, 5, 20))
    workshop, _secret = new_workshop(process, title="Auftaktworkshop Größe", date_=date(2026, 3, 14),
                                     venue="Rathaus, Großer Saal", languages="de,en,uk,ar")
    field_id = process.fields[1].id
    with tx.write():
        ids = [add_proposal(workshop.id, t, field_id=field_id, body=f"Begründung: {t}", author_kind="participant",
                            published_at=utcnow()) for t in TITLES]
        add_proposal(workshop.id, "Mehr Krippenplätze", state=ProposalState.MERGED, field_id=field_id,
                     merged_into_id=ids[0])
        round_id = add_round(workshop.id, ids, title="Welche Ziele sind Ihnen wichtig?", budget=5,
                             max_per_proposal=3, state=RoundState.CLOSED, bump=False)
        groups = db.session.get(Workshop, workshop.id).groups
        for g_index, group in enumerate(groups):
            for n in range(voters_per_group):
                person, _ = add_participant(workshop.id, group.key, f"Person {g_index}-{n}", language="de",
                                            secret_hash=f"{g_index:02d}{n:04d}".ljust(64, "a"))
                other = ids[(g_index + n) % len(ids)]
                add_ballot(round_id, person, {ids[0]: 2 + (g_index == 0), other: 1} if other != ids[0]
                           else {ids[0]: 3})
                if n == 0:
                    db.session.get(Proposal, ids[g_index + 1]).participant_id = person
        db.session.add(PaperBallots(round_id=round_id, group_id=groups[2].id, voters=2))
        db.session.add(PaperVote(round_id=round_id, group_id=groups[2].id, proposal_id=ids[3], points=4))
        retally(round_id)
        code = db.session.get(Workshop, workshop.id).join_code
    goal = plan.adopt_goal(SYSTEM, db.session.get(Process, process.id), proposal_ids=[ids[0], ids[1]])
    plan.add_measure(SYSTEM, goal, title="Bedarfsplanung Kindertagesbetreuung", responsible="Jugendamt",
                     partners="Kita-Träger; Elternbeirat", start=date(2026, 6, 1), deadline=date(2027, 3, 31),
                     indicator="Anzahl U3-Plätze")
    hostile = plan.adopt_goal(SYSTEM, db.session.get(Process, process.id), title=FORMULA_CORPUS[0],
                              proposal_ids=[ids[4]], description=FORMULA_CORPUS[1])
    for text in FORMULA_CORPUS:
        plan.add_measure(SYSTEM, hostile, title=text, responsible=text, partners=text, indicator=text,
                         deadline=date(2028, 1, 1))
    share_processes_with_organizers()  # the tests' organizer accounts are members
    return Seed(process.id, workshop.id, code, ids, round_id)


# --- the attack catalogue's world ---------------------------------------------------------------

@dataclass
class Room:
    """One workshop of the world, as plain values (no ORM objects leak into tests)."""
    id: int
    code: str
    screen_secret: str
    moderator_secret: str
    groups: list[str]
    participant_secret: str
    participant_id: int
    other_secret: str
    published: int
    pending: int
    hidden: int
    closed_round: int
    open_round: int
    token: str
    table_id: int = 0  # a table (station) with its QR token and facilitator device's secret
    table_token: str = ""
    facilitator_secret: str = ""


@dataclass
class World:
    process_id: int
    field_id: int
    goal_id: int
    measure_id: int
    key_id: int
    api_key: str
    a: Room
    b: Room
    users: dict[str, int] = field(default_factory=dict)
    link_id: int = 0  # the measure's responsible body's update link (responsible_secret)
    responsible_secret: str = ""

    def values(self, room: Room | None = None) -> dict:
        """URL parameter values by name, for filling every route of the app."""
        room = room or self.a
        return {"code": room.code, "round_id": room.open_round, "proposal_id": room.published,
                "process_id": self.process_id, "field_id": self.field_id, "goal_id": self.goal_id,
                "measure_id": self.measure_id, "key_id": self.key_id, "group": room.groups[0],
                "fmt": "csv", "filename": "css/app.css", "token": room.token,
                "user_id": self.users.get("moderator_b", 0), "participant_id": room.participant_id,
                "link_id": self.link_id, "table_id": room.table_id,
                "step": "measures"}  # an agenda step that is refused here: the sweep changes nothing


def build_room(process: Process, title: str, texts: dict | None = None) -> Room:
    """A workshop in the collect phase: proposals published/pending/hidden, a closed round with
    ballots and published results, an open round with ballots, an unredeemed join token, a table."""
    texts = texts or {}
    workshop, mod_secret = new_workshop(process, title=title, languages="de,en,ar")
    field_id = process.fields[0].id
    with tx.write():
        groups = [g.key for g in db.session.get(Workshop, workshop.id).groups]
        pid, psecret = add_participant(workshop.id, groups[0], texts.get("name", "Alice"))
        oid, osecret = add_participant(workshop.id, groups[1], "Bob")
        made = {state: add_proposal(workshop.id, texts.get("title", f"{title}: {state.value}"), state=state,
                                    field_id=field_id, participant_id=pid, author_kind="participant",
                                    body=texts.get("body", "Weil."))
                for state in (ProposalState.PUBLISHED, ProposalState.PENDING, ProposalState.HIDDEN)}
        extra = add_proposal(workshop.id, f"{title}: zweiter", field_id=field_id)
        round_ids = {name: add_round(workshop.id, [made[ProposalState.PUBLISHED], extra], title=f"Runde {name}",
                                     budget=5, max_per_proposal=3, bump=False)
                     for name in ("closed", "open")}
        w = db.session.get(Workshop, workshop.id)
        w.change_phase(Phase.COLLECT)  # proposals and ballots both accepted
        w.bump()
    for round_id in round_ids.values():
        for person_id in (pid, oid):
            cast_ballot(person_id, round_id, {made[ProposalState.PUBLISHED]: 2, extra: 1})
    with tx.write():
        close_round(db.session.get(VotingRound, round_ids["closed"]), publish=True)
    w = db.session.get(Workshop, workshop.id)
    joinsheets.create_tokens(SYSTEM, w, 2)
    token = joinsheets.unredeemed_tokens(w)[0].code
    table = tables.create(SYSTEM, w.id, name=texts.get("table", "Tisch am Fenster"), field=field_id)
    table, facilitator_secret = tables.facilitator_link(SYSTEM, workshop.id, table.id)
    table_token = tables.qr_token(table)
    w = db.session.get(Workshop, workshop.id)
    return Room(id=w.id, code=w.join_code, screen_secret=w.screen_secret, moderator_secret=mod_secret,
                groups=groups, participant_secret=psecret, participant_id=pid, other_secret=osecret,
                published=made[ProposalState.PUBLISHED], pending=made[ProposalState.PENDING],
                hidden=made[ProposalState.HIDDEN], closed_round=round_ids["closed"],
                open_round=round_ids["open"], token=token, table_id=table.id, table_token=table_token,
                facilitator_secret=facilitator_secret)


#: Every account of the world signs in with this password (the matrix tests skip the form).
PASSWORD = "correct horse battery staple"
_HASH: list[str] = []


def password_hash() -> str:
    """One scrypt hash for every account (hashing costs a tenth of a second each)."""
    if not _HASH:
        from werkzeug.security import generate_password_hash
        _HASH.append(generate_password_hash(PASSWORD, method="scrypt"))
    return _HASH[0]


def build_world(app, texts: dict | None = None) -> World:
    """The attack world; ``texts`` replaces user-written texts of workshop A (names, titles …)."""
    texts = texts or {}
    with app.test_request_context():
        process = new_process()
        a = build_room(process, texts.get("workshop", "Workshop A"), texts)
        b = build_room(db.session.get(Process, process.id), "Workshop B")
        process = db.session.get(Process, process.id)
        goal = plan.adopt_goal(SYSTEM, process, title=texts.get("goal", "Mehr Kita-Plätze"),
                               proposal_ids=[a.published])
        measure = plan.add_measure(SYSTEM, goal, title=texts.get("measure", "Bedarfsplanung"),
                                   responsible=texts.get("responsible", "Jugendamt"),
                                   deadline=date(2028, 1, 1), responsible_email="jugendamt@example.org")
        link, responsible_secret = responsible_links.issue(SYSTEM, process, "jugendamt@example.org")
        users = {}
        with tx.write():
            for role, email, kind in (("admin", "admin@example.org", Role.ADMIN),
                                      ("organizer", "organizer@example.org", Role.ORGANIZER),
                                      ("moderator", "mod-a@example.org", Role.MODERATOR),
                                      ("moderator_b", "mod-b@example.org", Role.MODERATOR)):
                user = User(email=email, role=kind.value, password_hash=password_hash())
                db.session.add(user)
                db.session.flush()
                users[role] = user.id
            db.session.add(WorkshopModerator(workshop_id=a.id, user_id=users["moderator"]))
            db.session.add(WorkshopModerator(workshop_id=b.id, user_id=users["moderator_b"]))
            # the organizer works on the world's process as a member (admins see every process)
            db.session.get(Process, process.id).members.append(db.session.get(User, users["organizer"]))
        key, plain = apikeys.create_api_key(SYSTEM, db.session.get(User, users["organizer"]), name="ci")
        world = World(process_id=process.id, field_id=process.fields[0].id, goal_id=goal.id,
                      measure_id=measure.id, key_id=key.id, api_key=plain, a=a, b=b, users=users,
                      link_id=link.id, responsible_secret=responsible_secret)
        db.session.remove()
    return world


# --- the load world -----------------------------------------------------------------------------

@dataclass
class Arrangement:
    code: str
    workshop_id: int
    screen_secret: str
    round_id: int
    proposal_ids: list[int]
    groups: list[str]
    api_key: str


def arrange(uri: str, *, proposals: int = 30, method: str = "dots", budget: int | None = 100,
            max_per_proposal: int | None = 50, live_results: bool = False) -> Arrangement:
    """An open workshop in the vote phase with published proposals and an open round, created
    through the services in this process (the server reads it from the same database)."""
    from workshop_app.services import room, rounds, users
    from workshop_app.services.plumbing.audit import Actor
    from workshop_app.services.read_models.results import round_proposals

    from .servers import TEST_SECRET, app_in

    instance = Path(tempfile.mkdtemp(prefix="zw-arrange-"))
    app = app_in(instance, {"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": TEST_SECRET,
                            "SOCKETIO_ASYNC_MODE": "threading"})
    try:
        with app.test_request_context():
            user = users.create_user(f"mod-{uuid.uuid4().hex[:8]}@example.org", "bench password 123",
                                     role=Role.ORGANIZER)
            _key, api_key = apikeys.create_api_key(SYSTEM, user, name="bench")
            # Created by the organizer, who then owns it: organizers act on their own processes.
            owner = Actor(label=user.email, user=user, via="cli")
            process = new_process(actor=owner, municipality="Benchstadt", title="Bench")
            workshop, _secret = new_workshop(process, title="Lastprobe")
            with tx.write():
                for index in range(proposals):
                    add_proposal(workshop.id, f"Vorschlag {index + 1}", author_kind="moderator")
            room.change_phase(SYSTEM, workshop.id, "vote")
            round_ = rounds.create(SYSTEM, workshop.id, method=method, budget=budget,
                                   max_per_proposal=max_per_proposal, live_results=live_results)
            round_ = rounds.open_round(SYSTEM, round_.id)
            return Arrangement(
                code=workshop.join_code, workshop_id=workshop.id,
                screen_secret=workshop.screen_secret, round_id=round_.id,
                proposal_ids=[p.id for p in round_proposals(round_)],
                groups=[g.key for g in workshop.groups], api_key=api_key)
    finally:
        app.extensions["zw_broadcaster"].stop()
        with app.app_context():
            db.engine.dispose()
