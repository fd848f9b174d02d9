"""A light phone: asyncio + aiohttp speaking Engine.IO v4 / Socket.IO v5 over WebSocket directly.

One process holds thousands of these (no thread per client, no polling fallback), so the load
generator is not what limits a benchmark. Used by the benchmarks (bench/live.py, bench/room.py)
and the live tests (durability, scale-out, pentest).

Wire format (Engine.IO v4): the server opens with ``0{"sid",...,"pingInterval"}``; it pings with
``2`` and we answer ``3``; Socket.IO packets ride in Engine.IO messages (``4``): connect
``40/ns,{auth}``, connected ``40/ns,{"sid"}``, refused ``44/ns,{...}``, event
``42/ns,["name",payload]`` (Engine.IO type ``4``, then Socket.IO type, then namespace).
"""
from __future__ import annotations

import asyncio
import json
import time
import zlib
from collections.abc import Callable
from typing import Any

import aiohttp

Handler = Callable[[str, Any, float], None]


class SocketError(RuntimeError):
    pass


class SioClient:
    """One Socket.IO connection to one namespace. ``on_event(name, payload, received_at)``."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, namespace: str,
                 auth: dict, on_event: Handler | None = None) -> None:
        self.session = session
        self.url = base_url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.namespace = namespace
        self.auth = auth
        self.on_event = on_event
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task | None = None
        self.connected = asyncio.Event()
        self.closed = asyncio.Event()
        self.refused: Any = None
        self.snapshots = 0
        self.events_seen = 0
        self.bytes_in = 0  # text the server sent on this socket (frames' payload, not TCP overhead)
        # Bytes on the wire. Browsers offer permessage-deflate and the server (simple-websocket,
        # wsproto) accepts it, so this client offers it too. aiohttp hands over inflated text
        # only, so the compressed size is re-derived: one raw deflate stream per connection with
        # context takeover and a sync flush per message, as the extension frames it (the 4-byte
        # flush tail is not sent). Costs client CPU, so benchmarks switch it on for a sample.
        self.wire: Any = None
        self.wire_bytes_in = 0

    def measure_wire(self) -> None:
        self.wire = zlib.compressobj(wbits=-zlib.MAX_WBITS)

    async def connect(self, timeout: float = 30) -> None:
        self.connected.clear()
        self.closed.clear()
        self.ws = await self.session.ws_connect(self.url, timeout=aiohttp.ClientWSTimeout(ws_close=5),
                                                autoping=False, max_msg_size=4 * 1024 * 1024,
                                                compress=15)
        opening = await asyncio.wait_for(self.ws.receive(), timeout)
        if opening.type != aiohttp.WSMsgType.TEXT or not opening.data.startswith("0"):
            raise SocketError(f"no Engine.IO open packet: {opening!r}")
        await self.ws.send_str(f"40{self.namespace},{json.dumps(self.auth)}")
        self.reader = asyncio.create_task(self._read())
        _done, pending = await asyncio.wait(
            [asyncio.create_task(self.connected.wait()), asyncio.create_task(self.closed.wait())],
            timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if not self.connected.is_set():
            await self.close()
            raise SocketError(f"namespace {self.namespace} refused: {self.refused!r}")

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                data, now = message.data, time.monotonic()
                self.bytes_in += len(data)
                if self.wire is not None:
                    self.wire_bytes_in += len(self.wire.compress(data.encode())
                                              + self.wire.flush(zlib.Z_SYNC_FLUSH)) - 4
                if data == "2":
                    await self.ws.send_str("3")
                elif data.startswith("4") and data[2:].startswith(self.namespace):
                    self._packet(data[1], data[2 + len(self.namespace) + 1:], now)
                elif data.startswith("1"):  # Engine.IO close
                    break
        except (aiohttp.ClientError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.connected.clear()
            self.closed.set()

    def _packet(self, kind: str, rest: str, now: float) -> None:
        if kind == "0":
            self.connected.set()
        elif kind == "4":
            self.refused = json.loads(rest) if rest else None
            self.closed.set()
        elif kind == "1":  # the server dropped us from the namespace
            self.closed.set()
        elif kind == "2":
            self.events_seen += 1
            if self.on_event is None:  # a phone that only needs to stay connected parses nothing
                return
            start = rest.find("[")  # an ack id may precede the array
            name, *args = json.loads(rest[start:])
            if name == "snapshot":
                self.snapshots += 1
            self.on_event(name, args[0] if args else None, now)

    async def close(self) -> None:
        if self.ws is not None and not self.ws.closed:
            try:
                await self.ws.send_str(f"41{self.namespace},")
                await self.ws.close()
            except (aiohttp.ClientError, ConnectionError, RuntimeError):
                pass
        if self.reader is not None:
            self.reader.cancel()


class Phone:
    """A participant: join over HTTP, hold a /participant socket, PUT ballots with the token."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, code: str, group: str) -> None:
        self.session, self.base_url, self.code, self.group = session, base_url, code, group
        self.token: str | None = None
        self.participant_id: int | None = None
        self.socket: SioClient | None = None
        self.votes: dict[int, int] = {}     # the last ballot the server acknowledged
        self.events: list[tuple[str, Any, float]] = []
        self.keep_events = False

    async def join(self) -> float:
        """What a phone's page does: fetch the public facts (CSRF token and session cookie), then
        join. The shared session keeps no cookies, so each phone carries its own by hand."""
        started = time.monotonic()
        async with self.session.get(f"{self.base_url}/api/v1/workshops/{self.code}") as response:
            facts = await response.json()
            cookies = "; ".join(f"{k}={v.value}" for k, v in response.cookies.items())
        async with self.session.post(f"{self.base_url}/api/v1/workshops/{self.code}/join",
                                     json={"group": self.group},
                                     headers={"X-CSRFToken": facts.get("csrf_token", ""),
                                              "Cookie": cookies}) as response:
            body = await response.json()
            if response.status != 201:
                raise SocketError(f"join failed: {response.status} {body}")
        self.token = body["token"]
        self.participant_id = body["participant"]["id"]
        return time.monotonic() - started

    def _record(self, name: str, payload: Any, at: float) -> None:
        if self.keep_events:
            self.events.append((name, payload, at))

    async def connect(self, base_url: str | None = None) -> None:
        self.socket = SioClient(self.session, base_url or self.base_url, "/participant",
                                {"workshop": self.code, "token": self.token},
                                self._record if self.keep_events else None)
        await self.socket.connect()

    async def put_ballot(self, round_id: int, votes: dict[int, int], base_url: str | None = None,
                         timeout: float = 30) -> tuple[int, dict]:
        async with self.session.put(
                f"{base_url or self.base_url}/api/v1/rounds/{round_id}/ballot",
                json={"votes": {str(k): v for k, v in votes.items()}},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=aiohttp.ClientTimeout(total=timeout)) as response:
            return response.status, await response.json(content_type=None)

    async def state(self) -> dict:
        async with self.session.get(f"{self.base_url}/api/v1/workshops/{self.code}/state",
                                    headers={"Authorization": f"Bearer {self.token}"}) as response:
            return await response.json()


def new_session() -> aiohttp.ClientSession:
    """One pooled session for many clients; no per-host connection cap."""
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, limit_per_host=0),
                                 cookie_jar=aiohttp.DummyCookieJar(),
                                 timeout=aiohttp.ClientTimeout(total=60))
