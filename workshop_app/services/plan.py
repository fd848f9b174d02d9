"""The action plan: goals adopted from proposals, measures with deadlines, progress notes."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..domain.deadlines import MeasureStatus, check_deadline
from ..domain.errors import DomainError
from ..domain.measures import ProposalKind
from ..domain.phases import ProposalState, RoundState
from ..domain.progress import check_progress
from ..domain.text import clean_text
from ..domain.values import optional_int
from ..extensions import db
from ..models import FieldOfAction, Goal, Measure, Process, ProgressNote, Proposal, VotingRound, Workshop
from .plumbing import audit, tx
from .plumbing.audit import Actor
from .responsible_links import normalise_email

#: Proposals that may become a goal: visible ones, and merged ones (their target carries them).
ADOPTABLE = (ProposalState.PUBLISHED.value, ProposalState.MERGED.value)
MEASURE_FIELDS = ("title", "responsible", "partners", "start", "deadline", "indicator", "status", "progress",
                  "responsible_email")


# --- goals -------------------------------------------------------------------------------------

def _field_of(process: Process, field_id: int | None) -> FieldOfAction | None:
    if field_id in (None, ""):
        return None
    field = db.session.get(FieldOfAction, optional_int(field_id, "field"))
    if field is None or field.process_id != process.id:
        raise DomainError("invalid_choice", "unknown field of action", field="field")
    return field


def _proposal_id(value: object) -> int:
    number = optional_int(value, "proposals")
    if number is None:
        raise DomainError("proposal_not_adoptable", "proposals must be a list of ids", field="proposals")
    return number


def _proposals_of(process: Process, ids: Iterable[int]) -> list[Proposal]:
    if isinstance(ids, (str, bytes)) or not isinstance(ids, Iterable):
        raise DomainError("proposal_not_adoptable", "proposals must be a list of ids", field="proposals")
    ids = sorted({_proposal_id(i) for i in ids})
    found = list(db.session.scalars(
        db.select(Proposal).join(Workshop, Workshop.id == Proposal.workshop_id)
        .where(Proposal.id.in_(ids), Workshop.process_id == process.id)))
    if len(found) != len(ids) or any(p.state not in ADOPTABLE for p in found):
        raise DomainError("proposal_not_adoptable", "only published proposals of this process")
    return found


def _goal_facts(goal: Goal) -> dict:
    return {"title": goal.title, "description": goal.description, "field_id": goal.field_id,
            "proposals": [p.id for p in goal.proposals], "basis_round": goal.basis_round_id}


def basis_rounds(process: Process) -> list[VotingRound]:
    """The rounds a goal of the process may cite as its basis line: rounds that were voted in."""
    return list(db.session.scalars(
        db.select(VotingRound).join(Workshop, Workshop.id == VotingRound.workshop_id)
        .where(Workshop.process_id == process.id, VotingRound.state != RoundState.DRAFT.value)
        .order_by(Workshop.date, Workshop.id, VotingRound.id)))


def _basis_round_of(process: Process, value) -> int | None:
    """The organizer's choice of a goal's basis round: one of the process's voted rounds."""
    round_id = optional_int(value, "basis_round")
    if round_id is None:
        return None
    if round_id not in {r.id for r in basis_rounds(process)}:
        raise DomainError("invalid_choice", "not a voting round of this process", field="basis_round")
    return round_id


def adopt_goal(actor: Actor, process: Process, *, title: str = "", field_id: int | None = None,
               proposal_ids: Iterable[int] = (), description: str = "",
               basis_round: int | None = None) -> Goal:
    """A goal from one or more proposals (the first one's wording unless a title is given)."""
    proposals = _proposals_of(process, proposal_ids)
    if proposals and (title is None or (isinstance(title, str) and not title.strip())):
        title = proposals[0].title  # anything but text is left for clean_text to refuse
    title = clean_text(title, max_length=300)
    description = clean_text(description or "", max_length=5000, required=False, multiline=True)
    field = _field_of(process, field_id)
    basis_round_id = _basis_round_of(process, basis_round)
    if field is None and proposals and proposals[0].field_id:
        field = db.session.get(FieldOfAction, proposals[0].field_id)
    with tx.write():
        last = db.session.scalar(db.select(db.func.max(Goal.position)).filter_by(process_id=process.id))
        goal = Goal(process_id=process.id, field_id=field.id if field else None, title=title,
                    description=description, position=0 if last is None else last + 1,
                    basis_round_id=basis_round_id)
        goal.proposals = proposals
        db.session.add(goal)
        audit.record(actor, "goal.create", goal, process_id=process.id, after=_goal_facts(goal))
        goal_id = goal.id
    return db.session.get(Goal, goal_id)


def update_goal(actor: Actor, goal: Goal, **changes) -> Goal:
    with tx.write():
        target = db.session.get(Goal, goal.id)
        before = _goal_facts(target)
        if "title" in changes:
            target.title = clean_text(changes["title"], max_length=300)
        if "description" in changes:
            target.description = clean_text(changes["description"] or "", max_length=5000,
                                             required=False, multiline=True)
        if "field" in changes:
            target.field_id = getattr(_field_of(target.process, changes["field"]), "id", None)
        if "proposals" in changes:
            target.proposals = _proposals_of(target.process, changes["proposals"])
        if "basis_round" in changes:
            target.basis_round_id = _basis_round_of(target.process, changes["basis_round"])
        audit.record(actor, "goal.update", target, process_id=target.process_id,
                     before=before, after=_goal_facts(target))
    return db.session.get(Goal, goal.id)


def delete_goal(actor: Actor, goal: Goal) -> None:
    with tx.write():
        target = db.session.get(Goal, goal.id)
        audit.record(actor, "goal.delete", target, process_id=target.process_id,
                     before=_goal_facts(target))
        db.session.delete(target)


# --- measures ----------------------------------------------------------------------------------

def _status(value: str | None) -> str:
    try:
        return MeasureStatus(value or MeasureStatus.PLANNED).value
    except ValueError:
        raise DomainError("invalid_choice", "unknown status", field="status") from None


def _measure_facts(m: Measure) -> dict:
    return {"title": m.title, "responsible": m.responsible, "partners": m.partners,
            "start": m.start.isoformat() if m.start else None,
            "deadline": m.deadline.isoformat() if m.deadline else None,
            "indicator": m.indicator, "status": m.status, "progress": m.progress,
            "responsible_email": m.responsible_email}


def _apply_measure(process: Process, measure: Measure, values: dict) -> None:
    """Validate every value first, then assign; a bad value leaves the measure untouched."""
    merged = {**_measure_facts(measure), **values}
    title = clean_text(merged["title"] or "", max_length=300)
    try:
        responsible = clean_text(merged["responsible"] or "", max_length=200)
    except DomainError as error:
        if error.code == "required":
            raise DomainError("responsible_required", "who is responsible?", field="responsible") from None
        raise
    partners = clean_text(merged["partners"] or "", max_length=500, required=False)
    indicator = clean_text(merged["indicator"] or "", max_length=500, required=False)
    start, deadline = _date(merged["start"], "start"), _date(merged["deadline"], "deadline")
    progress = _progress(merged["progress"])
    responsible_email = normalise_email(merged["responsible_email"])
    if deadline is None:
        raise DomainError("deadline_required", "a measure needs a deadline", field="deadline")
    check_deadline(deadline, council_decision=process.council_decision,
                   years=process.implementation_years, start=start)
    measure.title, measure.responsible, measure.partners = title, responsible, partners
    measure.indicator, measure.start, measure.deadline = indicator, start, deadline
    measure.progress = progress
    measure.responsible_email = responsible_email


def _progress(value) -> int | None:
    """A whole percentage 0..100 (JSON number or form text), or None: the status's default."""
    try:
        return check_progress(optional_int(value, "progress"))
    except DomainError:
        raise DomainError("progress_range", "progress is a whole number from 0 to 100",
                          field="progress") from None


def _date(value, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError("invalid_date", "dates look like 2027-03-31", field=name) from None


def add_measure(actor: Actor, goal: Goal, **values) -> Measure:
    status = _status(values.pop("status", None))
    with tx.write():
        target = db.session.get(Goal, goal.id)
        process = target.process
        measure = Measure(status=status, position=len(target.measures))
        _apply_measure(process, measure, values)
        target.measures.append(measure)
        audit.record(actor, "measure.create", measure, process_id=target.process_id,
                     after=_measure_facts(measure))
        measure_id = measure.id
    return db.session.get(Measure, measure_id)


def update_measure(actor: Actor, measure: Measure, *, note: str = "", note_date: date | None = None,
                   note_public: bool = True, **values) -> Measure:
    """Edit a measure; a status change is written down as a dated progress note.

    ``note_public``: whether the note (and the status change) shows on the public progress page.
    """
    unknown = set(values) - set(MEASURE_FIELDS)
    if unknown:
        raise DomainError("invalid_choice", "unknown measure field", field=sorted(unknown)[0])
    new_status = _status(values.pop("status")) if values.get("status") else None
    note = clean_text(note or "", max_length=5000, required=False, multiline=True)
    with tx.write():
        target = db.session.get(Measure, measure.id)
        before = _measure_facts(target)
        _apply_measure(target.goal.process, target, values)
        if new_status and new_status != target.status:
            target.notes.append(ProgressNote(date=note_date or date.today(), text=note, public=note_public,
                                             status_before=target.status, status_after=new_status))
            target.status = new_status
        elif note:
            target.notes.append(ProgressNote(date=note_date or date.today(), text=note, public=note_public))
        audit.record(actor, "measure.update", target, process_id=target.goal.process_id,
                     before=before, after=_measure_facts(target))
    return db.session.get(Measure, measure.id)


def add_note(actor: Actor, measure: Measure, *, text: str, note_date: date | None = None,
             public: bool = True) -> ProgressNote:
    text = clean_text(text, max_length=5000, multiline=True)
    with tx.write():
        target = db.session.get(Measure, measure.id)
        note = ProgressNote(measure=target, date=note_date or date.today(), text=text, public=public)
        db.session.add(note)
        audit.record(actor, "measure.note", target, process_id=target.goal.process_id,
                     after={"date": note.date.isoformat(), "text": text, "public": public})
        note_id = note.id
    return db.session.get(ProgressNote, note_id)


def delete_measure(actor: Actor, measure: Measure) -> None:
    with tx.write():
        target = db.session.get(Measure, measure.id)
        audit.record(actor, "measure.delete", target, process_id=target.goal.process_id,
                     before=_measure_facts(target))
        db.session.delete(target)


def adoptable_proposals(process: Process) -> list[Proposal]:
    return list(db.session.scalars(
        db.select(Proposal).join(Workshop, Workshop.id == Proposal.workshop_id)
        .where(Workshop.process_id == process.id, Proposal.state == ProposalState.PUBLISHED.value,
               Proposal.kind == ProposalKind.GOAL)  # measure proposals: services.measures_adopt
        .order_by(Proposal.workshop_id, Proposal.field_id, Proposal.id)))
