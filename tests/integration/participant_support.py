"""Helpers for the participant tests: workshops, rounds and proposals from testkit/builders.py,
and joining through the real HTTP paths."""
from __future__ import annotations

import re
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

from testkit import builders
from workshop_app.domain.phases import Phase, ProposalState, RoundState, WorkshopState
from workshop_app.extensions import db
from workshop_app.models import Workshop
from workshop_app.services.plumbing import locking, tx


@contextmanager
def in_app(app):
    """A short-lived request context for services and assertions. The tests' HTTP requests must
    not run inside it: they would share its ``g`` and database session (one app context)."""
    with app.test_request_context():
        try:
            yield
        finally:
            db.session.remove()


def create_workshop(app, *, state=WorkshopState.OPEN, **options) -> SimpleNamespace:
    with in_app(app):
        row, _secret = builders.new_workshop(builders.new_process(), title="Auftakt", state=state, **options)
        return SimpleNamespace(
            id=row.id, join_code=row.join_code, process_id=row.process_id,
            screen_secret=row.screen_secret,
            fields=[f.id for f in row.process.fields], groups=[g.key for g in row.groups])


@pytest.fixture
def open_workshop(app):
    return create_workshop(app)


def add_proposal(workshop_id: int, title: str, *, state=ProposalState.PUBLISHED,
                 field_id: int | None = None) -> int:
    return builders.add_proposal(workshop_id, title, state=state, field_id=field_id, author_kind="moderator")


def make_round(workshop_id: int, proposal_ids, *, method="dots", budget=None,
               max_per_proposal=None, state=RoundState.OPEN, live_results=False,
               results_published=False) -> int:
    return builders.add_round(workshop_id, proposal_ids, method=method, budget=budget,
                              max_per_proposal=max_per_proposal, state=state, live_results=live_results,
                              results_published=results_published)


def set_round(round_id: int, action: str) -> None:
    with tx.write():
        round_ = locking.lock_round(round_id, exclusive=True)
        round_.apply(action)


def set_phase(workshop_id: int, phase: Phase) -> None:
    with tx.write():
        locking.lock_workshop(workshop_id).change_phase(phase)


def set_workshop(workshop_id: int, **values) -> None:
    with tx.write():
        workshop = locking.lock_workshop(workshop_id)
        for key, value in values.items():
            setattr(workshop, key, value)


def workshop(workshop_id: int) -> Workshop:
    return db.session.get(Workshop, workshop_id)


def csrf_of(client, path="/") -> str:
    page = client.get(path)
    match = re.search(rb'name="csrf-token" content="([^"]+)"', page.data)
    assert match, "page carries no CSRF token"
    return match.group(1).decode()


def api_join(client, code: str, group="politik", **extra):
    """Join through the JSON API with a bearer-less, CSRF-carrying client."""
    facts = client.get(f"/api/v1/workshops/{code}")
    assert facts.status_code == 200, facts.get_json()
    body = {"group": group, **extra}
    return client.post(f"/api/v1/workshops/{code}/join", json=body,
                       headers={"X-CSRFToken": facts.get_json()["csrf_token"]})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def english_client(app):
    """A phone whose browser asks for English (German is the default)."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def client(app):
    return english_client(app)
