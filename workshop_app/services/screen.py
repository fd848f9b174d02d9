"""What the projector shows: built from the database for the screen's snapshot and live events
(the read model the live layer pushes; the page's own data is workshop_app.screen_page).

The screen is addressed by a secret URL that anyone in the room may photograph, so everything
sent to it (page, snapshot, live events) carries exactly what it displays: published proposals'
titles, per-group join and vote counts, and results only while the screen shows them.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context
from sqlalchemy.exc import SQLAlchemyError

from .. import events
from ..domain import values
from ..domain.errors import DomainError
from ..domain.feasibility import RoundPurpose
from ..domain.kinds import ScreenMode
from ..domain.measures import ProposalKind
from ..domain.phases import Phase, ProposalState, RoundState, WorkshopState
from ..domain.results_explained import value_unit
from ..extensions import db
from ..hyphenation import hyphenate
from ..models import Participant, Proposal, VotingRound, Workshop
from . import feasibility, measures, support, table_screen
from .plumbing import audit, locking, tx
from .plumbing.audit import Actor
from .read_models import presence, results, snapshots

#: A screen secret works only while the workshop is being prepared or held.
SCREEN_STATES = (WorkshopState.DRAFT.value, WorkshopState.OPEN.value)
_WORKSHOP_KEYS = ("state", "timer_ends_at", "spotlight", "theme", "deleted")


def workshop_for_secret(secret: object) -> Workshop | None:
    """The workshop a screen secret opens; None for a wrong, rotated or retired one."""
    if not isinstance(secret, str) or not 0 < len(secret) <= 200:
        return None
    workshop = db.session.scalar(db.select(Workshop).filter_by(
        screen_secret_hash=Workshop.screen_digest(secret)))
    if workshop is None or not shows_screen(workshop):
        return None
    return workshop


def shows_screen(workshop: Workshop) -> bool:
    return workshop.state in SCREEN_STATES and workshop.anonymised_at is None


def reveal_link(actor: Actor, workshop: Workshop) -> None:
    """A moderator-link console asked to see the screen address: recorded, then shown."""
    with tx.write():
        audit.record(actor, "workshop.screen_link_shown", workshop, workshop_id=workshop.id,
                     process_id=workshop.process_id)


def show_round(actor: Actor, workshop: Workshop, round_id: object) -> Workshop:
    """Put a closed round's results on the screen (any earlier one too), or hand the screen
    back to the phase (``None``). Audited; the screens redraw from the ``workshop`` event."""
    round_id = values.row_id(round_id, "round")
    with tx.write() as uow:
        target = locking.lock_workshop(workshop.id)
        if round_id is not None:
            round_ = db.session.get(VotingRound, round_id)
            if round_ is None or round_.workshop_id != target.id:
                raise DomainError("invalid_choice", "no such round in this workshop", field="round")
            if round_.state != RoundState.CLOSED.value:
                raise DomainError("round_not_closed", "only a closed round's results", field="round")
        before = target.screen_round_id
        target.screen_round_id = round_id
        target.spotlight_proposal_id = None if round_id is not None else target.spotlight_proposal_id
        target.bump()
        audit.record(actor, "workshop.screen_round", target, workshop_id=target.id,
                     process_id=target.process_id, before={"screen_round": before},
                     after={"screen_round": round_id})
        uow.publish(events.workshop_changed, workshop_id=target.id, version=target.version,
                    screen_round=round_id, spotlight=target.spotlight_proposal_id)
    return target


def screen_round(workshop: Workshop) -> VotingRound | None:
    """The round the screen shows: the closed round the moderator chose while no round is open
    (it stays theirs until they hand the screen back or change the phase), else the current one."""
    current = snapshots.current_round(workshop)
    if workshop.screen_round_id is None or (current is not None and current.is_open):
        return current
    chosen = db.session.get(VotingRound, workshop.screen_round_id)
    if chosen is None or chosen.workshop_id != workshop.id or chosen.state != RoundState.CLOSED.value:
        return current
    return chosen


def room_state(workshop: Workshop) -> dict[str, Any]:
    """Everything staff see of the room (the moderator snapshot builds on it)."""
    round_ = snapshots.current_round(workshop)
    published = db.session.scalars(
        db.select(Proposal).filter_by(workshop_id=workshop.id, state=ProposalState.PUBLISHED).order_by(Proposal.id))
    supporters = support.counts(workshop.id)
    return {
        "workshop": snapshots.workshop_facts(workshop),
        "phase": workshop.phase,
        "field": workshop.focus_field_id,
        "groups": snapshots.groups_payload(workshop),
        "fields": snapshots.fields_payload(workshop),
        "proposals": [{**snapshots.proposal_payload(p), "supporters": supporters.get(p.id, 0)}
                      for p in published],
        "presence": presence.summary(workshop),
        "round": results.round_summary(round_) if round_ else None,
        "spotlight": workshop.spotlight_proposal_id,
        "theme": workshop.screen_theme,
        "version": workshop.version,
    }


def screen_state(workshop: Workshop) -> dict[str, Any]:
    """The screen's snapshot (pushed on connect, and the JSON state a screen fetches after a
    version gap): the room state cut down to what the projector displays, plus the facts its
    panel is drawn from (``live_facts``)."""
    state = room_state(workshop)
    facts = state["workshop"]
    state["workshop"] = {key: facts[key] for key in ("code", "title", "state", "timer_ends_at")}
    state["presence"] = presence_payload(state["presence"])
    state["language"] = language = workshop_language(workshop)
    langs = proposal_langs(workshop, [p["id"] for p in state["proposals"]])
    for card in state["proposals"]:
        card["lang"] = langs.get(card["id"])
        _soft_hyphens(card, language)
    return {**state, **live_facts(workshop)}


def _soft_hyphens(card: dict[str, Any], language: str) -> dict[str, Any]:
    """``shy``: the title with soft hyphens in its long words (hyphenation), when it has any."""
    shy = hyphenate(card["title"], card.get("lang") or language)
    if shy != card["title"]:
        card["shy"] = shy
    return card


# --- languages: the screen speaks the workshop's language; each text carries its own ---------

def workshop_language(workshop: Workshop) -> str:
    """The workshop's language: the first of its languages this installation offers (the
    organizer lists them in order), else the installation's default. The screen uses it, not
    the projector laptop's browser language."""
    offered = current_app.config["LANGUAGES"]
    return next((code for code in workshop.language_list if code in offered),
                current_app.config["BABEL_DEFAULT_LOCALE"])


def proposal_langs(workshop: Workshop, ids: list[int]) -> dict[int, str]:
    """The language each proposal is written in, as far as known: its author's language (the
    one their phone used). Proposals by moderators or of unknown language are left out: they
    are in the workshop's language (the page's own ``lang``)."""
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(Proposal.id, Participant.language)
        .join(Participant, Participant.id == Proposal.participant_id)
        .where(Proposal.workshop_id == workshop.id, Proposal.id.in_(ids),
               Participant.language.is_not(None)))
    return {proposal_id: language for proposal_id, language in rows if language}


def _languages_of(proposal_id: int) -> tuple[str | None, str]:
    """The proposal's author's language (None if unknown) and its workshop's language."""
    row = db.session.execute(
        db.select(Proposal.workshop_id, Participant.language)
        .outerjoin(Participant, Participant.id == Proposal.participant_id)
        .where(Proposal.id == proposal_id)).one_or_none()
    workshop = db.session.get(Workshop, row[0]) if row else None
    fallback = workshop_language(workshop) if workshop else current_app.config["BABEL_DEFAULT_LOCALE"]
    return (row[1] if row else None), fallback


def live_facts(workshop: Workshop) -> dict[str, Any]:
    """What decides the screen's panel besides proposals and counts, sent with every ``phase``,
    ``round`` and ``workshop`` event to screens (computed once per event for all of them): the
    panel's mode, the current round, its results only while the screen shows them, and the
    spotlighted proposal's card."""
    round_ = screen_round(workshop)
    mode = panel_mode(workshop, round_)
    facts: dict[str, Any] = {"mode": mode, "round": results.round_summary(round_) if round_ else None,
                             "results": None, "spotlight_card": None}
    if round_ is not None and results_shown(workshop, round_, mode):
        facts["results"] = drawn_tally(round_.id)
    if mode == ScreenMode.MEASURES:
        facts["measures"] = measures.room_measures(workshop)
    if mode == ScreenMode.MATRIX:  # a closed feasibility round: the priority × feasibility matrix
        facts["matrix"] = feasibility.matrix_payload(round_)
    facts.update(table_screen.screen_facts(workshop, mode, workshop_language(workshop),
                                           lambda ids: proposal_langs(workshop, ids)))
    if mode == ScreenMode.SPOTLIGHT:
        proposal = db.session.get(Proposal, workshop.spotlight_proposal_id)
        card = _soft_hyphens({"id": proposal.id, "title": proposal.title, "body": proposal.body or "",
                              "row": None, "lang": proposal_langs(workshop, [proposal.id]).get(proposal.id)},
                             workshop_language(workshop))
        if round_ is not None and round_.state == RoundState.CLOSED and workshop.phase == Phase.RESULTS:
            tally = drawn_tally(round_.id)
            row = next((r for r in tally["results"] if r["proposal_id"] == proposal.id), None) if tally else None
            if row is not None:
                card["row"] = {key: row[key] for key in ("rank", "value", "carried_by_all")}
                card["row"]["unit"] = value_unit(round_.method)
        facts["spotlight_card"] = card
    return facts


def drawn_tally(round_id: int) -> dict[str, Any] | None:
    """The ``tally`` event as screens and consoles get it: with what their bars draw."""
    round_ = results.round_facts(round_id)
    if round_ is None:
        return None
    return {"round_id": round_.id, "version": round_.version,
            **results.results_payload(round_, sequence=True, drawn=True)}


# --- live payloads for the screen (computed once per event, sent to the screen room) ----------

def presence_payload(summary: dict[str, Any]) -> dict[str, Any]:
    """Joined and voted per group (the join and vote panels); not who is connected."""
    return {"round_id": summary["round_id"],
            "groups": [{key: row[key] for key in ("key", "name", "joined", "voted")}
                       for row in summary["groups"]]}


def proposal_payload(proposal: dict[str, Any]) -> dict[str, Any]:
    """A published proposal's card (title, field, the language it is written in); of any other
    only that it left the wall."""
    if proposal.get("state") == ProposalState.PUBLISHED:
        card = {key: proposal.get(key) for key in ("id", "title", "field", "state", "supporters")}
        if proposal.get("table") is not None:  # the table it was written at (table_screen)
            card["table"] = proposal["table"]
        if proposal.get("kind") == ProposalKind.MEASURE:  # the measures step: the screen groups by goal
            card.update({key: proposal.get(key) for key in ("kind", "parent", "responsible")})
        if not has_app_context():  # a burst flushed outside the app: the screen uses its own language
            return card
        try:  # proposal cards go out from memory even while the database is away: then without
            card["lang"], language = _languages_of(proposal["id"])
        except SQLAlchemyError:
            db.session.rollback()
            return card
        return _soft_hyphens(card, language)
    return {"id": proposal["id"], "state": proposal["state"]}


def workshop_payload(changes: dict[str, Any]) -> dict[str, Any]:
    """Of a settings change, what the screen shows: state, timer, spotlight, theme and title."""
    payload = {key: changes[key] for key in _WORKSHOP_KEYS if key in changes}
    if isinstance(changes.get("settings"), dict) and "title" in changes["settings"]:
        payload["settings"] = {"title": changes["settings"]["title"]}
    return payload


def tally_on_screen(workshop_id: int, round_id: int) -> bool:
    """Whether the screen shows this round's results right now (else it gets no tally)."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or not shows_screen(workshop):
        return False
    round_ = screen_round(workshop)
    return round_ is not None and round_.id == round_id and results_shown(
        workshop, round_, panel_mode(workshop, round_))


def results_shown(workshop: Workshop, round_, mode: str) -> bool:
    return mode == ScreenMode.RESULTS or (mode == ScreenMode.VOTE and round_.live_results)


# --- what the panel shows (decided once for the page, the snapshot and the live events) -----

def panel_mode(workshop: Workshop, round_) -> ScreenMode:
    if workshop.spotlight_proposal_id is not None:
        return ScreenMode.SPOTLIGHT
    if not workshop.is_open:
        return ScreenMode.JOIN
    if table_screen.shown_table(workshop) is not None:
        return ScreenMode.TABLE  # a table's wall the moderator put on the screen (table_screen.show_table)
    if round_ is not None and round_.id == workshop.screen_round_id and round_.state == RoundState.CLOSED:
        return _results_mode(round_)  # a closed round the moderator put on the screen (show_round)
    if workshop.phase == Phase.LOBBY:
        return ScreenMode.JOIN
    if workshop.phase == Phase.MEASURES and measures.any_open(workshop):
        return ScreenMode.MEASURES  # the goals open for measures with their measures (services.measures)
    if workshop.phase == Phase.RESULTS and round_ is not None and round_.state == RoundState.CLOSED:
        return _results_mode(round_)
    if workshop.phase in (Phase.VOTE, Phase.RESULTS) and round_ is not None:
        return ScreenMode.VOTE
    if table_screen.shows_progress(workshop):
        return ScreenMode.TABLES  # collecting at tables: every table's progress
    return ScreenMode.COLLECT if workshop.phase in (Phase.COLLECT, Phase.VOTE, Phase.RESULTS) else ScreenMode.JOIN


def _results_mode(round_) -> ScreenMode:
    """A closed feasibility round's results are the priority × feasibility matrix."""
    return ScreenMode.MATRIX if getattr(round_, "purpose", None) == RoundPurpose.FEASIBILITY else ScreenMode.RESULTS

