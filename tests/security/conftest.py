"""The attack catalogue's world: one process with two workshops (A and B), each with groups,
participants, proposals in every state, a closed and an open round with ballots; an action plan
goal with a measure; accounts of every role. Built once per test module and backend (the tests
that change it restore what they change, or build their own).

Routes are enumerated from ``app.url_map`` and their URL parameters filled *by name* from the
world (``code``, ``secret``, ``round_id`` …), so a route added later is covered automatically.
A parameter name the world does not know fails loudly, so that nobody's new route slips by.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date

import pytest

from tests.conftest import _database_uri, _truncate_all, make_app
from workshop_app.domain.joincodes import hash_secret
from workshop_app.domain.phases import Phase, ProposalState, WorkshopState
from workshop_app.extensions import db
from workshop_app.models import (AuditEvent, Ballot, Goal, Measure, Participant, Process, Proposal, Role, RoundItem,
                                 StakeholderGroup, User, Vote, VotingRound, Workshop,
                                 WorkshopModerator)
from workshop_app.services import (apikeys, ballots, joinsheets, plan, processes, responsible_links, tables,
                                   tx, workshops)
from workshop_app.services.audit import SYSTEM

PASSWORD = "correct horse battery staple"
ROLES = ("anonymous", "participant", "participant_b", "moderator_b", "moderator", "organizer", "admin")
MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
EXPORT_FORMATS = ("csv", "xlsx", "ods", "docx", "odt", "pdf", "json")


@pytest.fixture(scope="module")
def app(backend, request, tmp_path_factory):
    """One app per module and backend (overrides the per-test app of tests/conftest.py)."""
    tmp = tmp_path_factory.mktemp("security")
    overrides = {"TALLY_INTERVAL_SCREEN": 0.01, "TALLY_INTERVAL_PARTICIPANT": 0.01,
                 **getattr(request.module, "APP_CONFIG", {})}
    application = make_app(_database_uri(backend, request, tmp), tmp / "instance", **overrides)
    with application.app_context():
        if backend == "sqlite":
            db.create_all()
        else:
            _truncate_all()
        db.session.remove()
    yield application
    application.extensions["zw_broadcaster"].stop()
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app_config():
    return {}


# --- the world ----------------------------------------------------------------------------------

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
        room = room or self.a
        return {"code": room.code, "round_id": room.open_round, "proposal_id": room.published,
                "process_id": self.process_id, "field_id": self.field_id, "goal_id": self.goal_id,
                "measure_id": self.measure_id, "key_id": self.key_id, "group": room.groups[0],
                "fmt": "csv", "filename": "css/app.css", "token": room.token,
                "user_id": self.users.get("moderator_b", 0), "participant_id": room.participant_id,
                "link_id": self.link_id, "table_id": room.table_id,
                "step": "measures"}  # an agenda step that is refused here: the sweep changes nothing


def _participant(workshop_id: int, group_key: str, name: str | None = None) -> tuple[int, str]:
    secret = secrets.token_urlsafe(24)
    group = db.session.scalar(db.select(StakeholderGroup).filter_by(workshop_id=workshop_id, key=group_key))
    person = Participant(workshop_id=workshop_id, group_id=group.id, display_name=name,
                         secret_hash=hash_secret(secret))
    db.session.add(person)
    db.session.flush()
    return person.id, secret


def build_room(process, title: str, texts: dict | None = None) -> Room:
    """A workshop in the collect phase: proposals published/pending/hidden, a closed round with
    ballots and published results, an open round with ballots, an unredeemed join token."""
    texts = texts or {}
    workshop, mod_secret = workshops.create_workshop(SYSTEM, process, title=title, languages="de,en,ar")
    field_id = process.fields[0].id
    with tx.write():
        w = db.session.get(Workshop, workshop.id)
        w.change_state(WorkshopState.OPEN)
        groups = [g.key for g in w.groups]
        pid, psecret = _participant(w.id, groups[0], texts.get("name", "Alice"))
        oid, osecret = _participant(w.id, groups[1], "Bob")
        made = {}
        for state in (ProposalState.PUBLISHED, ProposalState.PENDING, ProposalState.HIDDEN):
            p = Proposal(workshop_id=w.id, field_id=field_id, participant_id=pid, author_kind="participant",
                         title=texts.get("title", f"{title}: {state.value}"), body=texts.get("body", "Weil."),
                         state=state.value)
            db.session.add(p)
            db.session.flush()
            made[state] = p.id
        extra = Proposal(workshop_id=w.id, field_id=field_id, title=f"{title}: zweiter", state="published")
        db.session.add(extra)
        db.session.flush()
        rounds = {}
        for name, final in (("closed", "close"), ("open", None)):
            r = VotingRound(workshop_id=w.id, title=f"Runde {name}", method="dots", budget=5,
                            max_per_proposal=3, state="draft")
            db.session.add(r)
            db.session.flush()
            r.items = [RoundItem(proposal_id=made[ProposalState.PUBLISHED], position=0),
                       RoundItem(proposal_id=extra.id, position=1)]
            r.apply("open")
            rounds[name] = r
        w.change_phase(Phase.COLLECT)  # proposals and ballots both accepted
        w.bump()
        round_ids = {name: r.id for name, r in rounds.items()}
        workshop_id = w.id
    for round_id in round_ids.values():
        for person_id in (pid, oid):
            ballots.store(db.session.get(Participant, person_id), round_id,
                          {made[ProposalState.PUBLISHED]: 2, extra.id: 1})
    with tx.write():
        closed = db.session.get(VotingRound, round_ids["closed"])
        closed.apply("close")
        closed.apply("publish")
    w = db.session.get(Workshop, workshop_id)
    joinsheets.create_tokens(SYSTEM, w, 2)
    token = joinsheets.unredeemed_tokens(w)[0].code
    table = tables.create(SYSTEM, w, name=texts.get("table", "Tisch am Fenster"), field=field_id)
    table, facilitator_secret = tables.facilitator_link(SYSTEM, db.session.get(Workshop, workshop_id), table.id)
    table_token = tables.qr_token(table)
    w = db.session.get(Workshop, workshop_id)
    return Room(id=workshop_id, code=w.join_code, screen_secret=w.screen_secret, moderator_secret=mod_secret,
                groups=groups, participant_secret=psecret, participant_id=pid, other_secret=osecret,
                published=made[ProposalState.PUBLISHED], pending=made[ProposalState.PENDING],
                hidden=made[ProposalState.HIDDEN], closed_round=round_ids["closed"],
                open_round=round_ids["open"], token=token, table_id=table.id, table_token=table_token,
                facilitator_secret=facilitator_secret)


def build_world(app, texts: dict | None = None) -> World:
    texts = texts or {}
    with app.test_request_context():
        process = processes.create_process(SYSTEM, municipality="Musterstadt", title="FGK",
                                           template="familiengerechte_kommune")
        a = build_room(process, texts.get("workshop", "Workshop A"), texts)
        b = build_room(db.session.get(type(process), process.id), "Workshop B")
        process = db.session.get(type(process), process.id)
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
                user = User(email=email, role=kind.value, password_hash=_hash())
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


_HASH: list[str] = []


def _hash() -> str:
    """One scrypt hash for every account (hashing costs a tenth of a second each)."""
    if not _HASH:
        from werkzeug.security import generate_password_hash
        _HASH.append(generate_password_hash(PASSWORD, method="scrypt"))
    return _HASH[0]


@pytest.fixture(scope="module")
def world(app) -> World:
    return build_world(app)


# --- clients per role ---------------------------------------------------------------------------

def csrf_from(client, path: str = "/") -> str:
    page = client.get(path)
    match = re.search(rb'name="csrf-token" content="([^"]+)"', page.data)
    assert match, f"{path} carries no CSRF token"
    return match.group(1).decode()


def sign_in(client, app, user_id: int) -> None:
    """The session Flask-Login writes after the real form (the form itself is tested in
    test_sessions_headers); skipping scrypt keeps the matrix fast."""
    with app.app_context():
        user = db.session.get(User, user_id)
        identity = user.get_id()
        db.session.remove()
    with client.session_transaction() as session:
        session["_user_id"] = identity
        session["_fresh"] = True


def client_as(app, world: World, role: str):
    """A test client acting as ``role`` (see ROLES), with its CSRF token as ``client.csrf``."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if role == "participant":
        client.set_cookie(f"{app.config['PARTICIPANT_COOKIE_NAME']}_{world.a.id}", world.a.participant_secret)
    elif role == "participant_b":
        client.set_cookie(f"{app.config['PARTICIPANT_COOKIE_NAME']}_{world.b.id}", world.b.participant_secret)
    elif role in world.users:
        sign_in(client, app, world.users[role])
    client.csrf = csrf_from(client)
    client.role = role
    return client


@pytest.fixture(scope="module")
def clients(app, world):
    return {role: client_as(app, world, role) for role in ROLES}


# --- routes -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Route:
    rule: str
    endpoint: str
    method: str
    url: str

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.endpoint})"


def fill(rule, world: World, room: Room | None = None, **override) -> str:
    """Build a rule's URL from the world, by parameter name."""
    room = room or world.a
    values = {**world.values(room), **override}
    args = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if getattr(converter, "items", None):  # any(...) converters: take the first choice
            args[name] = override.get(name) or sorted(converter.items)[0]
        elif name == "secret" and rule.endpoint.startswith("responsible."):
            args[name] = override.get("secret") or world.responsible_secret
        elif name == "secret" and rule.endpoint.startswith(("facilitator.", "api.facilitator_")):
            args[name] = override.get("secret") or room.facilitator_secret
        elif name == "token" and rule.endpoint == "participant.table_qr":
            args[name] = override.get("token") or room.table_token
        elif name == "secret":
            args[name] = override.get("secret") or (
                room.moderator_secret if rule.endpoint == "moderator.redeem_link" else room.screen_secret)
        else:
            assert name in values, f"the security world knows no value for <{name}> of {rule.rule}"
            args[name] = values[name]
    return rule.build(args, append_unknown=False)[1]


def routes(app, world: World, *, methods=None, room: Room | None = None, skip=("static",)) -> list[Route]:
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in skip:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if methods is None or method in methods:
                found.append(Route(rule.rule, rule.endpoint, method, fill(rule, world, room)))
    return sorted(found, key=lambda r: (r.rule, r.method))


def send(client, route: Route | str, method: str | None = None, *, csrf: str | None = None,
         json=None, data=None, headers=None):
    url = route.url if isinstance(route, Route) else route
    method = method or (route.method if isinstance(route, Route) else "GET")
    headers = dict(headers or {})
    if csrf:
        headers["X-CSRFToken"] = csrf
    kwargs = {"headers": headers}
    if json is not None:
        kwargs["json"] = json
    elif data is not None:
        kwargs["data"] = data
    elif method in MUTATING and url.startswith("/api/"):
        kwargs["json"] = {}
    return client.open(url, method=method, **kwargs)


# --- invariants ---------------------------------------------------------------------------------

COUNTED = (Workshop, Proposal, Participant, VotingRound, Ballot, Vote, Goal, Measure, User, AuditEvent,
           WorkshopModerator, StakeholderGroup)


def fingerprint(app) -> dict:
    """Row counts, versions and the audit trail's length: a write anywhere changes one of them."""
    with app.app_context():
        counts = {model.__tablename__: db.session.scalar(db.select(db.func.count()).select_from(model))
                  for model in COUNTED}
        counts["versions"] = tuple(db.session.scalars(db.select(Workshop.version).order_by(Workshop.id)))
        counts["proposal_states"] = tuple(db.session.execute(
            db.select(Proposal.id, Proposal.state, Proposal.title).order_by(Proposal.id)).all())
        counts["round_states"] = tuple(db.session.execute(
            db.select(VotingRound.id, VotingRound.state).order_by(VotingRound.id)).all())
        counts["sessions"] = tuple(db.session.scalars(db.select(User.session_token).order_by(User.id)))
        counts["roles"] = tuple(db.session.scalars(db.select(User.role).order_by(User.id)))
        db.session.remove()
    return counts


def integrity_ok(app) -> bool:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            ok = db.session.scalar(db.text("PRAGMA integrity_check")) == "ok"
            ok = ok and not db.session.execute(db.text("PRAGMA foreign_key_check")).all()
        else:
            ok = db.session.scalar(db.text("SELECT 1")) == 1
        db.session.remove()
    return ok


def fresh_limits(app) -> None:
    from workshop_app.extensions import limiter
    limiter.reset()



# --- the inputs every route may read -------------------------------------------------------------

def form_fields() -> set[str]:
    """Field names of every WTForms form class of the app (imported from each blueprint)."""
    import importlib
    import pkgutil

    import workshop_app
    from flask_wtf import FlaskForm
    from wtforms.fields.core import UnboundField

    names: set[str] = set()
    for module_info in pkgutil.walk_packages(workshop_app.__path__, "workshop_app."):
        if module_info.name.endswith(".forms"):
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, FlaskForm):
                    names |= {n for n in dir(value) if isinstance(getattr(value, n, None), UnboundField)}
    return names


def api_fields(app) -> set[str]:
    """Property names of every request body in the OpenAPI document (refs resolved)."""
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    names: set[str] = set()

    def walk(node, depth=0):
        if depth > 12:
            return
        if isinstance(node, dict):
            if "$ref" in node:
                target = document
                for part in node["$ref"].lstrip("#/").split("/"):
                    target = target.get(part, {})
                walk(target, depth + 1)
            names.update(node.get("properties", {}).keys())
            for value in node.values():
                walk(value, depth + 1)
        elif isinstance(node, list):
            for value in node:
                walk(value, depth + 1)

    for path in document["paths"].values():
        for operation in path.values():
            if isinstance(operation, dict):
                walk(operation.get("requestBody", {}))
    return names


def query_parameters() -> set[str]:
    """Every query parameter a view reads (found in the source, so new ones join by themselves)."""
    from pathlib import Path

    import workshop_app
    found: set[str] = set()
    for path in Path(workshop_app.__file__).parent.rglob("*.py"):
        found |= set(re.findall(r"request\.args(?:\.get\(|\[)\s*[\"'](\w+)[\"']", path.read_text()))
    return found | {"sort", "order", "filter", "q", "page"}


def posted_fields() -> set[str]:
    """Form fields the views read without a WTForms class (request.form.get / getlist)."""
    from pathlib import Path

    import workshop_app
    found: set[str] = set()
    for path in Path(workshop_app.__file__).parent.rglob("*.py"):
        found |= set(re.findall(r"request\.form(?:\.get\(|\.getlist\(|\[)\s*[\"'](\w+)[\"']", path.read_text()))
    return found


def all_inputs(app) -> set[str]:
    return (form_fields() | posted_fields() | api_fields(app)) - {"csrf_token"}


@dataclass
class Page:
    route: Route
    status: int
    mimetype: str
    headers: dict
    body: str


def crawl(app, world: World, client, extra: tuple[str, ...] = ("/this-page-does-not-exist",)) -> list[Page]:
    """Every GET route (and a missing page) as one client; each fetched once."""
    found = routes(app, world, methods={"GET"}) + [Route(url, "-", "GET", url) for url in extra]
    pages = []
    for route in found:
        response = send(client, route)
        body = response.get_data(as_text=True) if response.mimetype in ("text/html", "application/json") else ""
        pages.append(Page(route, response.status_code, response.mimetype, dict(response.headers), body))
    return pages


@pytest.fixture(scope="module")
def crawled(app, world, clients):
    """The crawl per role, fetched lazily and kept for the module."""
    cache: dict[str, list[Page]] = {}

    def get(role: str) -> list[Page]:
        if role not in cache:
            cache[role] = crawl(app, world, clients[role])
        return cache[role]
    return get
