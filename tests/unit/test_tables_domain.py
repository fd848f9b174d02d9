"""Tables: balanced seating and world-café rotation (domain/tables.py), property-tested."""
from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.errors import CODES, DomainError
from workshop_app.domain.tables import balance, check_seat_change, is_balanced, rotate, rotate_all

GROUPS = ("politik", "verwaltung", "zivil", "jugend")


@st.composite
def rooms(draw, max_people: int = 40):
    """People (id → group), a table count and current seats (some in the plenary, some at a
    table that no longer exists)."""
    n_tables = draw(st.integers(1, 8))
    ids = draw(st.lists(st.integers(1, 10_000), max_size=max_people, unique=True))
    groups = {person: draw(st.sampled_from(GROUPS)) for person in ids}
    seats = {person: draw(st.one_of(st.none(), st.integers(0, n_tables))) for person in ids}
    return groups, n_tables, seats


def _counts(groups, seating, n_tables):
    sizes = [0] * n_tables
    per_group = {g: [0] * n_tables for g in set(groups.values())}
    for person, seat in seating.items():
        sizes[seat] += 1
        per_group[groups[person]][seat] += 1
    return sizes, per_group


@settings(max_examples=300, deadline=None)
@given(rooms())
def test_balance_seats_everyone_evenly(room):
    groups, n_tables, seats = room
    seating = balance(groups, n_tables, seats)
    assert set(seating) == set(groups)
    assert all(0 <= seat < n_tables for seat in seating.values())
    sizes, per_group = _counts(groups, seating, n_tables)
    assert max(sizes) - min(sizes) <= 1
    for counts in per_group.values():
        assert max(counts) - min(counts) <= 1
    assert is_balanced(groups, seating, n_tables)


@settings(max_examples=200, deadline=None)
@given(rooms(), st.randoms(use_true_random=False))
def test_balance_is_deterministic_whatever_the_order(room, rng):
    groups, n_tables, seats = room
    items = list(groups.items())
    rng.shuffle(items)
    shuffled_seats = list(seats.items())
    rng.shuffle(shuffled_seats)
    assert balance(dict(items), n_tables, dict(shuffled_seats)) == balance(groups, n_tables, seats)


@settings(max_examples=200, deadline=None)
@given(rooms())
def test_a_balanced_seating_stays_as_it_is(room):
    groups, n_tables, seats = room
    seating = balance(groups, n_tables, seats)
    assert balance(groups, n_tables, seating) == seating


def _best_kept(groups, n_tables, seats) -> int:
    """Brute force: the most people any balanced seating keeps at their current table."""
    keys = sorted(set(groups.values()))
    people = {key: [p for p in groups if groups[p] == key] for key in keys}
    best = -1
    options = [list(itertools.combinations(range(n_tables), len(people[key]) % n_tables)) for key in keys]
    for choice in itertools.product(*options):
        load = [0] * n_tables
        for extras in choice:
            for t in extras:
                load[t] += 1
        if max(load) - min(load) > 1:
            continue
        kept = 0
        for key, extras in zip(keys, choice):
            base = len(people[key]) // n_tables
            for t in range(n_tables):
                here = sum(1 for p in people[key] if seats.get(p) == t)
                kept += min(here, base + (t in extras))
        best = max(best, kept)
    return best


@settings(max_examples=150, deadline=None)
@given(rooms(max_people=14).filter(lambda room: room[1] <= 4))
def test_balance_moves_as_few_seated_people_as_possible(room):
    groups, n_tables, seats = room
    seating = balance(groups, n_tables, seats)
    kept = sum(1 for person, seat in seating.items() if seats.get(person) == seat)
    assert kept == _best_kept(groups, n_tables, seats)


def test_a_newcomer_moves_nobody_else():
    groups = {1: "a", 2: "a", 3: "b", 4: "b"}
    seats = {1: 0, 2: 1, 3: 0, 4: 1}
    seating = balance({**groups, 5: "a"}, 2, seats)
    assert {p: seating[p] for p in seats} == seats
    assert seating[5] in (0, 1)


def test_balance_needs_tables():
    with pytest.raises(DomainError) as caught:
        balance({1: "a"}, 0)
    assert caught.value.code == "no_tables"


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 30), st.integers(-100, 100), st.data())
def test_rotation_moves_everyone_to_another_table_and_keeps_table_sizes(n_tables, step, data):
    if step % n_tables == 0:
        with pytest.raises(DomainError) as caught:
            rotate(0, step, n_tables)
        assert caught.value.code == "rotation_step"
        return
    targets = [rotate(p, step, n_tables) for p in range(n_tables)]
    assert sorted(targets) == list(range(n_tables))  # a permutation: sizes move, never merge
    assert all(target != p for p, target in enumerate(targets))
    assert all(target == (p + step) % n_tables for p, target in enumerate(targets))
    position = data.draw(st.integers(0, n_tables - 1))
    back = rotate(rotate(position, step, n_tables), -step, n_tables)
    assert back == position


@settings(max_examples=200, deadline=None)
@given(rooms())
def test_rotating_a_balanced_room_keeps_it_balanced_and_n_rotations_come_home(room):
    groups, n_tables, seats = room
    if n_tables == 1:
        with pytest.raises(DomainError):
            rotate_all({}, 1, n_tables)
        return
    seating = balance(groups, n_tables, seats)
    moved = rotate_all(seating, 1, n_tables)
    assert is_balanced(groups, moved, n_tables)
    for _ in range(n_tables - 1):
        moved = rotate_all(moved, 1, n_tables)
    assert moved == seating


def test_the_plenary_stays_in_the_plenary():
    assert rotate_all({1: None, 2: 0}, 1, 3) == {1: None, 2: 1}


def test_rotation_step_zero_is_refused():
    for step in (0, 3, -6):
        with pytest.raises(DomainError) as caught:
            rotate_all({1: 0}, step, 3)
        assert caught.value.code == "rotation_step"


def test_seats_stay_while_a_round_is_open():
    check_seat_change(round_open=False, everyone=True)
    check_seat_change(round_open=False, everyone=False)
    with pytest.raises(DomainError) as caught:
        check_seat_change(round_open=True, everyone=True)
    assert caught.value.code == "tables_round_open"
    with pytest.raises(DomainError) as caught:
        check_seat_change(round_open=True, everyone=False)
    assert caught.value.code == "seat_round_open"


def test_codes_are_catalogued():
    for code in ("no_tables", "rotation_step", "tables_round_open", "seat_round_open"):
        assert code in CODES


def test_balance_of_a_large_room_is_quick():
    rng = random.Random(7)
    groups = {person: rng.choice(GROUPS) for person in range(600)}
    seats = {person: rng.choice([None, *range(12)]) for person in groups}
    seating = balance(groups, 12, seats)
    assert is_balanced(groups, seating, 12)
