"""The round-indexed GROUP BY tally and the ballot-by-ballot tally agree on random rounds."""
from __future__ import annotations

import random

import pytest

from workshop_app.domain.phases import ProposalState
from workshop_app.extensions import db
from workshop_app.models import Proposal, VotingRound
from workshop_app.services import ballots, joining, results, rounds, tx
from workshop_app.services.audit import SYSTEM


@pytest.mark.parametrize("method,budget", [("dots", 10), ("approval", None), ("rating", None)])
def test_sql_aggregate_equals_ballot_tally(ctx, make_workshop, method, budget):
    rng = random.Random(f"{method}-7")
    workshop = make_workshop()
    with tx.write():
        for index in range(6):
            db.session.add(Proposal(workshop_id=workshop.id, title=f"P{index}", author_kind="moderator",
                                    state=ProposalState.PUBLISHED.value))
    round_ = rounds.open_round(SYSTEM, rounds.create(SYSTEM, workshop, method=method, budget=budget))
    proposal_ids = [item.proposal_id for item in round_.items]
    groups = [g.key for g in workshop.groups]
    for _ in range(40):
        participant, _secret = joining.join(joining.JoinTarget(workshop), group_key=rng.choice(groups))
        chosen = rng.sample(proposal_ids, rng.randint(0, 3))
        value = {"dots": lambda: rng.randint(0, 3), "approval": lambda: rng.randint(0, 1),
                 "rating": lambda: rng.randint(1, 5)}[method]
        ballots.store(participant, round_.id, {p: value() for p in chosen})
    round_ = db.session.get(VotingRound, round_.id)
    assert results.compute(round_).as_dict() == results.compute_from_ballots(round_).as_dict()
    assert results.tally_sequence(round_.id) == 40
