"""The tally from the running sums (services.plumbing.tally_cells) equals the ballot-by-ballot tally —
after random ballots rewritten and withdrawn, after a merge, a reset and the migration's backfill."""
from __future__ import annotations

import random

import pytest
from flask_migrate import downgrade, upgrade

from tests.conftest import make_app
from tests.integration.test_migrations import empty_database  # noqa: F401  (fixture)
from workshop_app.domain.phases import ProposalState
from workshop_app.extensions import db
from workshop_app.models import Proposal, TallyCell, TallyGroup, VotingRound
from workshop_app.services import ballots, joining, merging, rounds
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import results

VALUES = {"dots": lambda rng: rng.randint(0, 3), "approval": lambda rng: rng.randint(0, 1),
          "rating": lambda rng: rng.randint(1, 5), "yes_no_abstain": lambda rng: rng.randint(-1, 1)}


def vote_randomly(workshop, round_id: int, method: str, seed: str, *, people: int = 30,
                  writes: int = 90) -> int:
    """People join and write, rewrite and withdraw ballots; returns the number of writes."""
    rng = random.Random(seed)
    round_ = db.session.get(VotingRound, round_id)
    proposal_ids = [item.proposal_id for item in round_.items]
    groups = [g.key for g in workshop.groups]
    voters = [joining.join(joining.JoinTarget(workshop), group_key=rng.choice(groups))[0]
              for _ in range(people)]
    for _ in range(writes):
        chosen = rng.sample(proposal_ids, rng.randint(0, min(3, len(proposal_ids))))
        ballots.store(rng.choice(voters), round_id, {p: VALUES[method](rng) for p in chosen})
    return writes


def open_round_with_proposals(workshop, method: str, budget=None, count: int = 6) -> VotingRound:
    with tx.write():
        for index in range(count):
            db.session.add(Proposal(workshop_id=workshop.id, title=f"P{index}", author_kind="moderator",
                                    state=ProposalState.PUBLISHED.value))
    return rounds.open_round(SYSTEM, rounds.create(SYSTEM, workshop.id, method=method, budget=budget).id)


def assert_sums_match_votes(round_id: int) -> None:
    round_ = db.session.get(VotingRound, round_id)
    assert results.compute(round_) == results.compute_from_ballots(round_)
    assert results.compute(round_).as_dict() == results.compute_from_ballots(round_).as_dict()


@pytest.mark.parametrize("method,budget", [("dots", 10), ("approval", None), ("rating", None),
                                           ("yes_no_abstain", None)])
def test_running_sums_equal_the_ballot_tally(ctx, make_workshop, method, budget):
    workshop = make_workshop()
    round_ = open_round_with_proposals(workshop, method, budget, count=1 if method == "yes_no_abstain" else 6)
    writes = vote_randomly(workshop, round_.id, method, f"{method}-7")
    assert_sums_match_votes(round_.id)
    assert results.compute(db.session.get(VotingRound, round_.id)).total_voters > 0
    assert results.tally_sequence(round_.id) == writes


def test_merge_recounts_and_reset_forgets(ctx, make_workshop):
    workshop = make_workshop()
    round_ = open_round_with_proposals(workshop, "dots", 10)
    vote_randomly(workshop, round_.id, "dots", "merge")
    round_ = rounds.close_round(SYSTEM, round_.id)
    source, target = [item.proposal_id for item in round_.items][:2]
    before = results.compute(db.session.get(VotingRound, round_.id))
    merging.merge_proposals(SYSTEM, workshop.id, [source], target)
    after = results.compute(db.session.get(VotingRound, round_.id))
    assert_sums_match_votes(round_.id)
    assert source not in {r.proposal_id for r in after.results}
    assert next(r.points for r in after.results if r.proposal_id == target) >= max(
        r.points for r in before.results if r.proposal_id in (source, target))
    rounds.reset_round(SYSTEM, round_.id, confirm=True)
    for model in (TallyCell, TallyGroup):
        assert db.session.scalar(db.select(db.func.count()).select_from(model)
                                 .filter_by(round_id=round_.id)) == 0


def test_migration_sums_the_votes_of_existing_rounds(empty_database, tmp_path):
    """Rounds voted before the running sums existed get them from the migration."""
    app = make_app(empty_database, tmp_path / "instance")
    try:
        with app.test_request_context():
            upgrade()
            from workshop_app.domain.phases import WorkshopState
            from workshop_app.services import processes, workshops

            process = processes.create_process(SYSTEM, municipality="Altstadt", title="FGK",
                                               template="familiengerechte_kommune")
            voted = {}
            for method in ("dots", "yes_no_abstain"):
                workshop, _secret = workshops.create_workshop(SYSTEM, process, title=method)
                with tx.write():
                    workshop.change_state(WorkshopState.OPEN)
                round_ = open_round_with_proposals(workshop, method, 10 if method == "dots" else None,
                                                   count=1 if method == "yes_no_abstain" else 4)
                voted[round_.id] = vote_randomly(workshop, round_.id, method, method, people=12, writes=30)
                rounds.close_round(SYSTEM, round_.id)
            expected = {rid: results.compute(db.session.get(VotingRound, rid)) for rid in voted}
            db.session.remove()
            app.extensions["zw_broadcaster"].stop()  # no tally read may hold the tables dropped now
            downgrade(revision="1d1971f56628")  # the schema before the running sums: votes only
            upgrade()
            for round_id, writes in voted.items():
                assert_sums_match_votes(round_id)
                assert results.compute(db.session.get(VotingRound, round_id)) == expected[round_id]
                assert results.tally_sequence(round_id) == writes
            db.session.remove()
    finally:
        app.extensions["zw_broadcaster"].stop()
        with app.app_context():
            db.engine.dispose()
