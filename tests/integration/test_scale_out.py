"""Scale-out: two real server processes share the real PostgreSQL and one Redis queue.

A ballot written through process A reaches a screen connected to process B as a tally, and a
phase change made on B reaches a phone connected to A — nothing the room sees is process-local.
"""
from __future__ import annotations

import asyncio
import time

import pytest
import requests

from testkit.loadclient import Phone, SioClient, new_session
from testkit.servers import new_database, start_servers
from testkit.worlds import arrange

pytestmark = pytest.mark.backends("postgres")
REDIS_DB = 11


@pytest.fixture
def two_servers(backend, tmp_path):
    uri, drop = new_database(backend, tmp_path)
    servers = start_servers(uri, 2, redis_db=REDIS_DB)
    try:
        yield servers, arrange(uri, live_results=True)  # the screen shows (and gets) tallies
    finally:
        for server in servers:
            server.stop()
        drop()


async def _wait_for(events: list, predicate, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, payload, _at in events:
            if predicate(name, payload):
                return payload
        await asyncio.sleep(0.02)
    raise AssertionError(f"no matching event within {timeout} s; got {[e[0] for e in events]}")


def test_ballot_on_a_reaches_screen_on_b_and_phase_on_b_reaches_phone_on_a(two_servers):
    (a, b), arr = two_servers
    proposal = arr.proposal_ids[0]

    async def scenario():
        async with new_session() as session:
            screen_events: list = []
            screen = SioClient(session, b.url, "/screen", {"token": arr.screen_secret},
                               lambda *event: screen_events.append(event))
            await screen.connect()
            phone = Phone(session, a.url, arr.code, arr.groups[0])
            phone.keep_events = True
            await phone.join()
            await phone.connect()
            status, body = await phone.put_ballot(arr.round_id, {proposal: 3})
            assert status == 200, body
            tally = await _wait_for(screen_events, lambda name, p: name == "tally" and any(
                r["proposal_id"] == proposal and r["points"] == 3 for r in p["results"]))
            assert tally["round_id"] == arr.round_id and tally["seq"] >= 1

            response = await asyncio.to_thread(
                requests.patch, f"{b.url}/api/v1/workshops/{arr.code}", json={"phase": "results"},
                headers={"Authorization": f"Bearer {arr.api_key}"}, timeout=10)
            assert response.status_code == 200, response.text
            phase = await _wait_for(phone.events, lambda name, p: name == "phase")
            assert phase["phase"] == "results" and phase["version"] > tally["version"]
            await screen.close()
            await phone.socket.close()

    asyncio.run(asyncio.wait_for(scenario(), 60))
    assert "Traceback" not in a.output() + b.output()
