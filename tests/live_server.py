"""Start the real server (`python -m workshop_app`) in a subprocess for tests and benchmarks.

The tests that need real concurrency, real sockets or a browser talk to this process over
loopback, exactly as phones would.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TEST_SECRET = "live-server-test-secret-" + "y" * 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_schema(database_uri: str, instance: Path) -> None:
    """Create missing tables (idempotent) the way the tests do, in this process."""
    from workshop_app import create_app
    from workshop_app.extensions import db

    os.environ["WORKSHOP_INSTANCE_PATH"] = str(instance)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": TEST_SECRET})
    finally:
        del os.environ["WORKSHOP_INSTANCE_PATH"]
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
