"""Languages: the installation's list restricts the switcher and the locale; a workshop's own list
narrows both on its participant pages; Arabic and Farsi pages are right-to-left; what
participants write is kept exactly as written; the accessibility statement names the contact the
organizer set."""
from __future__ import annotations

import re

import pytest

from tests.integration.participant_support import api_join, bearer, create_workshop, in_app, set_workshop
from workshop_app.extensions import db
from workshop_app.models import Process, Proposal

ALL = ["de", "en", "uk", "ar", "fa", "tr", "ru"]


@pytest.fixture
def app_config():
    return {"LANGUAGES": ["de", "en", "ar", "fa", "uk"], "ACCESSIBILITY_CONTACT": "barrierefrei@stadt.example"}


@pytest.fixture
def client(app):
    """A browser that states no language preference (the suite's default client says "en")."""
    browser = app.test_client()
    browser.environ_base["HTTP_ACCEPT_LANGUAGE"] = ""
    return browser


def _switcher(html: bytes) -> list[str]:
    nav = re.search(rb'<ul class="lang-switch">(.*?)</ul>', html, re.S)
    assert nav, "page has no language switcher"
    return [code.decode() for code in re.findall(rb'hreflang="([a-z-]+)"', nav.group(1))]


def _html_tag(html: bytes) -> tuple[str, str]:
    match = re.search(rb'<html lang="([^"]+)" dir="([^"]+)">', html)
    assert match
    return match.group(1).decode(), match.group(2).decode()


def test_installation_languages_restrict_switcher_and_locale(client):
    assert _switcher(client.get("/").data) == ["de", "en", "ar", "fa", "uk"]
    # Russian is one of the seven catalogues but not offered here: neither chosen nor negotiated.
    client.get("/lang/ru?next=/")
    assert _html_tag(client.get("/").data)[0] == "de"
    assert _html_tag(client.get("/", headers={"Accept-Language": "ru,tr;q=0.9"}).data)[0] == "de"
    assert _html_tag(client.get("/", headers={"Accept-Language": "uk,de;q=0.5"}).data)[0] == "uk"
    client.get("/lang/en?next=/privacy")
    assert _html_tag(client.get("/privacy").data) == ("en", "ltr")


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_right_to_left_pages(client, code):
    response = client.get(f"/lang/{code}?next=/easy")
    assert response.status_code == 302 and response.headers["Location"].endswith("/easy")
    page = client.get("/easy")
    assert _html_tag(page.data) == (code, "rtl")
    # Each language name in the switcher is marked with its own language (and reads in it).
    assert f'lang="{code}" hreflang="{code}" aria-current="true"'.encode() in page.data


def test_language_link_is_no_open_redirect(client):
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.get("/lang/en", query_string={"next": target})
        assert response.headers["Location"] in ("/", "http://localhost/")


def test_workshop_languages_narrow_participant_pages(app, client):
    workshop = create_workshop(app)
    with in_app(app):
        set_workshop(workshop.id, languages="de,ar,ru")  # ru is not offered by the installation
    join_page = client.get(f"/j/{workshop.join_code}")
    assert _switcher(join_page.data) == ["de", "ar"]
    # English is offered by the installation but not by this workshop: its pages stay German.
    client.get(f"/lang/en?next=/j/{workshop.join_code}")
    assert _html_tag(client.get(f"/j/{workshop.join_code}").data)[0] == "de"
    assert _switcher(client.get("/").data) == ["de", "en", "ar", "fa", "uk"]  # elsewhere: all
    assert _html_tag(client.get("/").data)[0] == "en"
    client.get(f"/lang/ar?next=/j/{workshop.join_code}")
    token = api_join(client, workshop.join_code).get_json()["token"]
    assert token
    home = client.get(f"/w/{workshop.join_code}")
    assert home.status_code == 200
    assert _switcher(home.data) == ["de", "ar"]
    assert _html_tag(home.data) == ("ar", "rtl")


TEXTS = [
    "گروه‌های کودکان",  # Farsi with a zero-width non-joiner
    "مزيد من أماكن الحضانة ١٢٣",
    "Більше місць у дитсадках",
    "İstanbul ılık Işık",
    "Family 👨‍👩‍👧‍👦 time 🏳️‍🌈",
    "abc \u202eevil\u202c def \u2067x\u2069",  # bidi controls: kept, but isolated on the page
]


def test_participant_text_is_kept_as_written_and_isolated(app, client):
    workshop = create_workshop(app)
    joined = api_join(client, workshop.join_code).get_json()
    for text in TEXTS:
        response = client.post(f"/api/v1/workshops/{workshop.join_code}/proposals",
                               json={"title": text}, headers=bearer(joined["token"]))
        assert response.status_code == 201, response.get_json()
    with in_app(app):
        stored = db.session.scalars(db.select(Proposal.title).filter_by(workshop_id=workshop.id)
                                    .order_by(Proposal.id)).all()
    assert stored == TEXTS
    page = client.get(f"/w/{workshop.join_code}").get_data(as_text=True)
    for text in TEXTS:
        # Rendered unchanged, inside an isolating element, so it cannot reorder the interface.
        assert re.search(r"<bdi( data-field=\"[a-z_.]+\")?>" + re.escape(text) + r"</bdi>", page), text


def test_accessibility_statement_names_the_process_contact(app, client):
    workshop = create_workshop(app)
    with in_app(app):
        process = db.session.get(Process, workshop.process_id)
        process.accessibility_contact = "Frau Ayşe Demir, Rathaus Zimmer 12"
        db.session.commit()
    home = client.get(f"/j/{workshop.join_code}").get_data(as_text=True)
    link = f'href="/accessibility?process={workshop.process_id}"'
    assert link in home, "the workshop's pages link to the statement of their process"
    statement = client.get(f"/accessibility?process={workshop.process_id}").get_data(as_text=True)
    assert "<bdi class=\"contact\">Frau Ayşe Demir, Rathaus Zimmer 12</bdi>" in statement
    # Without a process (or an unknown one), the installation's contact is shown.
    for path in ("/accessibility", "/accessibility?process=999999", "/accessibility?process=x"):
        page = client.get(path)
        assert page.status_code == 200
        assert b'href="mailto:barrierefrei@stadt.example"' in page.data


def test_organizer_sets_the_feedback_contact(app, client, make_user):
    from tests.conftest import csrf_token_from, login

    workshop = create_workshop(app)
    make_user()
    login(client)
    path = f"/organize/processes/{workshop.process_id}/edit"
    form = client.get(path)
    assert b'name="accessibility_contact"' in form.data
    response = client.post(path, data={
        "csrf_token": csrf_token_from(form), "municipality": "Musterstadt", "title": "FGK",
        "implementation_years": "3", "accessibility_contact": "inklusion@musterstadt.example"})
    assert response.status_code in (302, 303), response.data[:500]
    with in_app(app):
        assert db.session.get(Process, workshop.process_id).accessibility_contact == "inklusion@musterstadt.example"
    statement = client.get(f"/accessibility?process={workshop.process_id}")
    assert b'href="mailto:inklusion@musterstadt.example"' in statement.data
