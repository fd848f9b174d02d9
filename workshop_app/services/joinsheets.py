"""Join access on paper: single-use tokens and group codes, and the printable sheets for both."""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext

from ..domain.errors import DomainError
from ..domain.joincodes import JoinMode
from ..extensions import db
from ..models import JoinToken, StakeholderGroup, Workshop
from ..offload import run_blocking
from ..secrets_store import SealBroken
from .plumbing import audit, tx
from .plumbing.audit import Actor
from .workshops import unused_join_code

MAX_TOKENS_PER_BATCH = 500
TOKEN_LENGTH = 8  # longer than a join code: a token alone admits a person
#: How a sheet turns a code into the address its QR code holds (the web layer knows URLs).
LinkFor = Callable[[str], str]


def create_tokens(actor: Actor, workshop: Workshop, count: int,
                  group_id: int | None = None) -> list[JoinToken]:
    if not isinstance(count, int) or not 1 <= count <= MAX_TOKENS_PER_BATCH:
        raise DomainError("token_count", "between 1 and 500 tokens", max_count=MAX_TOKENS_PER_BATCH)
    if group_id is not None and db.session.get(StakeholderGroup, group_id) not in workshop.groups:
        raise DomainError("invalid_choice", "unknown group", field="group")
    with tx.write():
        tokens = []
        for _ in range(count):
            token = JoinToken(workshop_id=workshop.id, group_id=group_id,
                              code=unused_join_code(TOKEN_LENGTH))
            db.session.add(token)
            db.session.flush()  # the next code check must see this one
            tokens.append(token)
        audit.record(actor, "workshop.tokens", workshop, workshop_id=workshop.id,
                     process_id=workshop.process_id, after={"count": count, "group_id": group_id})
        ids = [t.id for t in tokens]
    return list(db.session.scalars(db.select(JoinToken).where(JoinToken.id.in_(ids))
                                   .order_by(JoinToken.id)))


def unredeemed_tokens(workshop: Workshop) -> list[JoinToken]:
    return list(db.session.scalars(
        db.select(JoinToken).filter_by(workshop_id=workshop.id, redeemed_at=None)
        .order_by(JoinToken.id)))


def token_counts(workshop: Workshop) -> dict[str, int]:
    tokens = db.session.scalars(db.select(JoinToken).filter_by(workshop_id=workshop.id)).all()
    redeemed = sum(1 for t in tokens if t.redeemed_at is not None)
    return {"total": len(tokens), "redeemed": redeemed, "open": len(tokens) - redeemed}


def token_sheet(workshop: Workshop, link_for: LinkFor, *, language: str = "de") -> bytes:
    """A PDF with one card (QR code + code) per unredeemed token, a page per group."""
    from ..exports.token_sheet import TokenEntry, token_sheet_pdf

    try:
        entries = [TokenEntry(code=t.code, url=link_for(t.code),
                              label=t.group.name if t.group else None)
                   for t in unredeemed_tokens(workshop)]
    except SealBroken as error:  # made under an earlier secret key: they can no longer be shown
        raise DomainError("tokens_unreadable", "the secret key changed; create new tokens") from error
    lang = _sheet_language(language)
    # Plain data from here on; drawing hundreds of cards runs off the event loop.
    return run_blocking(token_sheet_pdf, workshop.title, entries, language=lang,
                        subtitle=_date_and_venue(workshop, lang),
                        instructions=_in_workshop_languages(workshop, _token_instruction))


def group_code_sheet(workshop: Workshop, link_for: LinkFor, *, copies: int = 10,
                     language: str = "de") -> bytes:
    """A page of cards per stakeholder group, to lay out on that group's tables.

    Refused (``no_group_codes``) unless the workshop is in group-code mode: otherwise the cards
    would not put anyone into the group printed on them.
    """
    from ..exports.token_sheet import TokenEntry, token_sheet_pdf

    if workshop.join_mode != JoinMode.GROUP_CODES or not any(g.join_code for g in workshop.groups):
        raise DomainError("no_group_codes", "switch the join mode to group codes first")
    entries = [TokenEntry(code=g.join_code, url=link_for(g.join_code), label=g.name)
               for g in workshop.groups if g.join_code for _ in range(max(1, min(copies, 50)))]
    lang = _sheet_language(language)
    return run_blocking(token_sheet_pdf, workshop.title, entries, language=lang,
                        subtitle=_date_and_venue(workshop, lang),
                        instructions=_in_workshop_languages(workshop, _group_instruction))


def _token_instruction() -> str:
    return gettext("Scan the code or open the address and enter the code. Each code admits one person once.")


def _group_instruction() -> str:
    return gettext("Each group has its own code: lay these cards on the tables of the group named on them. "
                   "Whoever joins with a card's code takes part as a member of that group.")


def _in_workshop_languages(workshop: Workshop, sentence: Callable[[], str]) -> list[str]:
    """``sentence`` in every language the workshop offers (German first), each once."""
    from flask_babel import force_locale

    lines = []
    for code in dict.fromkeys(["de", *workshop.language_list]):
        with force_locale(code):
            lines.append(sentence())
    return list(dict.fromkeys(lines))


def _date_and_venue(workshop: Workshop, language: str) -> str:
    from ..exports.formatting import format_date

    return " · ".join(part for part in (format_date(workshop.date, language), workshop.venue or "") if part)


def _sheet_language(language: str) -> str:
    return language if language in ("de", "en") else "de"
