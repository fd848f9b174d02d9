"""Likely duplicates in the moderators' queue, by the phone's similarity rule (domain.similarity).

A proposal is flagged with the ids of the other open proposals (waiting, published or hidden) that
look alike. The relation is symmetric: a pair found from either side flags both. Comparisons are
remembered per process by the proposals' titles (a cache only: losing it costs time, not data), so
a console snapshot compares only what is new or was reworded since the last one.
"""
from __future__ import annotations

import threading
import time

from ...domain.phases import ProposalState
from ...domain.similarity import MAX_CANDIDATES, find_similar
from ...extensions import db
from ...models import Proposal

OPEN_STATES = (ProposalState.PENDING.value, ProposalState.PUBLISHED.value, ProposalState.HIDDEN.value)
MIN_SCORE = 80.0  # stricter than the phone's hint: a flag in the queue asks for a decision
LIMIT = 5

_lock = threading.Lock()
# workshop id → {proposal id: (title it was compared with, ids found alike then)}
_found: dict[int, dict[int, tuple[str, frozenset[int]]]] = {}


def _open_titles(workshop_id: int) -> dict[int, str]:
    rows = db.session.execute(
        db.select(Proposal.id, Proposal.title).where(
            Proposal.workshop_id == workshop_id, Proposal.state.in_(OPEN_STATES))
        .order_by(Proposal.id.desc()).limit(MAX_CANDIDATES))
    return dict(rows.all())


def _alike(proposal_id: int, title: str, titles: dict[int, str]) -> frozenset[int]:
    others = ((pid, text) for pid, text in titles.items() if pid != proposal_id)
    return frozenset(pid for pid, _score in find_similar(title, others, limit=LIMIT, min_score=MIN_SCORE))


def duplicate_map(workshop_id: int) -> dict[int, list[int]]:
    """Every open proposal that looks like another one → the ids it looks like (sorted)."""
    titles = _open_titles(workshop_id)
    with _lock:
        known = dict(_found.get(workshop_id, {}))
    stale = {pid for pid in known if pid not in titles or known[pid][0] != titles[pid]}
    for pid in stale:
        del known[pid]  # gone from the queue, or reworded: compare it again, from its side
    if stale:
        known = {pid: (title, alike - stale) for pid, (title, alike) in known.items()}
    first_look = not known
    for count, pid in enumerate(pid for pid in titles if pid not in known):
        # A first look compares each proposal with the older ones only (every pair once, as when
        # they arrived one by one); later, a new or reworded one is compared with all.
        others = {o: t for o, t in titles.items() if o < pid} if first_look else titles
        known[pid] = (titles[pid], _alike(pid, titles[pid], others))
        if count % 25 == 24:
            time.sleep(0)  # a first look at a big workshop: let the server's other clients in
    with _lock:
        _found[workshop_id] = known
    pairs: dict[int, set[int]] = {}
    for pid, (_title, alike) in known.items():
        for other in alike:
            if other in titles and other != pid:
                pairs.setdefault(pid, set()).add(other)
                pairs.setdefault(other, set()).add(pid)
    return {pid: sorted(ids) for pid, ids in pairs.items()}


def similar_to(proposal: Proposal) -> list[int]:
    """The likely duplicates of one proposal, compared from its side only (for its live event
    to the consoles, which join both sides): one comparison, never a whole workshop's, inside
    the writer's transaction."""
    if proposal.state not in OPEN_STATES:
        return []
    db.session.flush()
    return sorted(_alike(proposal.id, proposal.title, _open_titles(proposal.workshop_id)))
