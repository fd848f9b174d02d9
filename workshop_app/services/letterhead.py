"""The letterhead of a process's documents: municipality name, logo and footer line.

Every export of the process (workshop documentation, action plan, annual report) prints it;
``letterhead_of`` builds what the writers read. The logo is checked and cleaned
(``exports.letterhead.clean_logo``) before anything is written.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import DomainError
from ..exports.letterhead import LOGO_MAX_BYTES, Letterhead, LogoError, clean_logo
from ..extensions import db
from ..models import Process
from .plumbing import audit, tx
from .plumbing.audit import Actor

__all__ = ["LetterheadInput", "letterhead_of", "logo_of", "parse", "update_letterhead"]

MUNICIPALITY_MAX, FOOTER_MAX = 200, 300
LOGO_READ_LIMIT = LOGO_MAX_BYTES + 1  # read one byte more than allowed, so that "too large" is seen


@dataclass(frozen=True)
class LetterheadInput:
    """Validated input; ``logo`` None keeps the logo, ``remove_logo`` drops it."""

    municipality: str | None = None
    footer: str | None = None
    logo: tuple[bytes, str] | None = None  # cleaned bytes, media type
    remove_logo: bool = False


def parse(municipality=None, footer=None, logo: bytes | None = None, remove_logo=False) -> LetterheadInput:
    """Check everything before anything is written (a request changing more stays whole)."""
    if municipality is not None:
        if not isinstance(municipality, str) or not municipality.strip():
            raise DomainError("required", "the municipality's name is required", field="municipality")
        municipality = " ".join(municipality.split())
        if len(municipality) > MUNICIPALITY_MAX:
            raise DomainError("too_long", field="municipality", max_length=MUNICIPALITY_MAX)
    if footer is not None:
        if not isinstance(footer, str):
            raise DomainError("invalid_choice", "text was expected", field="footer")
        footer = " ".join(footer.split())  # one line
        if len(footer) > FOOTER_MAX:
            raise DomainError("too_long", field="footer", max_length=FOOTER_MAX)
    if not isinstance(remove_logo, bool):
        raise DomainError("invalid_choice", "true or false was expected", field="remove_logo")
    cleaned = None
    if logo:
        try:
            cleaned = clean_logo(logo)
        except LogoError as error:
            raise DomainError(error.code, str(error), field="logo") from error
    return LetterheadInput(municipality, footer, cleaned, remove_logo and cleaned is None)


def _facts(process: Process) -> dict:
    return {"municipality": process.municipality, "footer": process.letterhead_footer,
            "logo": process.letterhead_logo_type or None}  # fmt: skip


def update_letterhead(actor: Actor, process: Process, data: LetterheadInput) -> Process:
    with tx.write():
        target = db.session.get(Process, process.id)
        before = _facts(target)
        if data.municipality is not None:
            target.municipality = data.municipality
        if data.footer is not None:
            target.letterhead_footer = data.footer
        if data.logo is not None:
            target.letterhead_logo, target.letterhead_logo_type = data.logo
        elif data.remove_logo:
            target.letterhead_logo = target.letterhead_logo_type = None
        after = _facts(target)
        if after != before or data.logo is not None:
            audit.record(actor, "process.letterhead", target, process_id=target.id, before=before, after=after)
    return db.session.get(Process, process.id)


def logo_of(process: Process) -> tuple[bytes, str] | None:
    if process.letterhead_logo and process.letterhead_logo_type:
        return process.letterhead_logo, process.letterhead_logo_type
    return None


def letterhead_of(process: Process) -> Letterhead:
    """What the writers print; read in the request, so the worker thread gets plain data."""
    logo = logo_of(process)
    return Letterhead(
        municipality=process.municipality,
        footer=process.letterhead_footer or "",
        logo=logo[0] if logo else None,
        logo_type=logo[1] if logo else "",
    )
