"""Supporting a proposal instead of writing a duplicate (issue 17, item 1).

A participant backs a published proposal of their workshop (not their own): one row per
(proposal, participant), so supporting twice, or withdrawing what is not there, changes nothing
and answers the same. Support is a signal for the room and the moderators, never a vote: no tally
reads it. Each change moves the workshop's version and goes out as a coalesced ``proposal`` event
with the new count (``live.proposal_events``); whom a phone supports is its own business and is
only in its own snapshot and answers, never in a broadcast.

Counts leave out removed participants (``Participant.removed_at``): the moderator's answer to
stuffing takes their supports with it, like their ballots.

Merging (``services.merging``) moves supporters to the proposal kept — a participant who
supported several of the merged ones counts once — and records what it moved, so that undoing
the merge puts every row back (``carry_over`` / ``restore``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.errors import DomainError
from ..domain.phases import ProposalState, WorkshopState
from ..domain.support import merge_supporters, split_supporters
from ..extensions import db
from ..models import Participant, Proposal, ProposalSupport
from .plumbing import locking, tx

# --- reading ---------------------------------------------------------------------------------

def _counted():
    return (db.select(ProposalSupport.proposal_id, db.func.count())
            .join(Participant, Participant.id == ProposalSupport.participant_id)
            .where(Participant.removed_at.is_(None)).group_by(ProposalSupport.proposal_id))


def counts(workshop_id: int) -> dict[int, int]:
    """Supporters per proposal of the workshop (proposals without any are left out)."""
    return dict(db.session.execute(_counted().where(Participant.workshop_id == workshop_id)).all())


def count_of(proposal_id: int) -> int:
    row = db.session.execute(_counted().where(ProposalSupport.proposal_id == proposal_id)).first()
    return row[1] if row else 0


def merged_count(proposal_ids: Iterable[int]) -> int:
    """How many would support the proposal kept by a merge of these: each person once."""
    return db.session.scalar(
        db.select(db.func.count(db.distinct(ProposalSupport.participant_id)))
        .join(Participant, Participant.id == ProposalSupport.participant_id)
        .where(Participant.removed_at.is_(None), ProposalSupport.proposal_id.in_(list(proposal_ids)))) or 0


def supported_by(participant: Participant | None) -> set[int]:
    """The proposals the participant supports (their own state, like their ballot)."""
    if participant is None:
        return set()
    return set(db.session.scalars(db.select(ProposalSupport.proposal_id)
                                  .filter_by(participant_id=participant.id)))


# --- writing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SupportState:
    proposal_id: int
    supporters: int
    supported: bool

    def as_dict(self) -> dict[str, Any]:
        return {"proposal_id": self.proposal_id, "supporters": self.supporters,
                "supported": self.supported}


def _target(participant_id: int, workshop_id: int, proposal_id: Any) -> tuple[Proposal, Any]:
    if not isinstance(proposal_id, int) or isinstance(proposal_id, bool):
        raise DomainError("no_such_proposal", "no such proposal")
    workshop = locking.lock_workshop(workshop_id)
    # Read after the lock: a removal that committed meanwhile is seen (populate_existing).
    participant = db.session.get(Participant, participant_id, populate_existing=True)
    if participant is None or participant.workshop_id != workshop_id or participant.removed_at is not None:
        raise DomainError("not_joined", "Not a participant of this workshop.")
    proposal = db.session.get(Proposal, proposal_id, populate_existing=True)
    if proposal is None or proposal.workshop_id != workshop.id:
        raise DomainError("no_such_proposal", "no such proposal in this workshop")
    return proposal, workshop


def _publish(uow, workshop, proposal: Proposal) -> None:
    from .moderation import publish_event  # moderation → snapshots → support: imported late

    publish_event(uow, workshop, proposal)


def _changed(uow, workshop, proposal: Proposal) -> None:
    workshop.bump()
    _publish(uow, workshop, proposal)


def support(participant_id: int, workshop_id: int, proposal_id: Any) -> SupportState:
    """Support a published proposal of one's workshop (idempotent)."""
    with tx.write() as uow:
        proposal, workshop = _target(participant_id, workshop_id, proposal_id)
        if workshop.state != WorkshopState.OPEN.value:
            raise DomainError("workshop_not_open", "the workshop is not open")
        if proposal.participant_id == participant_id:
            raise DomainError("support_own", "one's own proposal is supported already by writing it")
        if proposal.state != ProposalState.PUBLISHED.value:
            raise DomainError("proposal_not_supportable", "only published proposals can be supported",
                              state=proposal.state)
        if db.session.get(ProposalSupport, (proposal.id, participant_id)) is None:
            db.session.add(ProposalSupport(proposal_id=proposal.id, participant_id=participant_id))
            db.session.flush()
            _changed(uow, workshop, proposal)
        return SupportState(proposal.id, count_of(proposal.id), True)


def withdraw(participant_id: int, workshop_id: int, proposal_id: Any) -> SupportState:
    """Withdraw one's support (idempotent; allowed in any state of the proposal, so that nobody
    is stuck with a support they no longer give)."""
    with tx.write() as uow:
        proposal, workshop = _target(participant_id, workshop_id, proposal_id)
        row = db.session.get(ProposalSupport, (proposal.id, participant_id))
        if row is not None:
            db.session.delete(row)
            db.session.flush()
            _changed(uow, workshop, proposal)
        return SupportState(proposal.id, count_of(proposal.id), False)


# --- merging ---------------------------------------------------------------------------------

def _people(proposal_id: int) -> frozenset[int]:
    return frozenset(db.session.scalars(db.select(ProposalSupport.participant_id)
                                        .filter_by(proposal_id=proposal_id)))


def carry_over(source_ids: Iterable[int], target_id: int) -> dict[str, Any]:
    """Move the sources' supporters to the target inside the merge's transaction
    (``domain.support.merge_supporters``); returns what the merge record keeps to undo it: the
    sources' rows and the participants the merge added to the target."""
    rows = db.session.execute(db.select(ProposalSupport.proposal_id, ProposalSupport.participant_id,
                                         ProposalSupport.created_at)
                              .where(ProposalSupport.proposal_id.in_(sorted(set(source_ids))))
                              .order_by(ProposalSupport.proposal_id, ProposalSupport.participant_id)).all()
    sources: dict[int, set[int]] = {}
    since: dict[int, datetime] = {}  # a carried support keeps the earliest of its dates
    for proposal_id, participant_id, created_at in rows:
        sources.setdefault(proposal_id, set()).add(participant_id)
        since[participant_id] = min(since.get(participant_id, created_at), created_at)
    _after, added = merge_supporters(sources, _people(target_id))
    db.session.execute(db.delete(ProposalSupport).where(ProposalSupport.proposal_id.in_(list(sources))))
    db.session.add_all(ProposalSupport(proposal_id=target_id, participant_id=pid, created_at=since[pid])
                       for pid in sorted(added))
    db.session.flush()
    return {"sources": [[p, q, at.isoformat()] for p, q, at in rows], "added": sorted(added)}


def restore(record: dict[str, Any] | None, target_id: int) -> None:
    """Undo ``carry_over`` (``domain.support.split_supporters``): what the merge added leaves the
    target, and each source gets its supporters back — those who still support the target."""
    if not record:
        return
    rows = record.get("sources", [])
    sources: dict[int, set[int]] = {}
    for proposal_id, participant_id, _at in rows:
        sources.setdefault(proposal_id, set()).add(participant_id)
    restored, _kept = split_supporters(sources, frozenset(record.get("added", [])), _people(target_id))
    if record.get("added"):
        db.session.execute(db.delete(ProposalSupport).where(
            ProposalSupport.proposal_id == target_id, ProposalSupport.participant_id.in_(record["added"])))
    db.session.add_all(ProposalSupport(proposal_id=p, participant_id=q, created_at=datetime.fromisoformat(at))
                       for p, q, at in rows if q in restored[p])
    db.session.flush()


# --- the archive -----------------------------------------------------------------------------

def supporters_by_proposal(workshop_id: int) -> dict[int, list[int]]:
    """Every support row of the workshop (removed participants' too: the archive keeps all),
    as proposal id → participant ids in order."""
    found: dict[int, list[int]] = {}
    for proposal_id, participant_id in db.session.execute(
            db.select(ProposalSupport.proposal_id, ProposalSupport.participant_id)
            .join(Participant, Participant.id == ProposalSupport.participant_id)
            .where(Participant.workshop_id == workshop_id)
            .order_by(ProposalSupport.proposal_id, ProposalSupport.participant_id)):
        found.setdefault(proposal_id, []).append(participant_id)
    return found


def removed(uow, workshop, participant_ids: list[int]) -> None:
    """Participants were removed (``services.participants``): their supports stop counting
    (``counts`` leaves them out; the rows stay for the record). The proposals they supported go
    out with their new counts, in one more version of the room."""
    affected = db.session.scalars(
        db.select(Proposal).join(ProposalSupport, ProposalSupport.proposal_id == Proposal.id)
        .where(ProposalSupport.participant_id.in_(participant_ids)).distinct()
        .order_by(Proposal.id)).all()
    if not affected:
        return
    workshop.bump()
    for proposal in affected:
        _publish(uow, workshop, proposal)
