"""What the benchmarks and the live integration tests share: databases, servers, a workshop with an
open round, process statistics from /proc, percentiles and the result table/JSON."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.live_server import TEST_SECRET, ServerProcess, create_schema, free_port, start_server  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PG_ADMIN = os.environ.get("ZW_TEST_PG_ADMIN", "postgresql://127.0.0.1:5432/postgres")
#: Benchmarks simulate a whole venue behind one address: lift the per-address join limit there,
#: and the default participant cap (up to 2,000 phones join one workshop).
BENCH_INSTANCE_CONFIG = 'JOIN_RATE_LIMIT = "1000000 per minute"\nPARTICIPANT_CAP_DEFAULT = 1000000\n'


# --- databases ---------------------------------------------------------------------------------

def new_database(backend: str, workdir: Path) -> tuple[str, callable]:
    """A fresh database URI and a function that drops it again."""
    if backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite'}", lambda: None
    import psycopg

    name = f"zw_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = PG_ADMIN.rsplit("/", 1)[0].split("://", 1)[1]
    return f"postgresql+psycopg://{base}/{name}", drop


def bench_instance(config: str = BENCH_INSTANCE_CONFIG) -> Path:
    instance = Path(tempfile.mkdtemp(prefix="zw-bench-"))
    (instance / "config.py").write_text(config)
    return instance


def start_servers(uri: str, count: int, *, env: dict | None = None, redis_db: int = 9,
                  config: str = BENCH_INSTANCE_CONFIG, async_mode: str = "gevent") -> list[ServerProcess]:
    """``count`` single-worker processes on one database; with two or more, one Redis queue."""
    env = dict(env or {})
    if count > 1:
        import redis

        redis.Redis.from_url(f"redis://127.0.0.1:6379/{redis_db}").flushdb()
        env["SOCKETIO_MESSAGE_QUEUE"] = f"redis://127.0.0.1:6379/{redis_db}"
    servers = []
    for index in range(count):
        servers.append(start_server(uri, env=env, instance=bench_instance(config), create=index == 0,
                                    async_mode=async_mode))
    return servers


# --- the workshop under test -----------------------------------------------------------------

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
    from workshop_app import create_app
    from workshop_app.domain.phases import ProposalState, WorkshopState
    from workshop_app.extensions import db
    from workshop_app.models import Proposal, Role
    from workshop_app.services import apikeys, processes, room, rounds, tx, users, workshops
    from workshop_app.services.audit import SYSTEM, Actor

    instance = Path(tempfile.mkdtemp(prefix="zw-arrange-"))
    os.environ["WORKSHOP_INSTANCE_PATH"] = str(instance)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": TEST_SECRET,
                          "SOCKETIO_ASYNC_MODE": "threading"})
    finally:
        del os.environ["WORKSHOP_INSTANCE_PATH"]
    try:
        with app.test_request_context():
            user = users.create_user(f"mod-{uuid.uuid4().hex[:8]}@example.org", "bench password 123",
                                     role=Role.ORGANIZER)
            _key, api_key = apikeys.create_api_key(SYSTEM, user, name="bench")
            # Created by the organizer, who then owns it: organizers act on their own processes.
            owner = Actor(label=user.email, user=user, via="cli")
            process = processes.create_process(owner, municipality="Benchstadt", title="Bench",
                                               template="familiengerechte_kommune")
            workshop, _secret = workshops.create_workshop(SYSTEM, process, title="Lastprobe")
            with tx.write():
                workshop.change_state(WorkshopState.OPEN)
            with tx.write():
                for index in range(proposals):
                    db.session.add(Proposal(workshop_id=workshop.id, title=f"Vorschlag {index + 1}",
                                            author_kind="moderator",
                                            state=ProposalState.PUBLISHED.value))
            room.change_phase(SYSTEM, workshop, "vote")
            round_ = rounds.create(SYSTEM, workshop, method=method, budget=budget,
                                   max_per_proposal=max_per_proposal, live_results=live_results)
            round_ = rounds.open_round(SYSTEM, round_)
            from workshop_app.services.results import round_proposals

            return Arrangement(
                code=workshop.join_code, workshop_id=workshop.id,
                screen_secret=workshop.screen_secret, round_id=round_.id,
                proposal_ids=[p.id for p in round_proposals(round_)],
                groups=[g.key for g in workshop.groups], api_key=api_key)
    finally:
        app.extensions["zw_broadcaster"].stop()
        with app.app_context():
            db.engine.dispose()


# --- /proc -----------------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


# --- figures ---------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f}"


def print_table(rows: list[dict], columns: list[tuple[str, str]]) -> None:
    header = [title for _key, title in columns]
    body = [[_cell(row.get(key)) for key, _title in columns] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-|-".join("-" * w for w in widths))
    for line in body:
        print(" | ".join(c.ljust(w) for c, w in zip(line, widths)))


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def write_json(name: str, payload) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(payload, indent=2, default=lambda o: asdict(o)))
    return path


__all__ = ["Arrangement", "ServerProcess", "arrange", "bench_instance", "cpu_seconds", "free_port",
           "create_schema", "new_database", "percentile", "print_table", "rss_bytes",
           "start_servers", "write_json"]
