"""Turns committed domain events into pushes; coalesces tallies and presence.

Rare events (phase, round, workshop settings) go out at once. Proposal events are coalesced per
workshop (``proposal_events``: at most one push every ``PROPOSAL_INTERVAL``, the newest state of
each proposal wins, the first after a quiet interval goes at once). Ballots never trigger a
broadcast each: a ballot marks its round dirty, and a background task emits the round's tally at
most every ``TALLY_INTERVAL_SCREEN`` seconds to screens and moderators, and every
``TALLY_INTERVAL_PARTICIPANT`` seconds to phones when results are visible to them. The cost then
grows with clients, not with votes × clients. Phones get their tallies in turns: each workshop's
phones are split into ``rooms.PHONE_SHARDS`` rooms whose due times are spread over the interval,
so each tick sends to a share of them. Sending one tally to 2,000 phones at once (a compressed
WebSocket frame each) held the screen's next tally back by 0.3–0.4 s, once a second; in turns,
each phone still gets a tally every interval and the screen waits for one share at most.
Presence counts go to staff at most every ``PRESENCE_INTERVAL`` seconds. The dirty marks are the
only process-local state, and losing them loses nothing: the next snapshot is rebuilt from the
database.

Every tally carries the workshop ``version`` and a ``seq`` derived from the stored ballots (it
grows with every ballot write), so a client that gets tallies from several processes keeps the one
with the highest ``(version, seq)`` and drops stale ones.
"""
from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask

from .. import events
from ..extensions import db
from ..models import Workshop
from ..services import measures, screen
from ..services.read_models import presence, results, snapshots
from . import connections, rooms
from .proposal_events import ProposalEvents

log = logging.getLogger(__name__)
ALL_AUDIENCES = (rooms.PARTICIPANT_NS, rooms.SCREEN_NS, rooms.MODERATOR_NS)
STAFF = (rooms.SCREEN_NS, rooms.MODERATOR_NS)
# The screen is not staff when it comes to content: it gets what it displays (services.screen).
MODERATORS, SCREENS = (rooms.MODERATOR_NS,), (rooms.SCREEN_NS,)
PHONES = (rooms.PARTICIPANT_NS,)


#: What a phone's results table draws of each row.
LEAN_ROW_KEYS = ("proposal_id", "title", "rank", "points", "voters", "balanced_score", "consensus",
                 "mean", "yes", "no", "abstain")


def lean(tally: dict) -> dict:
    """A phone's tally: the results shape with rows cut to what the phone draws (no per-group
    figures). Each phone's socket compresses each message on its own, so the bytes sent to
    2,000 phones a second are the largest cost of live results; cut by half, they leave room
    for the screen's tallies and the ballots (bench/room.py)."""
    rows = [{key: row[key] for key in LEAN_ROW_KEYS if key in row} for row in tally["results"]]
    for row, full in zip(rows, tally["results"]):
        if "places" in full:  # a ranking: the phone draws how often each place was given in total
            row["places"] = {"total": full["places"]["total"]}
    return {**tally, "results": rows}


class Broadcaster:
    def __init__(self, app: Flask, socketio) -> None:
        self.app = app
        self.socketio = socketio
        self.lock = threading.Lock()
        self.dirty_rounds: dict[int, int] = {}        # round id → workshop id, for staff
        # Rounds whose tally phones see, with a count of marks; and, per round, the count each
        # phone shard was last sent (a shard is due again one phone interval after its last turn).
        self.phone_marks: dict[int, tuple[int, int]] = {}  # round id → (workshop id, marks)
        self.phone_sent: dict[int, list[int]] = {}
        self.shard_due: list[float] = []
        self.dirty_presence: set[int] = set()
        self.started = False
        self.stopped = False
        self.task = None
        self.last_heartbeat = time.monotonic()
        self.naive = bool(app.config["NAIVE_BROADCAST"]) or os.environ.get("NAIVE_BROADCAST") == "1"
        self.emits = 0  # tallies computed (per audience), for tests and benchmarks
        self.proposals = ProposalEvents(self.emit, app.config.get("PROPOSAL_INTERVAL", 0.25),
                                        screen.proposal_payload)

    # --- subscriptions (run in the request that committed) --------------------------------
    def connect(self) -> None:
        events.phase_changed.connect(self.on_phase, sender=self.app)
        events.round_changed.connect(self.on_round, sender=self.app)
        events.proposal_changed.connect(self.on_proposal, sender=self.app)
        events.workshop_changed.connect(self.on_workshop, sender=self.app)
        events.ballot_stored.connect(self.on_ballot, sender=self.app)
        events.participant_joined.connect(self.on_joined, sender=self.app)
        events.participant_removed.connect(self.on_joined, sender=self.app)  # monitor counts change

    def emit(self, event: str, payload: dict, workshop_id: int, namespaces=ALL_AUDIENCES) -> None:
        for namespace in namespaces:
            self.socketio.emit(event, payload, to=rooms.workshop_room(workshop_id), namespace=namespace)

    def on_phase(self, _app, *, workshop_id: int, phase: str, field: int | None, version: int) -> None:
        self.proposals.flush(workshop_id)  # older proposal events first: versions stay in order
        payload = {"phase": phase, "field": field, "version": version}
        self.emit("phase", {**payload, "measures": self.room_measures(workshop_id)}, workshop_id, MODERATORS)
        self.emit("phase", {**payload, **self.screen_facts(workshop_id)}, workshop_id, SCREENS)
        self.emit("phase", {**payload, **self.phone_room(workshop_id)}, workshop_id, PHONES)

    def on_round(self, _app, *, workshop_id: int, round_id: int, state: str, version: int) -> None:
        self.proposals.flush(workshop_id)
        payload = {"round_id": round_id, "state": state, "version": version}
        facts = results.round_facts(round_id)  # the console draws the round's card from it
        self.emit("round", {**payload, "round": results.round_summary(facts) if facts else None},
                  workshop_id, MODERATORS)
        self.emit("round", {**payload, **self.screen_facts(workshop_id)}, workshop_id, SCREENS)
        self.emit("round", {**payload, **self.phone_room(workshop_id)}, workshop_id, PHONES)
        self.mark(workshop_id, round_id)

    def room_measures(self, workshop_id: int) -> dict | None:
        """The goals open for measures and their published measures (services.measures)."""
        workshop = db.session.get(Workshop, workshop_id)
        return measures.room_measures(workshop) if workshop is not None else None

    def phone_room(self, workshop_id: int) -> dict:
        """What every phone needs to draw the room after a phase or round change without a
        fetch: whether it may propose, and the public current round (items, results when
        visible). Computed once per event for all phones; their own ballot they already have."""
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None:
            return {}
        return {"collecting": snapshots.collecting(workshop),
                "round": snapshots.public_current_round(workshop),
                "measures": measures.room_measures(workshop),
                "proposing_measures": measures.open_for_measures(workshop)}

    def on_proposal(self, _app, *, workshop_id: int, proposal: dict, version: int,
                    staff_only: bool = False) -> None:
        if self.proposals.add(workshop_id, proposal, version, staff_only=staff_only):
            self.ensure_started()  # the rest of the burst leaves with the loop's next due tick

    def on_workshop(self, _app, *, workshop_id: int, version: int, **changes) -> None:
        self.proposals.flush(workshop_id)
        self.emit("workshop", {**changes, "version": version}, workshop_id,
                  (rooms.PARTICIPANT_NS, rooms.MODERATOR_NS))
        self.emit("workshop", {**screen.workshop_payload(changes), "version": version,
                               **self.screen_facts(workshop_id)}, workshop_id, SCREENS)

    def screen_facts(self, workshop_id: int) -> dict:
        """What the screens draw their panel from after a phase, round or settings change
        (services.screen.live_facts), computed once per event for all of them."""
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None or not screen.shows_screen(workshop):
            return {}
        return screen.live_facts(workshop)

    def on_ballot(self, _app, *, workshop_id: int, round_id: int) -> None:
        if self.naive:
            self.flush_round_naively(workshop_id, round_id)
            return
        self.mark(workshop_id, round_id)

    def on_joined(self, _app, *, workshop_id: int, **_ignored) -> None:
        self.mark_presence(workshop_id)

    def mark_presence(self, workshop_id: int) -> None:
        """A join, a (dis)connect or a ballot changes the participation monitor."""
        with self.lock:
            self.dirty_presence.add(workshop_id)
        self.ensure_started()

    def mark(self, workshop_id: int, round_id: int) -> None:
        with self.lock:
            self.dirty_rounds[round_id] = workshop_id
            marks = self.phone_marks.get(round_id, (workshop_id, 0))[1] + 1
            self.phone_marks[round_id] = (workshop_id, marks)
            self.dirty_presence.add(workshop_id)
        self.ensure_started()

    # --- the coalescing loop ------------------------------------------------------------------
    def ensure_started(self) -> None:
        if not self.started:
            with self.lock:
                if self.started:
                    return
                self.started = True
            self.task = self.socketio.start_background_task(self.run)

    def run(self) -> None:
        staff_interval = self.app.config["TALLY_INTERVAL_SCREEN"]
        phone_interval = self.app.config["TALLY_INTERVAL_PARTICIPANT"]
        presence_interval = self.app.config.get("PRESENCE_INTERVAL", 1.0)
        start = time.monotonic()
        self.shard_due = [start + phone_interval * k / rooms.PHONE_SHARDS
                          for k in range(rooms.PHONE_SHARDS)]
        last_presence = 0.0
        while not self.stopped:
            self.socketio.sleep(staff_interval)
            now = time.monotonic()
            shards = [k for k, due in enumerate(self.shard_due) if due <= now]
            for k in shards:
                self.shard_due[k] = max(self.shard_due[k] + phone_interval, now)
            presence_due = now - last_presence >= presence_interval
            with self.app.app_context():
                try:  # a failing flush (database restarting, say) must not end the loop
                    self.proposals.flush_due()  # from memory: goes out even without a database
                    self.flush_connections()
                    self.flush(phone_shards=shards, presence_due=presence_due)
                    if now - self.last_heartbeat >= connections.HEARTBEAT_SECONDS:
                        self.last_heartbeat = now
                        connections.heartbeat()
                except Exception:
                    log.exception("live broadcast failed")
                    db.session.rollback()
                finally:
                    db.session.remove()
            last_presence = now if presence_due else last_presence

    def flush_connections(self) -> None:
        """Write this process's phone (dis)connects (live.connections); a phone whose participant
        was removed meanwhile by another process loses the room here."""
        ledger = connections.ledger()
        if not ledger.pending:
            return
        workshops, gone = ledger.flush()
        with self.lock:
            self.dirty_presence |= workshops
        for sid in gone:
            self.socketio.server.disconnect(sid, namespace=rooms.PARTICIPANT_NS)

    def stop(self) -> None:
        """End the loop and wait for a flush in progress (its read transaction) to finish."""
        self.stopped = True
        with self.app.app_context():  # the last proposal cards may look up their language
            try:
                self.proposals.flush_all()
            finally:
                db.session.remove()
        if self.task is not None:
            self.task.join(timeout=5)

    def flush(self, *, phone_shards=range(rooms.PHONE_SHARDS), presence_due: bool = True) -> None:
        """Send what is due: the tallies of rounds marked since the last tick to staff, the
        tallies phones have not yet seen to the ``phone_shards`` whose turn it is, and presence."""
        with self.lock:
            staff, self.dirty_rounds = self.dirty_rounds, {}
            workshops: set[int] = set()
            if presence_due:
                workshops, self.dirty_presence = self.dirty_presence, set()
            phone_rounds = self.phone_turns(phone_shards)
        for round_id in set(staff) | set(phone_rounds):
            round_ = results.round_facts(round_id)
            if round_ is None:
                continue
            if round_id in staff:  # with what the screen's and console's bars draw
                self.emits += 1
                on_screen = screen.tally_on_screen(round_.workshop_id, round_id)
                self.emit("tally", self.tally_payload(round_, drawn=True), round_.workshop_id,
                          STAFF if on_screen else MODERATORS)
            if round_id in phone_rounds and results.visible_to_participants(round_):
                self.emits += 1
                payload = self.tally_payload(round_)
                slim = lean(payload)
                for shard in phone_rounds[round_id]:
                    for body, is_lean in ((payload, False), (slim, True)):
                        self.socketio.emit("tally", body, namespace=rooms.PARTICIPANT_NS,
                                           to=rooms.shard_room(round_.workshop_id, shard, lean=is_lean))
        for workshop_id in workshops:
            workshop = db.session.get(Workshop, workshop_id)
            if workshop is not None:
                summary = presence.summary(workshop)
                self.emit("presence", {**summary, "version": workshop.version}, workshop_id, MODERATORS)
                self.emit("presence", {**screen.presence_payload(summary), "version": workshop.version},
                          workshop_id, SCREENS)

    def phone_turns(self, shards) -> dict[int, list[int]]:
        """Which of the due shards have not seen each phone-marked round's latest marks (called
        under the lock); a round every shard has caught up with is forgotten."""
        turns: dict[int, list[int]] = {}
        for round_id, (_workshop_id, marks) in list(self.phone_marks.items()):
            sent = self.phone_sent.setdefault(round_id, [0] * rooms.PHONE_SHARDS)
            due = [k for k in shards if sent[k] < marks]
            for k in due:
                sent[k] = marks
            if due:
                turns[round_id] = due
            if min(sent) >= marks:
                del self.phone_marks[round_id], self.phone_sent[round_id]
        return turns

    def tally_payload(self, round_: results.RoundFacts, *, drawn: bool = False) -> dict:
        # Version and seq are read before the votes: the tally then holds at least what they count.
        return {"round_id": round_.id, "version": round_.version,
                **results.results_payload(round_, sequence=True, drawn=drawn)}

    def flush_round_naively(self, workshop_id: int, round_id: int) -> None:
        """The benchmark baseline: the full tally to every client on every vote."""
        self.emits += 1
        self.emit("tally", self.tally_payload(results.round_facts(round_id)), workshop_id)
