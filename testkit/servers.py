"""Start the real server (`python -m workshop_app`) in a subprocess for tests and benchmarks, on a
fresh database of either backend.

The tests that need real concurrency, real sockets or a browser talk to this process over
loopback, exactly as phones would; the benchmarks measure it.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TEST_SECRET = "live-server-test-secret-" + "y" * 32
PG_ADMIN = os.environ.get("ZW_TEST_PG_ADMIN", "postgresql://127.0.0.1:5432/postgres")
#: Benchmarks and load tests simulate a whole venue behind one address: lift the per-address join
#: limit there, and the default participant cap (up to 2,000 phones join one workshop).
BENCH_INSTANCE_CONFIG = 'JOIN_RATE_LIMIT = "1000000 per minute"\nPARTICIPANT_CAP_DEFAULT = 1000000\n'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_in(instance: Path | str, config: dict):
    """An app of this process with its own instance folder (``WORKSHOP_INSTANCE_PATH`` only for
    the factory's call, so that no later app inherits it)."""
    from workshop_app import create_app

    os.environ["WORKSHOP_INSTANCE_PATH"] = str(instance)
    try:
        return create_app(config)
    finally:
        del os.environ["WORKSHOP_INSTANCE_PATH"]


def create_schema(database_uri: str, instance: Path) -> None:
    """Create missing tables (idempotent) the way the tests do, in this process."""
    from workshop_app.extensions import db

    app = app_in(instance, {"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": TEST_SECRET})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()


@dataclass
class ServerProcess:
    url: str
    port: int
    process: subprocess.Popen
    instance: Path
    log: Path
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)

    def stop(self, timeout: float = 10) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def restart(self) -> ServerProcess:
        """Start again on the same port and database (after kill or stop)."""
        return _launch(self.args, self.env, self.port, self.instance, self.log)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_server(database_uri: str, *, env: dict[str, str] | None = None, async_mode: str = "gevent",
                 port: int | None = None, instance: Path | None = None,
                 create: bool = True) -> ServerProcess:
    instance = instance or Path(tempfile.mkdtemp(prefix="zw-instance-"))
    if create:
        create_schema(database_uri, instance)
    port = port or free_port()
    server_env = {
        **os.environ,
        "DATABASE_URL": database_uri,
        "SECRET_KEY": TEST_SECRET,
        "WORKSHOP_INSTANCE_PATH": str(instance),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "PYTHONPATH": str(ROOT),
        **(env or {}),
    }
    args = [sys.executable, "-m", "workshop_app", "--host", "127.0.0.1", "--port", str(port),
            "--no-migrate", "--async-mode", async_mode]
    return _launch(args, server_env, port, instance, instance / "server.log")


def _launch(args, env, port, instance, log) -> ServerProcess:
    handle = open(log, "ab")  # noqa: SIM115 — kept open for the child's lifetime
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
    server = ServerProcess(f"http://127.0.0.1:{port}", port, process, instance, log, args, env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{server.output()}")
        try:
            if requests.get(server.url + "/healthz", timeout=1).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"server did not become ready:\n{server.output()}")


# --- databases and groups of servers -----------------------------------------------------------

def new_database(backend: str, workdir: Path) -> tuple[str, Callable[[], None]]:
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
