"""The live layer under load in miniature: coalesced tallies, versions, the naive baseline,
presence counts and revocation of a signed-out moderator's socket."""
from __future__ import annotations

import time

import pytest

from tests.conftest import csrf_token_from, login
from tests.polling import until
from workshop_app.domain.phases import ProposalState
from workshop_app.extensions import db, socketio
from workshop_app.models import Proposal, Role
from workshop_app.services import ballots, joining, rounds
from workshop_app.services import room as room_service
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM

INTERVAL = 0.2


@pytest.fixture
def app_config():
    return {"TALLY_INTERVAL_SCREEN": INTERVAL, "TALLY_INTERVAL_PARTICIPANT": INTERVAL,
            "PRESENCE_INTERVAL": 0.05}


@pytest.fixture
def room(ctx, make_workshop):
    workshop = make_workshop()
    with tx.write():
        for title in ("Spielplatz", "Radweg", "Jugendtreff"):
            db.session.add(Proposal(workshop_id=workshop.id, title=title, author_kind="moderator",
                                    state=ProposalState.PUBLISHED.value))
    # Live results in the vote phase: the screen shows (and so receives) the tally.
    round_ = rounds.open_round(SYSTEM, rounds.create(SYSTEM, workshop.id, method="dots", budget=100,
                                                     max_per_proposal=50, live_results=True).id)
    room_service.change_phase(SYSTEM, workshop.id, "vote")
    people = [joining.join(joining.JoinTarget(workshop), group_key=key)
              for key in ("politik", "verwaltung", "zivilgesellschaft") * 2]
    proposal_ids = [item.proposal_id for item in round_.items]
    return workshop, round_.id, proposal_ids, people


def _screen(app, workshop):
    client = socketio.test_client(app, namespace="/screen", auth={"token": workshop.screen_secret})
    assert client.is_connected("/screen")
    client.get_received("/screen")  # the snapshot
    return client


def _events(client, namespace, name, into: list) -> list:
    into.extend(e["args"][0] for e in client.get_received(namespace) if e["name"] == name)
    return into


def test_many_ballots_in_one_interval_give_few_tallies_with_growing_versions(app, room):
    workshop, round_id, proposal_ids, people = room
    screen = _screen(app, workshop)
    started = time.monotonic()
    last: dict[int, int] = {}
    for number in range(1, 41):  # 40 ballot writes, as fast as the database takes them
        participant, _secret = people[number % len(people)]
        last[participant.id] = number // len(people) + 1
        ballots.store(participant, round_id, {proposal_ids[0]: last[participant.id]})
    elapsed = time.monotonic() - started
    tallies: list = []
    assert until(lambda: _events(screen, "/screen", "tally", tallies) and tallies[-1]["seq"] == 40)
    assert len(tallies) <= elapsed / INTERVAL + 3, (len(tallies), elapsed)
    # Two audiences get tallies (live results are on: staff and phones), each once per interval.
    assert app.extensions["zw_broadcaster"].emits <= 2 * (elapsed / INTERVAL + 4)
    order = [(t["version"], t["seq"]) for t in tallies]
    assert order == sorted(order)  # monotonic: a client can drop anything older than it has
    assert tallies[-1]["round_id"] == round_id
    final = {r["proposal_id"]: r["points"] for r in tallies[-1]["results"]}
    assert final[proposal_ids[0]] == sum(last.values())
    screen.disconnect("/screen")


@pytest.mark.parametrize("app_config", [{"NAIVE_BROADCAST": True, "TALLY_INTERVAL_SCREEN": 5}])
def test_naive_baseline_emits_one_tally_per_ballot_to_everyone(app, room):
    workshop, round_id, proposal_ids, people = room
    screen = _screen(app, workshop)
    participant, secret = people[0]
    phone = socketio.test_client(app, namespace="/participant",
                                 auth={"workshop": workshop.join_code, "token": secret})
    phone.get_received("/participant")
    for value in range(1, 11):
        ballots.store(participant, round_id, {proposal_ids[1]: value})
    screen_tallies = _events(screen, "/screen", "tally", [])
    phone_tallies = _events(phone, "/participant", "tally", [])
    assert len(screen_tallies) == 10 and len(phone_tallies) == 10
    assert [t["seq"] for t in screen_tallies] == list(range(1, 11))


def test_presence_counts_connected_phones(app, client, make_user, room):
    """The moderators' monitor counts connected phones (the screen shows only joined/voted)."""
    workshop, _round_id, _proposals, people = room
    make_user("admin@example.org", role=Role.ADMIN)
    assert login(client, "admin@example.org").status_code in (302, 303)
    screen = socketio.test_client(app, namespace="/moderator", auth={"workshop": workshop.join_code},
                                  flask_test_client=client)
    assert screen.is_connected("/moderator")
    phones = [socketio.test_client(app, namespace="/participant",
                                   auth={"workshop": workshop.join_code, "token": secret})
              for _participant, secret in people[:3]]
    assert all(p.is_connected("/participant") for p in phones)
    seen: list = []

    def connected() -> int:
        _events(screen, "/moderator", "presence", seen)
        return sum(g["connected"] for g in seen[-1]["groups"]) if seen else -1

    assert until(lambda: connected() == 3)
    assert seen[-1]["version"] == workshop.version
    phones[0].disconnect("/participant")
    assert until(lambda: connected() == 2)


def test_signed_out_moderator_socket_is_dropped(app, client, make_user, room):
    workshop = room[0]
    make_user()
    assert login(client).status_code in (302, 303)
    moderator = socketio.test_client(app, namespace="/moderator", auth={"workshop": workshop.join_code},
                                     flask_test_client=client)
    assert moderator.is_connected("/moderator")
    response = client.post("/auth/logout", data={"csrf_token": csrf_token_from(client.get("/"))})
    assert response.status_code in (302, 303)
    assert until(lambda: not moderator.is_connected("/moderator"), 3)
