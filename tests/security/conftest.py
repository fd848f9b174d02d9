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
from dataclasses import dataclass

import pytest

from testkit.worlds import PASSWORD, Room, World, build_world  # noqa: F401  (PASSWORD: the tests import it from here)
from tests.conftest import _database_uri, _truncate_all, make_app
from workshop_app.extensions import db
from workshop_app.models import (
    AuditEvent,
    Ballot,
    Goal,
    Measure,
    Participant,
    Proposal,
    StakeholderGroup,
    User,
    Vote,
    VotingRound,
    Workshop,
    WorkshopModerator,
)

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


# --- the world (testkit/worlds.py) --------------------------------------------------------------

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
    """Form fields the views read (request.form.get / getlist / [...]): every form of the app."""
    from pathlib import Path

    import workshop_app
    found: set[str] = set()
    for path in Path(workshop_app.__file__).parent.rglob("*.py"):
        found |= set(re.findall(r"request\.form(?:\.get\(|\.getlist\(|\[)\s*[\"'](\w+)[\"']", path.read_text()))
    return found


def all_inputs(app) -> set[str]:
    return (posted_fields() | api_fields(app)) - {"csrf_token"}


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
