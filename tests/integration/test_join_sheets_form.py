"""Token and group-code sheets (issue 15 item 10): date and venue, the workshop's languages, a page
per group, addresses that never break inside the code; group-code sheets only in group-code mode."""
from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from tests.conftest import login
from workshop_app.domain.phases import WorkshopState
from workshop_app.extensions import db
from workshop_app.models import Workshop
from workshop_app.services import joinsheets
from workshop_app.services.plumbing.audit import SYSTEM


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_group_code_sheet_has_a_page_per_group_with_date_venue_and_explanation(client, make_user, make_workshop):
    workshop = make_workshop(join_mode="group_codes", date_=date(2026, 3, 14), venue="Rathaus, Großer Saal",
                             languages="de,en,uk,ar")
    make_user()
    login(client)
    response = client.get(f"/organize/workshops/{workshop.join_code}/group-codes.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = _pages(response.data)
    groups = list(db.session.get(Workshop, workshop.id).groups)
    assert len(pages) == len(groups)  # ten copies of each group's card: one page each
    for page, group in zip(pages, groups, strict=True):
        assert "2026-03-14 · Rathaus, Großer Saal" in page  # the organizer's language (English here)
        assert page.count(group.join_code) == 20  # ten cards: the code and the address ending with it
        assert all(other.join_code not in page for other in groups if other is not group)
        assert "group named on them" in page or "Gruppe" in page  # explains itself
        flat = "".join(page.split())
        assert f"/{group.join_code}" in flat  # the address ends with the whole code


def test_group_code_sheet_is_refused_outside_group_code_mode(client, make_user, make_workshop):
    workshop = make_workshop(join_mode="open")
    make_user()
    login(client)
    response = client.get(f"/organize/workshops/{workshop.join_code}/group-codes.pdf")
    assert response.status_code == 422
    assert "group codes" in response.get_data(as_text=True).lower()


def test_token_sheet_names_date_and_venue_and_pages_by_group(ctx, make_workshop):
    workshop = make_workshop(join_mode="tokens", state=WorkshopState.DRAFT, date_=date(2026, 3, 14),
                             venue="Aula")
    first, second = workshop.groups[0], workshop.groups[1]
    joinsheets.create_tokens(SYSTEM, workshop, 3, first.id)
    joinsheets.create_tokens(SYSTEM, workshop, 2, second.id)
    target = db.session.get(Workshop, workshop.id)
    pages = _pages(joinsheets.token_sheet(target, lambda code: f"https://x.example/j/{code}"))
    assert len(pages) == 2
    assert first.name in pages[0] and second.name not in pages[0] and second.name in pages[1]
    assert all("14.03.2026 · Aula" in page for page in pages)
