"""The simulated phones of bench/room.py: ``RoomPhone`` speaks what the shipped participant.js
speaks (draws pushed state; fetches only for its own ballot and once after a version gap),
``BaselinePhone`` what the old participant.js did (the whole page again on broadcasts)."""
from __future__ import annotations

import asyncio
import json
import re
import time

import aiohttp

from testkit.loadclient import Phone, SioClient

VERSION_AT_END = re.compile(r'"version":(\d+)')
SINCE = re.compile(r'"since":(\d+)')
PAGE_VERSION = re.compile(r'id="live"[^>]*data-version="(\d+)"')


class PhoneSocket(SioClient):
    """Parses control events in full; of a ``tally`` only its version (a phone draws it, the
    load generator need not: 2,000 phones × a tally per second would otherwise cost it a core).
    A sample of phones keeps what each tally shows (``shown``: epoch seconds and the points per
    proposal), so the bench can tell how far behind the acknowledged ballots a phone's view is."""

    shown: list | None = None

    def _packet(self, kind: str, rest: str, now: float) -> None:
        if kind == "2" and self.on_event is not None and rest.startswith('["tally"'):
            self.events_seen += 1
            if self.shown is not None:
                payload = json.loads(rest)[1]
                self.shown.append((time.time(), {row["proposal_id"]: row["points"]
                                                 for row in payload.get("results") or ()}))
            found = VERSION_AT_END.findall(rest)
            self.on_event("tally", {"version": int(found[-1]) if found else None}, now)
            return
        super()._packet(kind, rest, now)


class RoomPhone(Phone):
    """A phone of the new participant.js: draws pushed state, fetches only for itself."""

    baseline = False

    def __init__(self, *args, workshop_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cookie_name = f"zw_participant_{workshop_id}"
        self.version: int | None = None
        self.http_bytes = 0  # as sent: the compressed length where the server compressed
        self.sample_wire = False  # estimate this phone's socket bytes on the wire (see loadclient)
        self.fetches: list[tuple[str, float, float]] = []  # (what, started, finished)
        self.ready_at: float | None = None  # (a) the ballot can be drawn
        self.watch_round: int | None = None
        self.fresh_at: float | None = None  # (d) a fresh state after the storm
        self.fresh_version: int | None = None
        self.tasks: set[asyncio.Task] = set()
        self.resyncing = False

    def headers(self) -> dict:
        return {"Cookie": f"{self.cookie_name}={self.token}"}

    async def connect(self, base_url: str | None = None) -> None:
        auth = {"workshop": self.code, "token": self.token}
        if not self.baseline:  # the shipped participant.js asks for lean tallies
            auth["lean"] = True
        self.socket = PhoneSocket(self.session, base_url or self.base_url, "/participant", auth,
                                  self.on_event)
        if self.sample_wire:
            self.socket.measure_wire()
        await self.socket.connect()

    def spawn(self, coro) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def get(self, what: str, url: str) -> str | None:
        started = time.monotonic()
        try:
            async with self.session.get(url, headers=self.headers(),
                                        timeout=aiohttp.ClientTimeout(total=120)) as response:
                body = await response.read()
                self.http_bytes += (response.content_length or len(body)) + sum(
                    len(k) + len(v) + 4 for k, v in response.raw_headers)
                text = body.decode() if response.status == 200 else None
        except (TimeoutError, aiohttp.ClientError):
            return None
        self.fetches.append((what, started, time.monotonic()))
        return text

    # --- the socket ------------------------------------------------------------------------
    def on_event(self, name: str, payload, at: float) -> None:
        """live.js's version rules: a snapshot sets V; control events older than V are dropped,
        one above V + 1 (and not covered by ``since``) is a gap; tallies and presence never move
        V, and one naming a version > V is a gap only if V has not reached it after the grace."""
        incoming = payload.get("version") if isinstance(payload, dict) else None
        if name == "snapshot":
            self.version = incoming
            self.on_snapshot(payload, at)
            return
        if name in ("tally", "presence"):
            if isinstance(incoming, int) and self.version is not None and incoming > self.version:
                self.spawn(self.grace(incoming))
            self.on_push(name, payload, at)
            return
        if isinstance(incoming, int) and self.version is not None:
            since = payload.get("since")
            covered = isinstance(since, int) and since <= self.version
            if incoming > self.version + 1 and not covered:
                self.version = incoming
                self.on_gap(name, payload, at)
                return
            if incoming < self.version:
                return  # older than what the phone has
            self.version = incoming
        self.on_push(name, payload, at)

    async def grace(self, wanted: int, seconds: float = 2.0) -> None:
        await asyncio.sleep(seconds)
        if self.version is not None and self.version < wanted:
            self.on_gap("tally", {}, time.monotonic())

    def on_snapshot(self, payload, at: float) -> None:
        if self.fresh_version is not None and (payload.get("version") or 0) >= self.fresh_version:
            self.fresh_at = self.fresh_at or at

    def on_gap(self, name: str, payload, at: float) -> None:
        self.on_push(name, payload, at)
        if not self.resyncing:  # one state fetch in flight at a time
            self.resyncing = True
            self.spawn(self.resync())

    async def resync(self) -> None:
        try:
            text = await self.get("state", f"{self.base_url}/api/v1/workshops/{self.code}/state")
            if text:
                state = json.loads(text)
                self.version = max(self.version or 0, state.get("version") or 0)
                self.on_snapshot(state, time.monotonic())
        finally:
            self.resyncing = False

    def on_push(self, name: str, payload, at: float) -> None:
        if (name == "round" and payload.get("round_id") == self.watch_round
                and payload.get("state") == "open"):
            self.ready_at = self.ready_at or at

    # --- own actions -----------------------------------------------------------------------
    async def vote(self, round_id: int, votes: dict[int, int]) -> tuple[int, dict]:
        async with self.session.put(
                f"{self.base_url}/api/v1/rounds/{round_id}/ballot",
                json={"votes": {str(k): v for k, v in votes.items()}},
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=aiohttp.ClientTimeout(total=30)) as response:
            body = await response.read()
            self.http_bytes += (response.content_length or len(body)) + sum(
                    len(k) + len(v) + 4 for k, v in response.raw_headers)
            return response.status, json.loads(body or b"null")

    def bytes_in(self) -> int:
        return self.http_bytes + (self.socket.bytes_in if self.socket else 0)

    def wire_bytes_in(self) -> int:
        """HTTP as sent plus the socket's permessage-deflate size (sampled phones only)."""
        return self.http_bytes + (self.socket.wire_bytes_in if self.socket else 0)


class BaselinePhone(RoomPhone):
    """The old participant.js: the whole page again on every phase/round/workshop event, a gap, a
    snapshot of another version, and every tally while the page shows results."""

    baseline = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.page_version: int | None = None
        self.round_seen_at: float | None = None

    async def refresh(self, at: float) -> None:
        started = time.monotonic()
        html = await self.get("page", f"{self.base_url}/w/{self.code}")
        if html is None:
            return
        found = PAGE_VERSION.search(html)
        self.page_version = int(found.group(1)) if found else self.page_version
        now = time.monotonic()
        # The page fetched after the round event shows the ballot (checked on the page's content
        # it would be ambiguous: the new pages carry every control in a <template>).
        if self.round_seen_at is not None and self.ready_at is None and started >= self.round_seen_at:
            self.ready_at = now
        if self.fresh_version is not None and (self.page_version or 0) >= self.fresh_version:
            self.fresh_at = self.fresh_at or now

    def on_event(self, name: str, payload, at: float) -> None:
        """The old live.js: every event with a version moves it; a jump > 1 calls resync."""
        incoming = payload.get("version") if isinstance(payload, dict) else None
        if name == "snapshot":
            self.version = incoming
            self.on_snapshot(payload, at)
            return
        if isinstance(incoming, int):
            if self.version is not None and incoming > self.version + 1:
                self.version = incoming
                self.on_gap(name, payload, at)
                return
            if self.version is None or incoming > self.version:
                self.version = incoming
        self.on_push(name, payload, at)

    def on_snapshot(self, payload, at: float) -> None:
        if self.page_version is None:
            self.page_version = payload.get("version")  # the page was loaded just before
        if payload.get("version") != self.page_version:
            self.spawn(self.refresh(at))
        else:
            super().on_snapshot(payload, at)

    def on_gap(self, name: str, payload, at: float) -> None:
        self.on_push(name, payload, at)
        self.spawn(self.refresh(at))

    def on_push(self, name: str, payload, at: float) -> None:
        """Phones receive a tally only while results are visible to them, which is exactly when
        the old page showed #results-table (and so re-fetched on every tally)."""
        if (name == "round" and payload.get("round_id") == self.watch_round
                and payload.get("state") == "open"):
            self.round_seen_at = self.round_seen_at or at
        if name in ("phase", "round", "workshop", "tally"):
            self.spawn(self.refresh(at))
