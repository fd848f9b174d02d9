"""Tables (stations) of a workshop: balanced seating, world-café rotation, and when seats may move.

Tables are addressed by their index 0 … n-1 in the room's order (``WorkshopTable.position``).

* :func:`balance` seats everyone so that table sizes differ by at most one and each stakeholder
  group is spread as evenly as possible (each group's count per table differs by at most one).
  Among all such seatings it keeps the most people at the table they sit at now (an exact
  min-cost flow over the groups' "one extra person" places), and it is deterministic: the same
  people and seats give the same answer, whatever order they are listed in.
* :func:`rotate` is the world café: the table at index ``p`` sends its people to ``(p + step) mod n``.
* :func:`check_seat_change` refuses moves while a voting round is open (a phone that changes
  table mid-vote would change what it is looking at while it votes).
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TypeVar

from .errors import DomainError

__all__ = ["MAX_TABLES", "balance", "check_seat_change", "is_balanced", "rotate", "rotate_all"]

#: The most tables a workshop may have (a sports hall with 50 stations is already a lot).
MAX_TABLES = 50

P = TypeVar("P", bound=Hashable)


def _check_count(n_tables: int) -> None:
    if n_tables <= 0:
        raise DomainError("no_tables", "The workshop has no tables.")


def rotate(position: int, step: int, n_tables: int) -> int:
    """The table index a person at ``position`` moves to; a step that leads everyone back to
    their own table (a multiple of the table count) is refused."""
    _check_count(n_tables)
    if step % n_tables == 0:
        raise DomainError("rotation_step", "A rotation must move people to another table.",
                          tables=n_tables)
    if not 0 <= position < n_tables:
        raise ValueError(f"position {position} outside 0..{n_tables - 1}")
    return (position + step) % n_tables


def rotate_all(seats: Mapping[P, int | None], step: int, n_tables: int) -> dict[P, int | None]:
    """Everyone's seat after a rotation; people in the plenary (None) stay there."""
    _check_count(n_tables)
    if step % n_tables == 0:
        rotate(0, step, n_tables)  # raises the refusal
    return {person: None if seat is None else rotate(seat, step, n_tables)
            for person, seat in seats.items()}


def check_seat_change(*, round_open: bool, everyone: bool) -> None:
    """Seats stay put while a voting round is open. ``everyone``: a rotation or rebalancing of the
    room (refused as ``tables_round_open``), else one person's move (``seat_round_open``)."""
    if round_open:
        if everyone:
            raise DomainError("tables_round_open", "Rotating while a round is open is not possible.")
        raise DomainError("seat_round_open", "Moving a participant during voting is not possible.")


def is_balanced(groups: Mapping[P, Hashable], seats: Mapping[P, int | None], n_tables: int) -> bool:
    """Whether everyone sits at a table, table sizes differ by at most one and each group's count
    per table differs by at most one."""
    if n_tables <= 0:
        return not groups
    sizes = [0] * n_tables
    per_group: dict[Hashable, list[int]] = {}
    for person, group in groups.items():
        seat = seats.get(person)
        if seat is None or not 0 <= seat < n_tables:
            return False
        sizes[seat] += 1
        per_group.setdefault(group, [0] * n_tables)[seat] += 1
    spreads = [sizes, *per_group.values()]
    return all(max(counts) - min(counts) <= 1 for counts in spreads)


def balance(groups: Mapping[P, Hashable], n_tables: int,
            current: Mapping[P, int | None] | None = None) -> dict[P, int]:
    """A balanced seat (table index) for every person of ``groups`` (person → group).

    ``current`` (person → index or None) are the seats now; a seating that is already balanced
    is kept as it is, and otherwise as many people as possible keep their table.
    """
    _check_count(n_tables)
    current = current or {}
    if is_balanced(groups, current, n_tables):
        return {person: int(current[person]) for person in groups}  # type: ignore[arg-type]
    members: dict[Hashable, list[P]] = {}
    for person in sorted(groups, key=_order):
        members.setdefault(groups[person], []).append(person)
    keys = sorted(members, key=_order)
    now = {key: [0] * n_tables for key in keys}
    for key in keys:
        for person in members[key]:
            seat = current.get(person)
            if seat is not None and 0 <= seat < n_tables:
                now[key][seat] += 1
    base = {key: len(members[key]) // n_tables for key in keys}
    extra = _extras({key: len(members[key]) % n_tables for key in keys}, n_tables,
                    {key: [now[key][t] > base[key] for t in range(n_tables)] for key in keys})
    seating: dict[P, int] = {}
    for key in keys:
        room = [base[key] + (t in extra[key]) for t in range(n_tables)]
        waiting = []
        for person in members[key]:  # keep whoever may stay, in a fixed order
            seat = current.get(person)
            if seat is not None and 0 <= seat < n_tables and room[seat] > 0:
                seating[person] = seat
                room[seat] -= 1
            else:
                waiting.append(person)
        free = iter(t for t in range(n_tables) for _ in range(room[t]))
        for person in waiting:
            seating[person] = next(free)
    return seating


def _order(value: Hashable) -> tuple[str, str]:
    """A total order over ids and keys of any type (ints sort numerically among themselves)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return ("0", f"{value:+021d}")
    return ("1", str(value))


def _extras(remainders: Mapping[Hashable, int], n_tables: int,
            wanted: Mapping[Hashable, list[bool]]) -> dict[Hashable, set[int]]:
    """Which tables take one more person of each group: every group ``g`` gets ``remainders[g]``
    distinct tables, every table gets ``k`` or ``k + 1`` extras in all, and as many extras as
    possible land where the group already has more than its base count (``wanted``).

    A min-cost flow (successive shortest paths, Bellman–Ford, fixed iteration order): source →
    group (capacity r_g) → table (capacity 1, cost -1 where wanted) → sink through two arcs, the
    first k units at a large negative cost (so every table reaches k) and one more at cost 0.
    """
    keys = list(remainders)
    total = sum(remainders.values())
    if total == 0:
        return {key: set() for key in keys}
    k = total // n_tables
    big = -(len(keys) * n_tables + 1)
    source, sink = 0, 1 + len(keys) + n_tables
    graph: list[list[list[int]]] = [[] for _ in range(sink + 1)]  # [to, capacity, cost, reverse]

    def arc(a: int, b: int, capacity: int, cost: int) -> None:
        graph[a].append([b, capacity, cost, len(graph[b])])
        graph[b].append([a, 0, -cost, len(graph[a]) - 1])

    for g, key in enumerate(keys):
        arc(source, 1 + g, remainders[key], 0)
        for t in range(n_tables):
            arc(1 + g, 1 + len(keys) + t, 1, -1 if wanted[key][t] else 0)
    for t in range(n_tables):
        if k:
            arc(1 + len(keys) + t, sink, k, big)
        arc(1 + len(keys) + t, sink, 1, 0)
    for _ in range(total):
        if not _augment(graph, source, sink):
            raise AssertionError("no balanced seating")  # cannot happen: one always exists
    chosen: dict[Hashable, set[int]] = {}
    for g, key in enumerate(keys):
        chosen[key] = {edge[0] - 1 - len(keys) for edge in graph[1 + g]
                       if edge[0] > len(keys) and edge[0] != source and edge[1] == 0}
    return chosen


def _augment(graph: list[list[list[int]]], source: int, sink: int) -> bool:
    """Push one unit along a cheapest path of the residual graph."""
    size = len(graph)
    infinity = float("inf")
    distance = [infinity] * size
    previous: list[tuple[int, int] | None] = [None] * size
    distance[source] = 0
    for _ in range(size - 1):
        changed = False
        for node in range(size):
            if distance[node] == infinity:
                continue
            for index, (to, capacity, cost, _reverse) in enumerate(graph[node]):
                if capacity > 0 and distance[node] + cost < distance[to]:
                    distance[to] = distance[node] + cost
                    previous[to] = (node, index)
                    changed = True
        if not changed:
            break
    if distance[sink] == infinity:
        return False
    node = sink
    while node != source:
        parent, index = previous[node]  # type: ignore[misc]
        edge = graph[parent][index]
        edge[1] -= 1
        graph[node][edge[3]][1] += 1
        node = parent
    return True
