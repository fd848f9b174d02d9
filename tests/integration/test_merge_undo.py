"""Issue 14, item 9: a merge can be undone (split back) and every vote is exactly as before the
merge — each ballot (so every budget), paper counts, the round's proposals, the tally — audited,
pushed live, refused when that is no longer possible. Both databases."""
from __future__ import annotations

import pytest

from tests.integration.moderator_support import add_participant, signed_in, vote
from workshop_app import events
from workshop_app.domain.errors import DomainError
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Ballot, PaperVote, Proposal, ProposalMerge, RoundItem, Vote, VotingRound
from workshop_app.services import merging, moderation, paper, participants, rounds, voting_flow
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import results

METHODS = {
    "dots": ({"budget": 5, "max_per_proposal": 3},
             [{0: 2, 1: 2, 2: 1}, {1: 3, 2: 2}, {0: 3, 1: 2}, {2: 1}]),
    "approval": ({"budget": 2}, [{0: 1, 1: 1}, {1: 1, 2: 1}, {0: 1}]),
    "rating": ({}, [{0: 2, 1: 5, 2: 3}, {1: 1}, {0: 4, 2: 5}]),
}


def _snapshot(round_id: int) -> dict:
    db.session.expire_all()
    round_ = db.session.get(VotingRound, round_id)
    outcome = results.compute(round_)
    return {
        "votes": sorted(tuple(r) for r in db.session.execute(
            db.select(Vote.ballot_id, Vote.proposal_id, Vote.value).where(Vote.round_id == round_id))),
        "paper": sorted(tuple(r) for r in db.session.execute(
            db.select(PaperVote.group_id, PaperVote.proposal_id, PaperVote.points)
            .where(PaperVote.round_id == round_id))),
        "items": sorted(tuple(r) for r in db.session.execute(
            db.select(RoundItem.proposal_id, RoundItem.position).where(RoundItem.round_id == round_id))),
        "ballot_totals": sorted(tuple(r) for r in db.session.execute(
            db.select(Vote.ballot_id, db.func.sum(Vote.value)).where(Vote.round_id == round_id)
            .group_by(Vote.ballot_id))),
        "tally": sorted((r.proposal_id, r.points, r.voters) for r in outcome.results),
    }


def _voted_round(workshop, method: str):
    settings, ballots = METHODS[method]
    ids = [moderation.add(SYSTEM, workshop.id, title=t).id
           for t in ("Mehr Bänke im Park", "Mehr Sitzbänke im Stadtpark", "Bessere Busse")]
    round_ = rounds.create(SYSTEM, workshop.id, method=method, **settings)
    voting_flow.start_voting(SYSTEM, round_.id)
    groups = ("politik", "verwaltung", "zivilgesellschaft", "politik")
    people = []
    for group, ballot in zip(groups, ballots):
        person, _secret = add_participant(workshop.id, group)
        vote(person, round_.id, {ids[k]: v for k, v in ballot.items()})
        people.append(person)
    rounds.close_round(SYSTEM, round_.id)
    return round_, ids, people


@pytest.mark.parametrize("method", sorted(METHODS))
def test_split_restores_every_vote_exactly(ctx, app, make_workshop, method):
    workshop = make_workshop()
    round_, (a, b, _c), _people = _voted_round(workshop, method)
    if method != "rating":
        paper.record(SYSTEM, db.session.get(VotingRound, round_.id), "politik", 2, {a: 1, b: 2} if method == "dots"
                     else {a: 1, b: 1})
    before = _snapshot(round_.id)
    merging.merge_proposals(SYSTEM, workshop.id, [b], a)
    merged = _snapshot(round_.id)
    assert merged != before and b not in {p for _b, p, _v in merged["votes"]}
    pushed = []
    handler = lambda _sender, **payload: pushed.append(payload)  # noqa: E731
    events.proposal_changed.connect(handler, sender=app)
    events.ballot_stored.connect(handler, sender=app)
    try:
        split_off = merging.split(SYSTEM, workshop.id, b)
    finally:
        events.proposal_changed.disconnect(handler, sender=app)
        events.ballot_stored.disconnect(handler, sender=app)
    assert [p.id for p in split_off] == [b]
    assert _snapshot(round_.id) == before  # votes, budgets, paper, items and tally exactly as before
    proposal = db.session.get(Proposal, b)
    assert (proposal.state, proposal.merged_into_id) == ("published", None)
    record = db.session.scalar(db.select(ProposalMerge))
    assert record.undone_at is not None
    audit = db.session.scalar(db.select(AuditEvent).filter_by(action="proposal.split"))
    assert audit.before == {"merge": record.id, "sources": [b], "into": a}
    assert audit.after["rounds"] == [round_.id]
    assert {p["proposal"]["id"] for p in pushed if "proposal" in p} == {a, b}  # live push to consoles
    assert {p["round_id"] for p in pushed if "round_id" in p} == {round_.id}  # and a fresh tally
    with pytest.raises(DomainError) as again:
        merging.split(SYSTEM, workshop.id, b)
    assert again.value.code == "merge_not_recorded"


def test_split_brings_back_each_state_and_keeps_a_removed_voter_out(ctx, make_workshop):
    workshop = make_workshop()
    round_, (a, b, c), people = _voted_round(workshop, "dots")
    extra = moderation.add(SYSTEM, workshop.id, title="Noch eine Bank").id
    moderation.hide(SYSTEM, workshop.id, extra)
    merging.merge_proposals(SYSTEM, workshop.id, [b, extra], a)
    participants.remove(SYSTEM, workshop, [people[1].id])  # ballot stuffing found after the merge
    merging.split(SYSTEM, workshop.id, extra)  # any proposal of the merge undoes all of it
    db.session.expire_all()
    assert db.session.get(Proposal, b).state == "published"
    assert db.session.get(Proposal, extra).state == "hidden"
    by_person = {row.participant_id: {v.proposal_id: v.value for v in row.votes}
                 for row in db.session.scalars(db.select(Ballot).where(Ballot.round_id == round_.id))}
    _settings, ballots = METHODS["dots"]
    ids = {0: a, 1: b, 2: c}
    assert by_person == {person.id: {ids[k]: v for k, v in ballot.items()}
                         for index, (person, ballot) in enumerate(zip(people, ballots)) if index != 1}


def test_split_is_refused_when_it_cannot_be_exact(ctx, make_workshop):
    workshop = make_workshop()
    round_, (a, b, _c), _people = _voted_round(workshop, "dots")
    merging.merge_proposals(SYSTEM, workshop.id, [b], a)
    paper.record(SYSTEM, db.session.get(VotingRound, round_.id), "verwaltung", 1, {a: 2})  # after the merge
    merged = _snapshot(round_.id)
    with pytest.raises(DomainError) as refused:
        merging.split(SYSTEM, workshop.id, b)
    assert refused.value.code == "merge_changed_since" and refused.value.params["round"] == round_.id
    assert _snapshot(round_.id) == merged and db.session.get(Proposal, b).state == "merged"


def test_later_merges_are_undone_first(ctx, make_workshop):
    workshop = make_workshop()
    round_, (a, b, c), _people = _voted_round(workshop, "dots")
    before = _snapshot(round_.id)
    merging.merge_proposals(SYSTEM, workshop.id, [b], a)
    merging.merge_proposals(SYSTEM, workshop.id, [a], c)
    with pytest.raises(DomainError) as refused:
        merging.split(SYSTEM, workshop.id, b)
    assert refused.value.code == "merge_target_merged"
    merging.split(SYSTEM, workshop.id, a)
    merging.split(SYSTEM, workshop.id, b)
    assert _snapshot(round_.id) == before


def test_split_refused_while_a_round_with_them_is_open(ctx, make_workshop):
    workshop = make_workshop()
    a, b = (moderation.add(SYSTEM, workshop.id, title=t).id for t in ("Eins", "Zwei"))
    merging.merge_proposals(SYSTEM, workshop.id, [b], a)
    round_ = rounds.create(SYSTEM, workshop.id, method="dots", budget=3)
    rounds.open_round(SYSTEM, round_.id)
    with pytest.raises(DomainError) as refused:
        merging.split(SYSTEM, workshop.id, b)
    assert refused.value.code == "merge_round_open"
    rounds.close_round(SYSTEM, round_.id)
    merging.split(SYSTEM, workshop.id, b)
    assert db.session.get(Proposal, b).state == "published"


def test_split_through_the_form_and_the_api(client, make_user, make_workshop):
    token = signed_in(client, make_user)
    workshop = make_workshop()
    a, b, c = (moderation.add(SYSTEM, workshop.id, title=t).id for t in ("Eins", "Zwei", "Drei"))
    merging.merge_proposals(SYSTEM, workshop.id, [b, c], a)
    base = f"/moderate/{workshop.join_code}"
    page = client.get(base).get_data(as_text=True)
    assert f'action="{base}/proposals/{b}/split"' in page
    answer = client.post(f"{base}/proposals/{b}/split", data={"csrf_token": token},
                         headers={"Accept": "application/json"})
    assert answer.status_code == 200 and "2" in answer.get_json()["message"]
    states = {p["id"]: p["state"] for p in answer.get_json()["state"]["proposals"]}
    assert states[b] == states[c] == "published"
    merging.merge_proposals(SYSTEM, workshop.id, [c], a)
    api = client.post(f"/api/v1/proposals/{c}/split", headers={"X-CSRFToken": token})
    assert api.status_code == 200 and api.get_json()["proposals"][0]["state"] == "published"
    not_merged = client.post(f"/api/v1/proposals/{a}/split", headers={"X-CSRFToken": token})
    assert not_merged.status_code == 422 and not_merged.get_json()["error"]["code"] == "merge_not_recorded"
