"""Phones' connections are written in batches (live.connections.PhoneLedger) and their live
tallies leave in turns (live.broadcaster, rooms.PHONE_SHARDS): what a reconnect storm costs less
of, without losing a row, a cap, a removal or a tally."""
from __future__ import annotations

import time

import pytest

from tests.polling import until
from workshop_app.extensions import db, socketio
from workshop_app.live import connections, rooms
from workshop_app.models import Participant, SocketConnection, Workshop
from workshop_app.services import ballots, participants
from workshop_app.services.plumbing.audit import SYSTEM

from .participant_support import add_proposal, api_join, client, in_app, make_round, open_workshop, set_workshop  # noqa: F401

PHONE_INTERVAL = 0.2


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": 0.01, "TALLY_INTERVAL_PARTICIPANT": PHONE_INTERVAL,
            "PRESENCE_INTERVAL": 0.01, "SOCKETS_PER_PARTICIPANT": 2}


def _phone(app, workshop, token):
    return socketio.test_client(app, namespace="/participant",
                                auth={"workshop": workshop.join_code, "token": token})


def _rows(app, **where) -> list[SocketConnection]:
    with in_app(app):
        return list(db.session.scalars(db.select(SocketConnection).filter_by(**where)))


def _join(client, workshop, group="politik") -> tuple[str, int]:
    body = api_join(client, workshop.join_code, group=group).get_json()
    assert body.get("token"), body
    return body["token"], body["participant"]["id"]


def test_connects_and_disconnects_reach_the_table_within_a_tick(app, client, open_workshop):
    token, person = _join(client, open_workshop)
    phone = _phone(app, open_workshop, token)
    assert phone.is_connected("/participant")
    assert until(lambda: len(_rows(app, participant_id=person)) == 1)
    [row] = _rows(app, participant_id=person)
    assert (row.audience, row.workshop_id, row.process) == ("participant", open_workshop.id,
                                                              connections.PROCESS)
    phone.disconnect("/participant")
    assert until(lambda: not _rows(app, participant_id=person))


def test_a_socket_closed_before_its_row_was_written_leaves_no_row(app, client, open_workshop):
    _token, person = _join(client, open_workshop)
    with in_app(app):
        ledger = connections.ledger()
        assert ledger.admit("sid-gone", open_workshop.id, person, cap=2)
        assert ledger.release("sid-gone") == open_workshop.id
        assert ledger.flush() == (set(), [])  # nothing to write, nothing to delete
    assert not _rows(app, participant_id=person)


def test_the_cap_counts_sockets_not_yet_written(app, client, open_workshop):
    """Two sockets per token (the app config): the third is refused even when the first two
    are still in the ledger, and a closed one frees its place."""
    token, _person = _join(client, open_workshop)
    first, second = _phone(app, open_workshop, token), _phone(app, open_workshop, token)
    third = _phone(app, open_workshop, token)
    assert first.is_connected("/participant") and second.is_connected("/participant")
    assert not third.is_connected("/participant")
    first.disconnect("/participant")
    assert _phone(app, open_workshop, token).is_connected("/participant")


def test_a_participant_removed_before_the_flush_gets_no_row_and_loses_the_room(app, client, open_workshop):
    """Another process let the phone in, then the participant was removed before its row was
    written (so the removal found no socket to drop): the flush finds them removed, writes no
    row, and names the socket to drop."""
    _token, person = _join(client, open_workshop)
    with in_app(app):
        ledger = connections.PhoneLedger()  # the other process's
        assert ledger.admit("sid-late", open_workshop.id, person, cap=2)
        participants.remove(SYSTEM, db.session.get(Workshop, open_workshop.id), [person])
        assert db.session.get(Participant, person).removed_at is not None
        workshops, gone = ledger.flush()
        assert gone == ["sid-late"] and workshops == {open_workshop.id}
        ledger.release("sid-late")
    assert not _rows(app, participant_id=person)


def test_every_phone_gets_each_tally_within_a_phone_interval_in_turns(app, client, open_workshop):
    """Phones in all shards get the running tally once per interval (not all at the same
    instant), and each tally holds every ballot acknowledged an interval before it."""
    with in_app(app):
        set_workshop(open_workshop.id, phase="vote")
        proposal = add_proposal(open_workshop.id, "Mehr Bänke im Park")
        round_id = make_round(open_workshop.id, [proposal], budget=5, live_results=True)
    people = [_join(app.test_client(), open_workshop, group)  # a phone each, no shared cookie
              for group in ("politik", "verwaltung", "zivilgesellschaft") for _ in range(4)]
    shards = {rooms.phone_shard(person) for _token, person in people}
    assert len(shards) > 1  # the phones sit in several rooms
    phones = [_phone(app, open_workshop, token) for token, _person in people]
    for phone in phones:
        phone.get_received("/participant")
    with in_app(app):
        for index, (_token, person) in enumerate(people[:6]):
            ballots.store(db.session.get(Participant, person), round_id, {proposal: 1 + index % 2})
    expected = sum(1 + index % 2 for index in range(6))
    arrived: dict[int, list] = {}

    def everyone_saw_it() -> bool:
        for index, phone in enumerate(phones):
            for event in phone.get_received("/participant"):
                if event["name"] == "tally":
                    arrived.setdefault(index, []).append((time.monotonic(), event["args"][0]))
        return all(any(t["results"][0]["points"] == expected for _at, t in arrived.get(i, []))
                   for i in range(len(phones)))

    assert until(everyone_saw_it, timeout=5)
    for phone in phones:
        phone.disconnect("/participant")


def test_each_shard_gets_a_rounds_marks_once_on_its_turn(app):
    """The broadcaster's bookkeeping of turns: a shard whose turn it is gets the rounds marked
    since its last turn, once; a round every shard has caught up with is forgotten."""
    broadcaster = app.extensions["zw_broadcaster"]
    broadcaster.phone_marks.clear(), broadcaster.phone_sent.clear()
    broadcaster.phone_marks[7] = (1, 1)  # round 7 of workshop 1, marked once
    assert broadcaster.phone_turns([0, 1]) == {7: [0, 1]}
    assert broadcaster.phone_turns([0, 1]) == {}  # nothing new for them
    broadcaster.phone_marks[7] = (1, 2)  # another ballot
    assert broadcaster.phone_turns([1, 2]) == {7: [1, 2]}
    rest = list(range(3, rooms.PHONE_SHARDS))
    assert broadcaster.phone_turns(rest) == {7: rest}
    assert 7 in broadcaster.phone_marks  # shard 0 has not seen the second mark yet
    assert broadcaster.phone_turns([0]) == {7: [0]}
    assert 7 not in broadcaster.phone_marks and 7 not in broadcaster.phone_sent
