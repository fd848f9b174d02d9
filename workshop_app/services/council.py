"""Linking goals and measures to council decisions (OParl papers, meetings, agenda items).

The set of linked URLs is validated as a whole against ``OPARL_ENDPOINTS`` before anything is
fetched or written (one bad URL: a DomainError, nothing changed). New links are fetched once —
off the event loop, with timeouts and a size limit, under one deadline for the whole batch — and
then stored in one transaction. A failed fetch never fails the request: the link is kept as
"not yet verified" with the reason, and can be refreshed later.
"""
from __future__ import annotations

import time
from dataclasses import replace

from flask import current_app
from sqlalchemy.exc import IntegrityError

from ..domain import oparl as rules
from ..domain.errors import DomainError
from ..domain.oparl import Facts
from ..domain.text import clean_text
from ..extensions import db
from ..models import CouncilPaper, Goal, GoalCouncilPaper, Measure, MeasureCouncilPaper
from ..models.base import utcnow
from ..models.council import Verification
from ..offload import run_blocking
from ..oparl import FetchError, SearchResult, Settings, fetch_facts, search_papers
from .plumbing import audit, tx
from .plumbing.audit import Actor

Target = Goal | Measure
#: Answers that came, but were not a citeable object: "error" rather than "not yet verified".
CONTENT_ERRORS = {"wrong_type", "deleted", "not_oparl"}


def settings() -> Settings:
    return Settings.from_config(current_app.config)


def configured() -> bool:
    return bool(settings().endpoints)


# --- fetching (plain values in and out; runs in a worker thread under gevent) -------------------

def _fetch_batch(urls: list[str], config: Settings) -> dict[str, Facts | FetchError]:
    """Fetch each URL in turn; all of them together get at most twice the single timeout."""
    deadline = time.monotonic() + 2 * config.timeout
    outcomes: dict[str, Facts | FetchError] = {}
    for url in urls:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            outcomes[url] = FetchError("timeout", "batch")
            continue
        try:
            outcomes[url] = fetch_facts(url, replace(config, timeout=min(config.timeout, remaining)))
        except FetchError as error:
            outcomes[url] = error
    return outcomes


def _fetch(urls: list[str]) -> dict[str, Facts | FetchError]:
    return run_blocking(_fetch_batch, list(urls), settings()) if urls else {}


def _apply(paper: CouncilPaper, outcome: Facts | FetchError) -> None:
    now = utcnow()
    paper.checked_at = now
    if isinstance(outcome, Facts):
        paper.kind, paper.name, paper.reference = outcome.kind, outcome.name, outcome.reference
        paper.date, paper.paper_type, paper.web_url = outcome.date, outcome.paper_type, outcome.web
        paper.state, paper.error_code, paper.error_detail = Verification.VERIFIED.value, "", ""
        paper.fetched_at = now
        return
    paper.state = (Verification.ERROR if outcome.code in CONTENT_ERRORS else Verification.UNVERIFIED).value
    paper.error_code, paper.error_detail = outcome.code[:30], outcome.detail[:200]


# --- the links --------------------------------------------------------------------------------

def _links_of(target: Target):
    if isinstance(target, Goal):
        return GoalCouncilPaper, GoalCouncilPaper.goal_id, "goal"
    return MeasureCouncilPaper, MeasureCouncilPaper.measure_id, "measure"


def _process_id(target: Target) -> int:
    return target.process_id if isinstance(target, Goal) else target.goal.process_id


def _reload(target: Target) -> Target:
    return db.session.get(type(target), target.id)


def _paper_for(url: str) -> CouncilPaper:
    """The row of an OParl URL, shared by every goal and measure citing it (made on first use)."""
    paper = db.session.scalar(db.select(CouncilPaper).filter_by(url=url))
    if paper is not None:
        return paper
    try:
        with db.session.begin_nested():  # another request may insert the same URL right now
            paper = CouncilPaper(url=url, state=Verification.UNVERIFIED.value)
            db.session.add(paper)
    except IntegrityError:
        paper = db.session.scalar(db.select(CouncilPaper).filter_by(url=url))
    return paper


def set_papers(actor: Actor, target: Target, urls: object) -> Target:
    """Replace the target's linked council papers by ``urls`` (a list of OParl object URLs)."""
    wanted = rules.check_paper_urls(urls, settings().endpoints)  # DomainError → 422, nothing done
    before = [p.url for p in target.council_papers]
    outcomes = _fetch([u for u in wanted if u not in before])
    model, key, name = _links_of(target)
    with tx.write():
        current = _reload(target)
        db.session.execute(db.delete(model).where(key == current.id))
        for position, url in enumerate(wanted):
            paper = _paper_for(url)
            if url in outcomes:
                _apply(paper, outcomes[url])
            db.session.add(model(**{key.key: current.id}, paper_id=paper.id, position=position))
        if wanted != before:
            audit.record(actor, f"{name}.council_papers", current, process_id=_process_id(current),
                         before={"council_papers": before}, after={"council_papers": wanted})
    db.session.expire_all()
    return _reload(target)


def add_paper(actor: Actor, target: Target, url: object) -> Target:
    if isinstance(url, str):
        url = url.strip()
    return set_papers(actor, target, [p.url for p in target.council_papers] + [url])


def remove_paper(actor: Actor, target: Target, paper_id: int) -> Target:
    return set_papers(actor, target, [p.url for p in target.council_papers if p.id != paper_id])


def refresh(actor: Actor, target: Target, paper_id: int | None = None) -> Target:
    """Fetch the target's papers (or one of them) again and store what the council system says."""
    papers = [p for p in target.council_papers if paper_id is None or p.id == paper_id]
    endpoints = settings().endpoints
    allowed, refused = [], []
    for paper in papers:  # an endpoint removed from the configuration is not fetched any more
        try:
            allowed.append(rules.allowed_url(paper.url, endpoints))
        except DomainError:
            refused.append(paper.url)
    outcomes = _fetch(allowed)
    outcomes.update({url: FetchError("not_allowed") for url in refused})
    _, _, name = _links_of(target)
    with tx.write():
        current = _reload(target)
        for paper in current.council_papers:
            if paper.url in outcomes:
                _apply(paper, outcomes[paper.url])
        audit.record(actor, f"{name}.council_papers_refresh", current, process_id=_process_id(current),
                     after={"refreshed": [p.url for p in papers],
                            "verified": [u for u, o in outcomes.items() if isinstance(o, Facts)]})
    db.session.expire_all()
    return _reload(target)


# --- search -----------------------------------------------------------------------------------

def search(query: str) -> SearchResult:
    """Papers of the configured body matching ``query`` (a read; nothing is stored)."""
    query = clean_text(query, max_length=100)
    config = settings()
    if not config.endpoints:
        rules.allowed_url("", config.endpoints)  # raises the "not configured" DomainError
    return run_blocking(search_papers, query, config)
