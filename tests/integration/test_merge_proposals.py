"""Merging proposals: preview with the rule, carry-over of votes and paper counts, refusals."""
from __future__ import annotations

import pytest

from tests.integration.moderator_support import add_participant, signed_in, vote
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, PaperVote, Proposal, ProposalMerge, RoundItem, Vote
from workshop_app.services import merging, moderation, paper, rounds
from workshop_app.services.plumbing.audit import SYSTEM


def _setup(make_workshop, titles=("A", "B", "C")):
    workshop = make_workshop()
    ids = [moderation.add(SYSTEM, workshop.id, title=t).id for t in titles]
    return workshop, ids


def test_merge_carries_votes_over_by_the_rule(ctx, make_workshop):
    workshop, (a, b, c) = _setup(make_workshop)
    round_ = rounds.create(SYSTEM, workshop.id, method="dots", budget=5, max_per_proposal=3)
    rounds.open_round(SYSTEM, round_.id)
    p1, _ = add_participant(workshop.id, "politik")
    p2, _ = add_participant(workshop.id, "verwaltung")
    vote(p1, round_.id, {a: 2, b: 2, c: 1})   # a+b = 4, capped at 3
    vote(p2, round_.id, {b: 1})               # moves to a
    with pytest.raises(Exception) as refused:
        merging.preview(workshop.id, [b], a)
    assert refused.value.code == "merge_round_open"
    rounds.close_round(SYSTEM, round_.id)
    paper.record(SYSTEM, round_, "politik", 2, {a: 3, b: 2})
    preview = merging.preview(workshop.id, [b], a)
    assert preview["rule"].startswith("When proposals are merged")
    assert preview["rounds"][0]["ballots_affected"] == 2
    assert preview["rounds"][0]["points_before"] == 5 and preview["rounds"][0]["points_after"] == 4
    assert preview["rounds"][0]["points_lost_by_cap"] == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Vote)) == 4  # nothing written
    merging.merge_proposals(SYSTEM, workshop.id, [b], a)
    merged = db.session.get(Proposal, b)
    assert (merged.state, merged.merged_into_id) == ("merged", a)
    values = {(v.ballot_id, v.proposal_id): v.value for v in db.session.scalars(db.select(Vote))}
    assert sorted(values.values()) == [1, 1, 3]
    assert b not in {pid for _, pid in values}
    items = set(db.session.scalars(db.select(RoundItem.proposal_id).filter_by(round_id=round_.id)))
    assert items == {a, c}
    paper_rows = {(r.proposal_id): r.points for r in db.session.scalars(db.select(PaperVote))}
    assert paper_rows == {a: 5}  # 3 + 2, within 2 voters × 3
    audit = db.session.scalar(db.select(AuditEvent).filter_by(action="proposal.merge"))
    assert audit.before["sources"][0]["title"] == "B" and audit.after["into"] == a
    assert audit.after["merge"] == db.session.scalar(db.select(ProposalMerge.id))  # the record to undo


def test_merge_refusals(ctx, make_workshop):
    workshop, (a, b, c) = _setup(make_workshop)
    for sources, target, code in (([a], a, "merge_into_self"), ([], a, "merge_needs_two"),
                                  (["x"], a, "invalid_choice")):
        with pytest.raises(Exception) as refused:
            merging.merge_proposals(SYSTEM, workshop.id, sources, target)
        assert refused.value.code == code
    merging.merge_proposals(SYSTEM, workshop.id, [b, c], a)
    assert {p.state for p in db.session.scalars(db.select(Proposal).where(Proposal.id.in_([b, c])))} == {"merged"}
    with pytest.raises(Exception) as refused:
        merging.merge_proposals(SYSTEM, workshop.id, [b], a)
    assert refused.value.code == "invalid_proposal_transition"


def test_merge_through_forms_and_api(client, make_user, make_workshop):
    token = signed_in(client, make_user)
    workshop, (a, b, c) = _setup(make_workshop)
    base = f"/moderate/{workshop.join_code}"
    preview = client.post(f"{base}/merge", data={"csrf_token": token, "merge": [str(b), str(c)], "into": str(a)})
    assert preview.status_code == 200 and b"Merge now" in preview.data
    assert db.session.get(Proposal, b).state == "published"
    done = client.post(f"{base}/merge/confirm", data={"csrf_token": token, "merge": [str(b)], "into": str(a)})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, b).state == "merged"
    api_preview = client.post(f"/api/v1/proposals/{c}/merge", json={"into": a, "preview": True},
                              headers={"X-CSRFToken": token})
    assert api_preview.status_code == 200 and api_preview.get_json()["sources"][0]["id"] == c
    api_merge = client.post(f"/api/v1/proposals/{c}/merge", json={"into": a}, headers={"X-CSRFToken": token})
    assert api_merge.status_code == 200 and api_merge.get_json()["id"] == a
    db.session.expire_all()
    assert db.session.get(Proposal, c).merged_into_id == a
