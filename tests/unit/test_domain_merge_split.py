"""Undoing a merge (domain.merge): the state a proposal returns to, and what a round's rows must
be after the split — exactly as before the merge, or a refusal."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.ballots import RoundRules
from workshop_app.domain.errors import DomainError
from workshop_app.domain.merge import RoundImage, merge_votes, restore_image, split_state

FAST = settings(max_examples=80, database=None, deadline=None)


@pytest.mark.parametrize("previous", ["pending", "published", "hidden"])
def test_split_state_returns_the_earlier_state(previous):
    assert split_state("merged", previous).value == previous


@pytest.mark.parametrize(("current", "previous"), [("published", "published"), ("merged", "merged"),
                                                   ("merged", "withdrawn"), ("merged", "x")])
def test_split_state_refuses(current, previous):
    with pytest.raises(DomainError) as refused:
        split_state(current, previous)
    assert refused.value.code == "invalid_proposal_transition"


def test_image_json_round_trip():
    image = RoundImage(frozenset({(1, 2, 3), (4, 5, 6)}), frozenset({(7, 2, 9)}), frozenset({(2, 0)}))
    assert RoundImage.from_json(image.to_json()) == image


BALLOTS = st.dictionaries(st.integers(1, 30), st.dictionaries(st.integers(1, 4), st.integers(1, 3), max_size=4),
                          max_size=8)


@FAST
@given(BALLOTS, st.sets(st.integers(1, 30)))
def test_restore_gives_back_the_ballots_before_the_merge(ballots, removed):
    """Merge 2 and 3 into 1 by the dots rule, then restore: every surviving ballot is exactly as
    before (so within its budget as before); removed ballots stay removed."""
    rules = RoundRules.create("dots", budget=12, max_per_proposal=3)
    involved = {1, 2, 3}
    before = RoundImage(frozenset((b, p, v) for b, votes in ballots.items() for p, v in votes.items()
                                  if p in involved))
    after = RoundImage(frozenset((b, p, v) for b, votes in ballots.items()
                                 for p, v in merge_votes(rules, votes, {2, 3}, 1).items() if p in involved))
    alive = set(ballots) - removed
    current = after.of_ballots(alive)
    restored = restore_image(before, after, current, alive)
    assert restored == before.of_ballots(alive)
    for ballot in alive:
        kept = {p: v for b, p, v in restored.votes if b == ballot}
        assert kept == {p: v for p, v in ballots[ballot].items() if p in involved}


def test_restore_refuses_when_rows_changed_since():
    before = RoundImage(frozenset({(1, 1, 2), (1, 2, 2)}))
    after = RoundImage(frozenset({(1, 1, 3)}))
    for current in (RoundImage(frozenset({(1, 1, 2)})),
                    RoundImage(frozenset({(1, 1, 3)}), frozenset({(9, 1, 4)}))):
        with pytest.raises(DomainError) as refused:
            restore_image(before, after, current, {1}, round_id=5)
        assert refused.value.code == "merge_changed_since" and refused.value.params == {"round": 5}
