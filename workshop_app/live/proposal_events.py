"""Coalesced ``proposal`` events: at most one push per workshop every ``PROPOSAL_INTERVAL``.

A proposal event marks the proposal dirty in its workshop's batch; the newest state of each
proposal wins (by workshop ``version``; at equal versions the later one). The first event after a
quiet interval goes out at once (no added latency in a normal room); events that follow within
the interval wait in the batch, which the broadcaster's loop sends when the interval is over. A
participant editing 75 times a second then costs a handful of pushes, not 75 × clients, and the
last state is always pushed: a batch is only ever emptied by sending it. Before any other event of
the workshop (phase, round, settings) the broadcaster flushes the batch, so that events leave in
the order of their versions.

Every event of a burst that skipped versions carries ``since``: the workshop version before the
burst (clients treat ``version > V + 1`` as a gap only when ``since > V``).

Audiences (DESIGN §5 shape ``{"id", "title", "field", "state", "version"}``):
* moderators get everything the staff payload holds (body, author, merged_into, pending edit);
* screens and phones get a published proposal's card (id, title, field, state) or, of any other
  state, only that it left the list (id, state). Staff-only events (a participant's pending edit,
  a rejected edit: the room's wording is unchanged) reach moderators alone; when a batch ends in
  such a version, phones and screens get a bare ``workshop`` event ``{"version", "since"?}``
  instead, so that every version reaches every audience (no gap, no state fetch).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..domain.measures import ProposalKind
from ..domain.phases import ProposalState
from . import rooms

CARD_KEYS = ("id", "title", "field", "state", "supporters",  # supporters: services.support
             "table")  # the table it was written at (services.tables)
#: A measure proposal's card also names its goal and the suggestions (services.measures).
MEASURE_KEYS = ("number", "kind", "parent", "responsible", "timeframe")


def public_payload(proposal: dict[str, Any]) -> dict[str, Any]:
    """What phones and screens may know of a proposal: its card if published, else its state."""
    if proposal.get("state") == ProposalState.PUBLISHED:
        keys = CARD_KEYS + MEASURE_KEYS if proposal.get("kind") == ProposalKind.MEASURE else CARD_KEYS
        # The first four always; the later additions when the payload has them (the staff
        # payload always does; a bare card keeps its plain shape).
        return {key: proposal.get(key) for key in keys if key in proposal or key in CARD_KEYS[:4]}
    return {"id": proposal["id"], "state": proposal["state"]}


@dataclass
class _Entry:
    version: int
    payload: dict[str, Any]
    public: bool  # whether phones and screens hear of it (any merged event was public)


class ProposalEvents:
    def __init__(self, emit: Callable[..., None], interval: float,
                 screen_payload: Callable[[dict], dict] = public_payload) -> None:
        self.emit = emit  # Broadcaster.emit(event, payload, workshop_id, namespaces)
        self.interval = interval
        self.screen_payload = screen_payload
        self.lock = threading.RLock()  # held while a batch is sent: versions leave in order
        self.dirty: dict[int, dict[int, _Entry]] = {}  # workshop id → proposal id → newest
        self.last_push: dict[int, float] = {}  # workshop id → monotonic time of its last push
        self.since: dict[int, int] = {}  # workshop id → the version before its waiting batch

    def add(self, workshop_id: int, proposal: dict[str, Any], version: int, *,
            staff_only: bool = False) -> bool:
        """Mark the proposal dirty; send at once if the workshop was quiet. Returns whether the
        batch is still waiting (the caller makes sure the loop runs)."""
        with self.lock:
            batch = self.dirty.setdefault(workshop_id, {})
            self.since[workshop_id] = min(self.since.get(workshop_id, version - 1), version - 1)
            old = batch.get(proposal["id"])
            public = not staff_only or (old is not None and old.public)
            if old is None or version >= old.version:
                batch[proposal["id"]] = _Entry(version, proposal, public)
            else:  # an older state arrived late (another request's signal): keep the newer one
                old.public = public
            if time.monotonic() - self.last_push.get(workshop_id, float("-inf")) >= self.interval:
                self.flush(workshop_id)
                return False
            return True

    def flush(self, workshop_id: int) -> None:
        """Send the workshop's batch now (also before its other events, to keep the order)."""
        with self.lock:
            batch = self.dirty.pop(workshop_id, None)
            since = self.since.pop(workshop_id, None)
            if not batch:
                return
            self.last_push[workshop_id] = time.monotonic()
            entries = sorted(batch.values(), key=lambda e: e.version)
            for entry in entries:
                self._send(workshop_id, entry, since)
            newest = entries[-1].version
            if not any(entry.public and entry.version == newest for entry in entries):
                self._announce(workshop_id, newest, since)

    def flush_due(self) -> None:
        """The loop's tick: send every batch whose workshop's interval is over."""
        now = time.monotonic()
        with self.lock:
            due = [w for w in self.dirty
                   if now - self.last_push.get(w, float("-inf")) >= self.interval]
            for workshop_id in due:
                self.flush(workshop_id)

    def flush_all(self) -> None:
        with self.lock:
            for workshop_id in list(self.dirty):
                self.flush(workshop_id)

    @property
    def waiting(self) -> bool:
        return bool(self.dirty)

    def _announce(self, workshop_id: int, version: int, since: int | None) -> None:
        """The batch ends in a version the room has no card for (a staff-only change): phones
        and screens get it as a bare ``workshop`` event, or each would count a gap and fetch."""
        extra = {"version": version}
        if since is not None and since < version - 1:
            extra["since"] = since
        self.emit("workshop", extra, workshop_id, (rooms.SCREEN_NS, rooms.PARTICIPANT_NS))

    def _send(self, workshop_id: int, entry: _Entry, since: int | None = None) -> None:
        version = entry.version
        # ``since``: the version before the burst. The batch holds every versioned event of the
        # workshop after it (other events flush the batch first), so a client that has ``since``
        # misses nothing it needs when the burst skips versions (overwritten or staff-only
        # states). Only sent when the burst did skip, so a lone event keeps the plain shape.
        extra = {"version": version}
        if since is not None and since < version - 1:
            extra["since"] = since
        self.emit("proposal", {**entry.payload, **extra}, workshop_id, (rooms.MODERATOR_NS,))
        if entry.public:
            self.emit("proposal", {**self.screen_payload(entry.payload), **extra},
                      workshop_id, (rooms.SCREEN_NS,))
            self.emit("proposal", {**public_payload(entry.payload), **extra},
                      workshop_id, (rooms.PARTICIPANT_NS,))
