"""Support (a signal, not a vote) through a merge and its undo: pure set rules.

Merging moves every supporter of the merged proposals to the one kept; a person who supported
several counts once. What the merge added to the kept proposal is remembered, so that the undo
takes exactly those away again and gives each merged proposal back its supporters — those who
still support the kept one (whoever withdrew from it since the merge stays withdrawn).
"""
from __future__ import annotations

from collections.abc import Mapping


def merge_supporters(sources: Mapping[int, frozenset[int] | set[int]],
                     target: frozenset[int] | set[int]) -> tuple[frozenset[int], frozenset[int]]:
    """The kept proposal's supporters after the merge, and those the merge added to it."""
    moved = frozenset().union(*sources.values()) if sources else frozenset()
    added = moved - frozenset(target)
    return frozenset(target) | added, added


def split_supporters(sources: Mapping[int, frozenset[int] | set[int]], added: frozenset[int] | set[int],
                     target_now: frozenset[int] | set[int]) -> tuple[dict[int, frozenset[int]], frozenset[int]]:
    """Undo ``merge_supporters``: each merged proposal's supporters as before the merge (of
    those still supporting the kept one), and the kept one's without what the merge added."""
    still = frozenset(target_now)
    restored = {proposal: frozenset(people) & still for proposal, people in sources.items()}
    return restored, still - frozenset(added)
