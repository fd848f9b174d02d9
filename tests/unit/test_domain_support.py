"""Support through a merge and its undo (domain.support): the kept proposal counts each person
once, and the undo gives every proposal back exactly its supporters."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.support import merge_supporters, split_supporters

FAST = settings(max_examples=200, database=None, deadline=None)
PEOPLE = st.frozensets(st.integers(1, 12), max_size=8)
SOURCES = st.dictionaries(st.integers(2, 6), PEOPLE, max_size=4)


def test_a_person_supporting_several_counts_once():
    after, added = merge_supporters({2: {1, 2}, 3: {2, 3}}, {1})
    assert after == {1, 2, 3} and added == {2, 3}


@FAST
@given(SOURCES, PEOPLE)
def test_merge_is_the_union_and_undo_restores_exactly(sources, target):
    after, added = merge_supporters(sources, target)
    assert after == target.union(*sources.values())
    assert len(after) <= len(target) + sum(len(p) for p in sources.values())
    assert added.isdisjoint(target)
    restored, kept = split_supporters(sources, added, after)
    assert kept == target
    assert restored == {proposal: frozenset(people) for proposal, people in sources.items()}


@FAST
@given(SOURCES, PEOPLE, PEOPLE, PEOPLE)
def test_changes_after_the_merge_survive_the_undo(sources, target, joined, left):
    after, added = merge_supporters(sources, target)
    now = (after | joined) - left  # people supported or withdrew from the kept one meanwhile
    restored, kept = split_supporters(sources, added, now)
    assert kept == now - added  # newcomers stay; what the merge brought goes
    for proposal, people in restored.items():
        assert people <= sources[proposal] and people.isdisjoint(left - joined)
