"""Durability: ~150 phones vote against a real server that is killed with SIGKILL at a random
moment and restarted. Phones retry their ballot until it is acknowledged (a PUT replaces the whole
ballot, so a retry can never count twice) and reconnect their socket.

Checked: every acknowledged ballot is stored (the snapshot after the restart holds the last
acknowledged ballot, or the one that was in flight when the server died), the final tally equals
exactly the phones' acknowledged ballots (nothing lost, nothing counted twice), and every phone
has its snapshot again within 10 s of the restarted server answering.
"""
from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from pathlib import Path

import aiohttp
import pytest

from testkit.loadclient import Phone, SocketError, new_session
from testkit.servers import TEST_SECRET, new_database, start_servers
from testkit.worlds import Arrangement, arrange
from workshop_app.extensions import db

PHONES = 150
BALLOTS_PER_PHONE = 4
RESYNC_LIMIT = 10.0
RECONNECT_MIN, RECONNECT_MAX = 0.2, 1.0  # seconds, as the browser client
SNAPSHOT_WAIT = 5.0


class RetryingPhone:
    def __init__(self, phone: Phone, arr: Arrangement) -> None:
        self.phone, self.arr = phone, arr
        self.acked: dict[int, int] = {}
        self.in_flight: dict[int, int] | None = None
        self.resynced_at: float | None = None
        self.snapshot_ballot: dict[int, int] | None = None
        self.attempts = 0
        self.last_attempt_at = 0.0

    async def vote(self, rng: random.Random, deadline: float, back: asyncio.Event) -> None:
        for _ in range(BALLOTS_PER_PHONE):
            await back.wait()  # while the server is down (and being inspected), phones wait
            desired = dict(self.acked)
            proposal = rng.choice(self.arr.proposal_ids)
            desired[proposal] = desired.get(proposal, 0) + 1
            self.in_flight = desired
            while time.monotonic() < deadline:  # retry the same whole ballot until acknowledged
                try:
                    status, body = await self.phone.put_ballot(self.arr.round_id, desired, timeout=5)
                except (TimeoutError, aiohttp.ClientError, ConnectionError):
                    await back.wait()
                    await asyncio.sleep(rng.uniform(0.05, 0.3))
                    continue
                assert status == 200, body
                self.acked, self.in_flight = desired, None
                break
            await asyncio.sleep(rng.uniform(0, 0.2))

    async def stay_connected(self, killed: asyncio.Event, ready: dict, deadline: float) -> None:
        """After the kill, reconnect until the snapshot arrives again: what the browser client
        does (reconnection delay 0.2 s doubling to 1 s, jittered so the phones spread out)."""
        await killed.wait()
        await self.phone.socket.closed.wait()
        delay = RECONNECT_MIN
        while time.monotonic() < deadline:
            socket = None
            try:
                self.phone.events.clear()
                self.last_attempt_at = time.monotonic()
                try:  # no shorter per-attempt timeout: abandoned handshakes pile up on the server
                    await self.phone.connect()
                finally:
                    socket = self.phone.socket
                snapshot = await _first_snapshot(self.phone, SNAPSHOT_WAIT)
                self.resynced_at = time.monotonic()
                votes = snapshot["round"]["ballot"]["votes"]
                self.snapshot_ballot = {int(k): v for k, v in votes.items()}
                return
            except (TimeoutError, SocketError, aiohttp.ClientError, ConnectionError):
                self.attempts += 1
                if socket is not None:  # connected but no snapshot: never leave a socket behind
                    await socket.close()
                await asyncio.sleep(delay * random.uniform(0.5, 1.0))
                delay = min(RECONNECT_MAX, delay * 2)


async def _first_snapshot(phone: Phone, timeout: float) -> dict:
    """The snapshot is emitted in the connect handler; it usually precedes the connect ack."""
    waited = 0.0
    while waited < timeout:
        snapshot = next((p for n, p, _ in phone.events if n == "snapshot"), None)
        if snapshot is not None:
            return snapshot
        if phone.socket.closed.is_set():
            raise SocketError("closed before the snapshot")
        await asyncio.sleep(0.02)
        waited += 0.02
    raise TimeoutError("no snapshot")


@pytest.fixture
def database(backend):
    workdir = Path(tempfile.mkdtemp(prefix="zw-durability-"))
    uri, drop = new_database(backend, workdir)
    yield uri
    drop()


def test_killed_server_loses_no_acknowledged_ballot_and_counts_none_twice(database):
    server = start_servers(database, 1)[0]
    arr = arrange(database, proposals=10)
    checker = _app(database)  # built now, so that the check does not slow the phones' resync
    rng = random.Random(os.getpid())
    restarted_at: dict[str, float] = {}

    async def scenario():
        nonlocal server
        async with new_session() as session:
            phones = [RetryingPhone(Phone(session, server.url, arr.code, arr.groups[i % 3]), arr)
                      for i in range(PHONES)]
            for chunk in range(0, PHONES, 25):
                await asyncio.gather(*(p.phone.join() for p in phones[chunk:chunk + 25]))
            for p in phones:
                p.phone.keep_events = True
            started = time.monotonic()
            await asyncio.gather(*(p.phone.connect() for p in phones))
            restarted_at["first_connect"] = time.monotonic() - started
            killed, back = asyncio.Event(), asyncio.Event()
            back.set()
            deadline = time.monotonic() + 90
            voting = [asyncio.create_task(p.vote(rng, deadline, back)) for p in phones]
            watching = [asyncio.create_task(p.stay_connected(killed, restarted_at, deadline))
                        for p in phones]
            await asyncio.sleep(rng.uniform(0.2, 1.5))  # a random moment mid-vote
            back.clear()
            restarted_at["kill"] = time.monotonic()
            server.kill()
            killed.set()
            at_kill = [(p.phone.participant_id, dict(p.acked), p.in_flight and dict(p.in_flight))
                       for p in phones]
            server = await asyncio.to_thread(server.restart)
            restarted_at["ready"] = time.monotonic()
            stored = await asyncio.to_thread(_stored_ballots, checker)
            for participant_id, acked, in_flight in at_kill:  # acknowledged means stored
                assert stored.get(participant_id, {}) in (acked, in_flight)
            back.set()
            await asyncio.gather(*voting)
            await asyncio.wait_for(asyncio.gather(*watching), 60)
            for p in phones:
                await p.phone.socket.close()
            return phones, sum(1 for _p, _a, flight in at_kill if flight)

    try:
        phones, in_flight_at_kill = asyncio.run(asyncio.wait_for(scenario(), 150))
        final = _final_points(checker, arr)
    finally:
        server.stop()
        with checker.app_context():
            db.engine.dispose()

    resync = sorted(p.resynced_at - restarted_at["ready"] for p in phones if p.resynced_at)
    print(f"first connect of all phones took {restarted_at['first_connect']:.2f} s")
    print(f"restart took {restarted_at['ready'] - restarted_at['kill']:.2f} s; resync after ready: "
          f"median {resync[len(resync) // 2]:.2f} s, max {resync[-1]:.2f} s; "
          f"failed reconnect attempts {sum(p.attempts for p in phones)}; last attempt began "
          f"{max(p.last_attempt_at for p in phones) - restarted_at['ready']:.2f} s after ready")
    for p in phones:
        assert p.in_flight is None, "a phone never got its ballot acknowledged"
        assert p.resynced_at is not None, "a phone never resynced"
        assert p.resynced_at - restarted_at["ready"] <= RESYNC_LIMIT
    expected = {proposal: sum(p.acked.get(proposal, 0) for p in phones) for proposal in arr.proposal_ids}
    assert final == expected  # none lost, none counted twice
    assert sum(expected.values()) == PHONES * BALLOTS_PER_PHONE
    print(f"ballots in flight at the kill: {in_flight_at_kill}")


def _app(uri: str):
    from workshop_app import create_app

    os.environ["WORKSHOP_INSTANCE_PATH"] = tempfile.mkdtemp()
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": TEST_SECRET,
                          "SOCKETIO_ASYNC_MODE": "threading"})
    finally:
        del os.environ["WORKSHOP_INSTANCE_PATH"]
    app.extensions["zw_broadcaster"].stop()
    return app


def _stored_ballots(app) -> dict[int, dict[int, int]]:
    from workshop_app.models import Ballot, Vote

    with app.app_context():
        stored: dict[int, dict[int, int]] = {}
        for participant_id, proposal_id, value in db.session.execute(
                db.select(Ballot.participant_id, Vote.proposal_id, Vote.value)
                .join(Vote, Vote.ballot_id == Ballot.id)):
            stored.setdefault(participant_id, {})[proposal_id] = value
        return stored


def _final_points(app, arr: Arrangement) -> dict[int, int]:
    from workshop_app.models import Ballot, VotingRound
    from workshop_app.services.read_models import results

    with app.app_context():
        ballots = db.session.scalar(db.select(db.func.count()).select_from(Ballot))
        assert ballots == PHONES  # one ballot per phone, never a second row
        round_ = db.session.get(VotingRound, arr.round_id)
        counted = results.compute(round_)  # from the running sums, written with each ballot
        assert counted == results.compute_from_ballots(round_)  # ... which the kill left exact
        return {r.proposal_id: r.points for r in counted.results}
