"""The demo a fresh `make run` shows: a Familiengerechte-Kommune process with one open workshop."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.kinds import AuthorKind
from ..domain.phases import ProposalState, WorkshopState
from ..extensions import db
from ..models import FieldOfAction, Process, Proposal, Role, User, Workshop
from . import users, workshops
from .plumbing import tx
from .plumbing.audit import SYSTEM
from .processes import create_process

DEMO_EMAIL = "organisation@musterstadt.example"
DEMO_TITLE = "Auftaktworkshop Familiengerechte Kommune"
SAMPLE_PROPOSALS = (
    ("Mehr Kita-Plätze für unter Dreijährige schaffen", 1),
    ("Ferienbetreuung für Grundschulkinder ausbauen", 1),
    ("Sichere Schulwege mit Tempo 30 vor allen Schulen", 4),
    ("Familienbüro als zentrale Anlaufstelle im Rathaus", 3),
    ("Treffpunkte für Jung und Alt in jedem Ortsteil", 5),
)


@dataclass(frozen=True)
class Demo:
    workshop: Workshop
    email: str
    password: str
    moderator_secret: str


def ensure_demo(instance_path: str) -> Demo:
    """Idempotent: creates the demo once; later runs only renew its moderator link."""
    credentials = Path(instance_path) / "demo-login.txt"
    user = db.session.scalar(db.select(User).filter_by(email=DEMO_EMAIL))
    if user is None or not credentials.exists():
        password = secrets.token_urlsafe(12)
        if user is None:
            users.create_user(DEMO_EMAIL, password, role=Role.ADMIN, name="Demo-Organisation")
        else:
            with tx.write():
                db.session.get(User, user.id).set_password(password)
        credentials.write_text(password)
        credentials.chmod(0o600)
    password = credentials.read_text().strip()
    workshop = db.session.scalar(db.select(Workshop).filter_by(title=DEMO_TITLE))
    if workshop is None:
        workshop = _create_workshop()
    secret = workshops.regenerate_moderator_link(SYSTEM, workshop)
    return Demo(db.session.get(Workshop, workshop.id), DEMO_EMAIL, password, secret)


def _create_workshop() -> Workshop:
    process = create_process(SYSTEM, municipality="Musterstadt",
                             title="Familiengerechte Kommune Musterstadt 2026–2029",
                             template="familiengerechte_kommune", period_start=date(2026, 1, 1),
                             period_end=date(2029, 12, 31), council_decision=date(2026, 12, 10))
    workshop, _secret = workshops.create_workshop(
        SYSTEM, process, title=DEMO_TITLE, date_=date.today(), venue="Rathaus, Großer Saal")
    fields = db.session.scalars(db.select(FieldOfAction).filter_by(process_id=process.id)
                                .order_by(FieldOfAction.position)).all()
    with tx.write():
        target = db.session.get(Workshop, workshop.id)
        target.change_state(WorkshopState.OPEN)
        for title, field_index in SAMPLE_PROPOSALS:
            db.session.add(Proposal(workshop_id=target.id, field_id=fields[field_index].id,
                                    author_kind=AuthorKind.MODERATOR.value, title=title,
                                    state=ProposalState.PUBLISHED.value))
    return db.session.get(Workshop, workshop.id)


__all__ = ["DEMO_EMAIL", "Demo", "Process", "ensure_demo"]
