"""Creating workshops and their secrets: join code, screen link, moderator link."""
from __future__ import annotations

from datetime import date

from ..domain import joincodes
from ..domain.process_templates import DEFAULT_GROUPS
from ..domain.text import clean_text
from ..extensions import db
from ..models import Process, StakeholderGroup, Workshop
from . import audit, tx
from .audit import Actor


def unused_join_code() -> str:
    """Codes are global: one /j/<code> resolves a workshop or a group across all workshops."""
    while True:
        code = joincodes.generate()
        taken = db.session.scalar(db.select(Workshop.id).filter_by(join_code=code)) or \
            db.session.scalar(db.select(StakeholderGroup.id).filter_by(join_code=code))
        if not taken:
            return code


def create_workshop(actor: Actor, process: Process, *, title: str, date_: date | None = None,
                    venue: str = "", groups=DEFAULT_GROUPS, join_mode: str = "open",
                    languages: str = "de,en", premoderation: bool = False) -> tuple[Workshop, str]:
    """Returns the workshop and its moderator link secret, which is shown once and stored hashed."""
    moderator_secret = joincodes.generate_secret()
    with tx.write():
        workshop = Workshop(
            process_id=process.id, title=clean_text(title, max_length=200), date=date_,
            venue=clean_text(venue, max_length=200, required=False), join_code=unused_join_code(),
            join_mode=join_mode, languages=languages, premoderation=premoderation,
            screen_secret=joincodes.generate_secret(),
            moderator_secret_hash=joincodes.hash_secret(moderator_secret))
        workshop.groups = [StakeholderGroup(key=key, name=name, position=i, colour_index=i % 7 + 1)
                           for i, (key, name) in enumerate(groups)]
        db.session.add(workshop)
        audit.record(actor, "workshop.create", workshop, process_id=process.id,
                     after={"title": workshop.title, "join_code": workshop.join_code})
        workshop_id = workshop.id
    return db.session.get(Workshop, workshop_id), moderator_secret


def regenerate_moderator_link(actor: Actor, workshop: Workshop) -> str:
    secret = joincodes.generate_secret()
    with tx.write():
        target = db.session.get(Workshop, workshop.id)
        target.moderator_secret_hash = joincodes.hash_secret(secret)
        audit.record(actor, "workshop.moderator_link", target, workshop_id=target.id,
                     process_id=target.process_id)
    return secret
