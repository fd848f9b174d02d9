"""A realistic process for the organizer tests: umlauts, Arabic, Ukrainian, formula-injection text,
a closed dots round with ballots of every group, paper votes, a merged proposal and an action plan."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workshop_app.domain.phases import WorkshopState
from workshop_app.extensions import db
from workshop_app.models import (Ballot, PaperBallots, PaperVote, Participant, Proposal, RoundItem, Vote,
                                 VotingRound, Workshop)
from workshop_app.models.base import utcnow
from workshop_app.services import plan, processes, tally_cells, tx, workshops
from workshop_app.services.audit import SYSTEM

FORMULA_CORPUS = ("=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\",\"y\")")
TITLES = ("Mehr Kita-Plätze für Familien – größer, schöner", "رياض أطفال أكثر", "Більше місць у дитсадках",
          "Sichere Schulwege für Kinder", *FORMULA_CORPUS)


@dataclass
class Seed:
    process_id: int
    workshop_id: int
    code: str
    proposal_ids: list[int]
    round_id: int


def seed(*, voters_per_group: int = 3) -> Seed:
    process = processes.create_process(
        SYSTEM, municipality="Musterstadt an der Öhre", title="Familiengerechte Kommune 2026–2029",
        template="familiengerechte_kommune", period_start=date(2026, 1, 1), period_end=date(2029, 12, 31),
        council_decision=date(2026, 5, 20))
    workshop, _secret = workshops.create_workshop(SYSTEM, process, title="Auftaktworkshop Größe",
                                                  date_=date(2026, 3, 14), venue="Rathaus, Großer Saal",
                                                  languages="de,en,uk,ar")
    field_id = process.fields[1].id
    with tx.write():
        target = db.session.get(Workshop, workshop.id)
        target.change_state(WorkshopState.OPEN)
        proposals = [Proposal(workshop_id=target.id, field_id=field_id, title=t, body=f"Begründung: {t}",
                              author_kind="participant", state="published", published_at=utcnow())
                     for t in TITLES]
        db.session.add_all(proposals)
        db.session.flush()
        merged = Proposal(workshop_id=target.id, field_id=field_id, title="Mehr Krippenplätze",
                          state="merged", merged_into_id=proposals[0].id)
        db.session.add(merged)
        round_ = VotingRound(workshop_id=target.id, title="Welche Ziele sind Ihnen wichtig?", method="dots",
                             budget=5, max_per_proposal=3, state="closed", opened_at=utcnow(), closed_at=utcnow())
        db.session.add(round_)
        db.session.flush()
        for i, p in enumerate(proposals):
            db.session.add(RoundItem(round_id=round_.id, proposal_id=p.id, position=i))
        for g_index, group in enumerate(target.groups):
            for n in range(voters_per_group):
                person = Participant(workshop_id=target.id, group_id=group.id, display_name=f"Person {g_index}-{n}",
                                     secret_hash=f"{g_index:02d}{n:04d}".ljust(64, "a"), language="de")
                db.session.add(person)
                db.session.flush()
                ballot = Ballot(round_id=round_.id, participant_id=person.id, group_id=group.id)
                ballot.votes = [Vote(proposal_id=proposals[0].id, round_id=round_.id, value=2 + (g_index == 0)),
                                Vote(proposal_id=proposals[(g_index + n) % len(proposals)].id,
                                     round_id=round_.id, value=1)] if (g_index + n) % len(proposals) else \
                    [Vote(proposal_id=proposals[0].id, round_id=round_.id, value=3)]
                db.session.add(ballot)
                if n == 0:
                    proposals[g_index + 1].participant_id = person.id
        group = target.groups[2]
        db.session.add(PaperBallots(round_id=round_.id, group_id=group.id, voters=2))
        db.session.add(PaperVote(round_id=round_.id, group_id=group.id, proposal_id=proposals[3].id, points=4))
        tally_cells.rebuild(round_.id)  # votes written directly: sum them as a ballot write would
        ids = [p.id for p in proposals]
        round_id, code = round_.id, target.join_code
    goal = plan.adopt_goal(SYSTEM, db.session.get(type(process), process.id), proposal_ids=[ids[0], ids[1]])
    plan.add_measure(SYSTEM, goal, title="Bedarfsplanung Kindertagesbetreuung", responsible="Jugendamt",
                     partners="Kita-Träger; Elternbeirat", start=date(2026, 6, 1), deadline=date(2027, 3, 31),
                     indicator="Anzahl U3-Plätze")
    hostile = plan.adopt_goal(SYSTEM, db.session.get(type(process), process.id), title=FORMULA_CORPUS[0],
                              proposal_ids=[ids[4]], description=FORMULA_CORPUS[1])
    for text in FORMULA_CORPUS:
        plan.add_measure(SYSTEM, hostile, title=text, responsible=text, partners=text, indicator=text,
                         deadline=date(2028, 1, 1))
    from tests.conftest import share_processes_with_organizers

    share_processes_with_organizers()  # the tests' organizer accounts are members
    return Seed(process.id, workshop.id, code, ids, round_id)
