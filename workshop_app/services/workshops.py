"""Workshops: create, edit, copy, schedule, open/close/archive, delete; their secrets and groups."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from .. import events
from ..domain import joincodes
from ..domain.errors import DomainError
from ..domain.groups import DESCRIPTION_MAX, parse_entry
from ..domain.phases import WorkshopState
from ..domain.process_templates import DEFAULT_GROUPS
from ..domain.text import clean_text
from ..domain.values import optional_flag
from ..extensions import db
from ..models import Ballot, JoinToken, Participant, Process, StakeholderGroup, Workshop
from ..models.workshop import ALL_LANGUAGES, JOIN_MODES
from . import joining
from .plumbing import audit, tx
from .plumbing.audit import Actor

MAX_GROUPS = 7  # the colour-blind-safe palette has seven colours
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
SETTINGS = ("title", "date", "venue", "join_mode", "languages", "premoderation", "max_participants")


def unused_join_code(length: int = joincodes.LENGTH) -> str:
    """Codes are global: one /j/<code> resolves a workshop, a group or a token across all workshops."""
    while True:
        code = joincodes.generate(length)
        if not join_code_taken(code):
            return code


def join_code_taken(code: str) -> bool:
    """Whether a workshop, a group or a printed token already answers to ``code`` (normalised)."""
    return bool(db.session.scalar(db.select(Workshop.id).filter_by(join_code=code)) or
                db.session.scalar(db.select(StakeholderGroup.id).filter_by(join_code=code)) or
                db.session.scalar(db.select(JoinToken.id).filter_by(code_hash=JoinToken.code_digest(code))))


def clean_languages(value: str | Iterable[str] | None) -> str:
    if value is None:
        return ",".join(ALL_LANGUAGES)
    if not isinstance(value, (str, list, tuple)) or not all(isinstance(c, str) for c in value):
        raise DomainError("invalid_languages", "languages must be codes such as de,en", field="languages")
    codes = value.split(",") if isinstance(value, str) else list(value)
    codes = [c.strip().lower() for c in codes if c.strip()]
    if not codes or not all(_LANGUAGE.match(c) for c in codes):
        raise DomainError("invalid_languages", "languages must be codes such as de,en", field="languages")
    return ",".join(dict.fromkeys(codes))


def _join_mode(value: str) -> str:
    if not isinstance(value, str) or value not in JOIN_MODES:
        raise DomainError("invalid_choice", "unknown join mode", field="join_mode")
    return value


def clean_cap(value: object) -> int | None:
    """The participant cap: None (the installation's default) or a whole number in range."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= joining.MAX_CAP:
        raise DomainError("invalid_participant_cap", "the cap must be a whole number in range",
                          field="max_participants", max_cap=joining.MAX_CAP)
    return value


def settings_of(workshop: Workshop) -> dict:
    return {"title": workshop.title, "date": workshop.date.isoformat() if workshop.date else None,
            "venue": workshop.venue, "join_mode": workshop.join_mode,
            "languages": workshop.languages, "premoderation": workshop.premoderation,
            "max_participants": workshop.max_participants}


def group_key(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower().replace("ä", "ae").replace("ö", "oe")
                  .replace("ü", "ue").replace("ß", "ss")).strip("-")[:30] or "gruppe"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def create_workshop(actor: Actor, process: Process, *, title: str, date_: date | None = None,
                    venue: str = "", groups=DEFAULT_GROUPS, join_mode: str = "open",
                    languages: str | None = None, premoderation: bool = False,
                    max_participants: int | None = None) -> tuple[Workshop, str]:
    """Returns the workshop and its moderator link secret, which is shown once and stored hashed."""
    moderator_secret = joincodes.generate_secret()
    with tx.write():
        workshop = Workshop(
            process_id=process.id, title=clean_text(title, max_length=200), date=date_,
            venue=clean_text(venue, max_length=200, required=False), join_code=unused_join_code(),
            join_mode=_join_mode(join_mode), languages=clean_languages(languages),
            premoderation=bool(optional_flag(premoderation, "premoderation")),
            screen_secret=joincodes.generate_secret(),
            moderator_secret_hash=joincodes.hash_secret(moderator_secret),
            max_participants=clean_cap(max_participants))
        workshop.groups = [StakeholderGroup(key=key, name=name, position=i, colour_index=i % 7 + 1)
                           for i, (key, name) in enumerate(groups)]
        db.session.add(workshop)
        db.session.flush()
        if workshop.join_mode == joincodes.JoinMode.GROUP_CODES:
            _assign_group_codes(workshop)
        audit.record(actor, "workshop.create", workshop, workshop_id=workshop.id,
                     process_id=process.id, after=settings_of(workshop) | {"join_code": workshop.join_code})
        workshop_id = workshop.id
    return db.session.get(Workshop, workshop_id), moderator_secret


def update_workshop(actor: Actor, workshop: Workshop, **changes) -> Workshop:
    """Edit (and schedule) a workshop: any of ``SETTINGS``; ``date`` is a ``date`` or None."""
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise DomainError("invalid_choice", "unknown setting", field=sorted(unknown)[0])
    with tx.write() as uow:
        target = db.session.get(Workshop, workshop.id)
        before = settings_of(target)
        if "title" in changes:
            target.title = clean_text(changes["title"], max_length=200)
        if "venue" in changes:
            target.venue = clean_text(changes["venue"] or "", max_length=200, required=False)
        if "date" in changes:
            target.date = changes["date"]
        if "join_mode" in changes:
            target.join_mode = _join_mode(changes["join_mode"])
        if "languages" in changes:
            target.languages = clean_languages(changes["languages"])
        if "premoderation" in changes:
            target.premoderation = bool(optional_flag(changes["premoderation"], "premoderation"))
        if "max_participants" in changes:
            target.max_participants = clean_cap(changes["max_participants"])
        if target.join_mode == joincodes.JoinMode.GROUP_CODES:
            _assign_group_codes(target)
        after = settings_of(target)
        if after != before:
            uow.record(actor, "workshop.update", target, target, before=before, after=after,
                       event=events.workshop_changed, settings=after)
    return db.session.get(Workshop, workshop.id)


def update_groups(actor: Actor, workshop: Workshop, names: list[str]) -> Workshop:
    """Rename, add and remove stakeholder groups; a group people joined cannot be removed."""
    if not isinstance(names, (list, tuple)):  # JSON may send anything here
        raise DomainError("invalid_choice", "groups must be a list of names", field="groups")
    entries = [parse_entry(n) for n in names]  # "Name | explanation" or {"name", "description"}
    explained = [(clean_text(n, max_length=80), _group_description(d)) for n, d in entries
                 if n is not None and not (isinstance(n, str) and not n.strip())]
    cleaned = [name for name, _description in explained]  # blanks are skipped, non-text refused
    if not cleaned:
        raise DomainError("groups_required", "a workshop needs at least one group")
    if len(cleaned) > MAX_GROUPS:
        raise DomainError("too_many_groups", "too many groups", max_groups=MAX_GROUPS)
    if len({n.casefold() for n in cleaned}) != len(cleaned):
        raise DomainError("duplicate_group", "two groups have the same name")
    with tx.write() as uow:
        target = db.session.get(Workshop, workshop.id)
        groups = list(target.groups)
        before = [g.name for g in groups]
        explained_before = [g.description for g in groups]
        for group in groups[len(cleaned):]:
            if _group_in_use(group):
                raise DomainError("group_in_use", "people joined this group", group=group.name)
            target.groups.remove(group)
        db.session.flush()
        taken = {g.key for g in target.groups}
        for i, (name, description) in enumerate(explained):
            if i < len(groups):
                groups[i].name, groups[i].position = name, i
                groups[i].description = description
            else:
                key = group_key(name, taken)
                taken.add(key)
                target.groups.append(StakeholderGroup(key=key, name=name, position=i, description=description,
                                                      colour_index=i % 7 + 1))
        db.session.flush()
        if target.join_mode == joincodes.JoinMode.GROUP_CODES:
            _assign_group_codes(target)
        uow.record(actor, "workshop.groups", target, target,
                   before={"groups": before, "descriptions": explained_before},
                   after={"groups": cleaned, "descriptions": [d for _name, d in explained]},
                   event=events.workshop_changed)
    return db.session.get(Workshop, workshop.id)


def _group_description(value: object) -> str | None:
    try:
        return clean_text("" if value is None else value, max_length=DESCRIPTION_MAX,
                          required=False) or None
    except DomainError as error:
        error.params["field"] = "groups"
        raise


def _group_in_use(group: StakeholderGroup) -> bool:
    return bool(db.session.scalar(db.select(Participant.id).filter_by(group_id=group.id).limit(1))
                or db.session.scalar(db.select(Ballot.id).filter_by(group_id=group.id).limit(1)))


def _assign_group_codes(workshop: Workshop) -> None:
    for group in workshop.groups:
        if not group.join_code:
            group.join_code = unused_join_code()
            db.session.flush()


def copy_workshop(actor: Actor, workshop: Workshop, *, title: str | None = None) -> tuple[Workshop, str]:
    """A new draft with the same settings and groups — no participants, proposals or rounds."""
    source = db.session.get(Workshop, workshop.id)
    with tx.write():
        copy, secret = create_workshop(
            actor, source.process, title=title or source.title, date_=source.date,
            venue=source.venue, groups=[(g.key, g.name) for g in source.groups],
            join_mode=source.join_mode, languages=source.languages,
            premoderation=source.premoderation, max_participants=source.max_participants)
        copy.screen_theme = source.screen_theme
        for group, original in zip(copy.groups, source.groups):  # and their explanations
            group.description = original.description
        audit.record(actor, "workshop.copy", copy, workshop_id=copy.id,
                     process_id=copy.process_id, before={"source": source.id})
        copy_id = copy.id
    return db.session.get(Workshop, copy_id), secret


def change_state(actor: Actor, workshop: Workshop, target_state: WorkshopState | str) -> Workshop:
    """Open, close, reopen or archive, as the domain's life cycle allows."""
    with tx.write() as uow:
        target = db.session.get(Workshop, workshop.id)
        before = target.state
        target.change_state(WorkshopState(target_state))
        audit.record(actor, "workshop.state", target, workshop_id=target.id,
                     process_id=target.process_id, before={"state": before},
                     after={"state": target.state})
        uow.publish(events.workshop_changed, workshop_id=target.id, version=target.version,
                    state=target.state)
    return db.session.get(Workshop, workshop.id)


def delete_workshop(actor: Actor, workshop: Workshop, *, confirmation: str) -> None:
    """Delete a workshop with everything in it, personal data included; asks for its join code."""
    if joincodes.normalise(confirmation) != workshop.join_code:
        raise DomainError("confirmation_mismatch", "type the join code to confirm",
                          expected=workshop.join_code)
    with tx.write() as uow:
        target = db.session.get(Workshop, workshop.id)
        audit.record(actor, "workshop.delete", target, workshop_id=target.id,
                     process_id=target.process_id,
                     before={"title": target.title, "join_code": target.join_code,
                             "participants": len(target.participants)})
        version = target.bump()
        db.session.delete(target)
        uow.publish(events.workshop_changed, workshop_id=workshop.id, version=version, deleted=True)


def regenerate_moderator_link(actor: Actor, workshop: Workshop) -> str:
    """A new moderator link; the old one stops working, also for consoles already open."""
    secret = joincodes.generate_secret()
    with tx.write() as uow:
        target = db.session.get(Workshop, workshop.id)
        target.moderator_secret_hash = joincodes.hash_secret(secret)
        audit.record(actor, "workshop.moderator_link", target, workshop_id=target.id,
                     process_id=target.process_id)
        uow.publish(events.moderator_link_revoked, workshop_id=target.id)
    return secret


def rotate_screen_secret(actor: Actor, workshop: Workshop) -> Workshop:
    """A new screen address; the old one stops working at once and open screens are dropped."""
    with tx.write() as uow:
        target = db.session.get(Workshop, workshop.id)
        target.screen_secret = joincodes.generate_secret()
        audit.record(actor, "workshop.screen_secret", target, workshop_id=target.id,
                     process_id=target.process_id)
        uow.publish(events.screen_revoked, workshop_id=target.id)
    return db.session.get(Workshop, workshop.id)
