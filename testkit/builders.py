"""Building blocks for test and bench data: a process, a workshop, proposals, rounds, participants
and ballots. The worlds in testkit/worlds.py and the tests' fixtures compose them.

Where a use case exists the blocks go through the real services (processes, workshops, ballots);
states no single use case reaches in one step (a round that is already closed, a participant with a
known secret, ballots in a closed round) are written as rows, with the domain's own transitions
(``apply``, ``change_state``) and rules (``round.rules``). Every block runs in ``tx.write()``, which
joins a transaction already open, so blocks compose into one transaction. They need an application
context and return ids (and secrets) that outlive the session.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping

from workshop_app.domain.joincodes import hash_secret
from workshop_app.domain.phases import ProposalState, RoundState, WorkshopState
from workshop_app.extensions import db
from workshop_app.models import (
    Ballot,
    Participant,
    Process,
    Proposal,
    Role,
    RoundItem,
    StakeholderGroup,
    User,
    Vote,
    VotingRound,
    Workshop,
)
from workshop_app.services import ballots, processes, workshops
from workshop_app.services.plumbing import locking, tally_cells, tx
from workshop_app.services.plumbing.audit import SYSTEM, Actor

#: The template the tests' processes start from: its fields of action and stakeholder groups.
TEMPLATE = "familiengerechte_kommune"


def new_process(*, actor: Actor = SYSTEM, **details) -> Process:
    """A process from the Familiengerechte-Kommune template, made by the system unless ``actor`` is
    given (an organizer then owns it)."""
    return processes.create_process(actor, **{"municipality": "Musterstadt", "title": "FGK",
                                              "template": TEMPLATE, **details})


def new_workshop(process: Process, *, title: str = "Auftakt", state: WorkshopState = WorkshopState.OPEN,
                 **options) -> tuple[Workshop, str]:
    """A workshop of ``process`` with the template's groups, and its moderator link secret.
    Opened unless ``state`` is DRAFT."""
    created, secret = workshops.create_workshop(SYSTEM, process, title=title, **options)
    if state is not WorkshopState.DRAFT:
        with tx.write():
            db.session.get(Workshop, created.id).change_state(WorkshopState.OPEN)
    return db.session.get(Workshop, created.id), secret


def share_processes_with_organizers() -> None:
    """Organizers see only processes they own or are members of. The builders' processes are made
    by the system (no owner), so every organizer account becomes a member of every process, as the
    migration does for existing installations."""
    with tx.write():
        organizers = list(db.session.scalars(db.select(User).filter_by(role=Role.ORGANIZER.value)))
        for process in db.session.scalars(db.select(Process)):
            process.members.extend(u for u in organizers if u not in process.members)


def add_proposal(workshop_id: int, title: str, *, state: ProposalState = ProposalState.PUBLISHED,
                 field_id: int | None = None, **columns) -> int:
    """A proposal row in ``state`` (no moderation queue, no broadcast)."""
    with tx.write():
        proposal = Proposal(workshop_id=workshop_id, title=title, state=ProposalState(state).value,
                            field_id=field_id, **columns)
        db.session.add(proposal)
        db.session.flush()
        return proposal.id


def add_round(workshop_id: int, proposal_ids: Iterable[int], *, method: str = "dots",
              budget: int | None = None, max_per_proposal: int | None = None,
              state: RoundState = RoundState.OPEN, results_published: bool = False, bump: bool = True,
              **columns) -> int:
    """A round over ``proposal_ids`` (in that order), moved from draft to ``state`` through the
    domain's transitions. ``bump=False`` leaves the workshop's version to the caller."""
    with tx.write():
        workshop = locking.lock_workshop(workshop_id)
        round_ = VotingRound(workshop_id=workshop_id, method=method, budget=budget, state="draft",
                             max_per_proposal=max_per_proposal, **columns)
        rules = round_.rules  # normalise defaults the way the domain does
        round_.budget, round_.max_per_proposal = rules.budget, rules.max_per_proposal
        round_.items = [RoundItem(proposal_id=pid, position=i) for i, pid in enumerate(proposal_ids)]
        db.session.add(round_)
        if state is not RoundState.DRAFT:
            round_.apply("open")
        if state is RoundState.CLOSED:
            close_round(round_, publish=results_published)
        if bump:
            workshop.bump()
        db.session.flush()
        return round_.id


def close_round(round_: VotingRound, *, publish: bool = False) -> None:
    round_.apply("close")
    if publish:
        round_.apply("publish")


def group_id(workshop_id: int, key: str) -> int:
    return db.session.scalar(db.select(StakeholderGroup.id).filter_by(workshop_id=workshop_id, key=key))


def add_participant(workshop_id: int, group: str, name: str | None = None, *,
                    secret_hash: str | None = None, **columns) -> tuple[int, str]:
    """A participant of ``group`` (a key) and the secret a phone would hold in its cookie. With
    ``secret_hash`` the row stores that instead (for data no phone ever presents)."""
    secret = secrets.token_urlsafe(24)
    with tx.write():
        person = Participant(workshop_id=workshop_id, group_id=group_id(workshop_id, group), display_name=name,
                             secret_hash=secret_hash or hash_secret(secret), **columns)
        db.session.add(person)
        db.session.flush()
        return person.id, secret


def cast_ballot(participant_id: int, round_id: int, votes: Mapping[int, int]) -> None:
    """The participant's ballot through the ballot service (validated, tallied, broadcast)."""
    ballots.store(db.session.get(Participant, participant_id), round_id, dict(votes))


def add_ballot(round_id: int, participant_id: int, votes: Mapping[int, int]) -> None:
    """A ballot as rows, for rounds the service no longer accepts ballots in (closed ones); call
    ``retally`` after the last one."""
    with tx.write():
        person = db.session.get(Participant, participant_id)
        ballot = Ballot(round_id=round_id, participant_id=participant_id, group_id=person.group_id)
        ballot.votes = [Vote(proposal_id=pid, round_id=round_id, value=value) for pid, value in votes.items()]
        db.session.add(ballot)


def retally(round_id: int) -> None:
    """Sum ballots written as rows, as a ballot write through the service would have."""
    with tx.write():
        tally_cells.rebuild(round_id)
