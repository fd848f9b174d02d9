"""Joining through the HTML forms: open, group codes, single-use tokens; identity cookie; bad codes."""
from __future__ import annotations

import threading

import pytest

from tests.conftest import csrf_token_from
from workshop_app.domain.joincodes import hash_secret
from workshop_app.domain.phases import WorkshopState
from workshop_app.extensions import db
from workshop_app.models import JoinToken, Participant, StakeholderGroup, Workshop
from workshop_app.services.plumbing import tx

from .participant_support import client, create_workshop, english_client, in_app  # noqa: F401


@pytest.fixture
def app_config():
    return {"TOKEN_GUESS_RATE_LIMIT": "1000 per minute"}


def _participants(app):
    with in_app(app):
        return [(p.group.key, p.display_name, p.secret_hash, p.workshop_id)
                for p in db.session.scalars(db.select(Participant))]


def _join(client, code, **data):
    page = client.get(f"/j/{code}")
    return client.post(f"/j/{code}", data={"csrf_token": csrf_token_from(page), **data})


def test_open_join_sets_identity_cookie_and_keeps_it(app, client):
    workshop = create_workshop(app)
    page = client.get(f"/j/{workshop.join_code}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for name in ("Politik", "Verwaltung", "Zivilgesellschaft"):
        assert name in text
    assert 'href="/privacy"' in text and "No IP address" in text

    response = client.post(f"/j/{workshop.join_code}", data={
        "csrf_token": csrf_token_from(page), "group": "verwaltung", "name": "  Anna  "})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/w/{workshop.join_code}")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"zw_participant_{workshop.id}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=2592000" in cookie
    assert "Secure" not in cookie  # plain HTTP on the venue LAN
    secret = cookie.split(";")[0].split("=", 1)[1]

    [(group, name, secret_hash, _)] = _participants(app)
    assert group == "verwaltung" and name == "Anna"
    assert secret_hash == hash_secret(secret) != secret
    assert not any("ip" in column.name.split("_") for column in Participant.__table__.columns)

    home = client.get(f"/w/{workshop.join_code}")
    assert home.status_code == 200 and "Verwaltung" in home.get_data(as_text=True)
    # Scanning the QR code again (reload, closed tab) keeps the identity: no second participant.
    again = client.get(f"/j/{workshop.join_code.lower()}")
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/w/{workshop.join_code}")
    assert len(_participants(app)) == 1


def test_code_is_forgiving_and_start_page_redirects(app, client):
    workshop = create_workshop(app)
    code = workshop.join_code
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    response = client.get("/join", query_string={"code": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/j/{code}")
    assert client.get(f"/j/{code[:3]}-{code[3:].lower()}").status_code == 200


def test_unknown_and_closed_workshops_are_refused(app, client):
    response = client.get("/j/ZZZZZZ")
    assert response.status_code == 404
    assert "There is no workshop with this code" in response.get_data(as_text=True)
    assert 'value="ZZZZZZ"' in response.get_data(as_text=True)  # the code is kept for correcting

    # A draft is not public: its code answers like an unknown one (issue 13).
    draft = create_workshop(app, state=WorkshopState.DRAFT)
    assert client.get(f"/j/{draft.join_code}").status_code == 404
    closed = create_workshop(app)
    with in_app(app), tx.write():
        db.session.get(Workshop, closed.id).change_state(WorkshopState.CLOSED)
    page = client.get(f"/j/{closed.join_code}")
    assert page.status_code == 200 and "not open" in page.get_data(as_text=True)
    response = client.post(f"/j/{closed.join_code}", data={
        "csrf_token": csrf_token_from(page), "group": "politik"})
    assert response.status_code == 409 and "not open" in response.get_data(as_text=True)
    assert _participants(app) == []


@pytest.mark.parametrize("data, message", [
    ({}, "Please choose one of the offered options."),
    ({"group": "presse"}, "Please choose one of the offered options."),
    ({"group": "politik", "name": "x" * 61}, "At most 60 characters"),
    ({"group": "politik", "name": "Anna\x07"}, "control characters"),
])
def test_bad_join_input_is_explained_and_nothing_stored(app, client, data, message):
    workshop = create_workshop(app)
    response = _join(client, workshop.join_code, **data)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text and 'aria-invalid="true"' in text
    assert "Set-Cookie" not in response.headers or "zw_participant" not in response.headers["Set-Cookie"]
    assert _participants(app) == []


def test_join_without_or_with_foreign_csrf_token_is_refused(app, client):
    workshop = create_workshop(app)
    client.get(f"/j/{workshop.join_code}")
    assert client.post(f"/j/{workshop.join_code}", data={"group": "politik"}).status_code == 400
    other = english_client(app)
    foreign = csrf_token_from(other.get(f"/j/{workshop.join_code}"))
    response = client.post(f"/j/{workshop.join_code}", data={"group": "politik", "csrf_token": foreign})
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert _participants(app) == []


def test_german_messages(app, client):
    workshop = create_workshop(app)
    client.get("/lang/de")
    response = _join(client, workshop.join_code)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert '<html lang="de"' in text and "Datenschutz" in text


def _with_group_codes(app, workshop):
    with in_app(app), tx.write():
        target = db.session.get(Workshop, workshop.id)
        target.join_mode = "group_codes"
        for group, code in zip(target.groups, ("GRPAAA", "GRPBBB", "GRPCCC")):
            group.join_code = code


def test_group_codes_fix_the_group(app, client):
    workshop = create_workshop(app)
    _with_group_codes(app, workshop)
    page = client.get(f"/j/{workshop.join_code}")
    assert "code of your group" in page.get_data(as_text=True)
    refused = client.post(f"/j/{workshop.join_code}", data={
        "csrf_token": csrf_token_from(page), "group": "politik"})
    assert refused.status_code == 422 and _participants(app) == []

    page = client.get("/j/grpbbb")
    assert page.status_code == 200 and "Verwaltung" in page.get_data(as_text=True)
    # A self-declared group in the form is ignored: the code decides.
    response = client.post("/j/GRPBBB", data={"csrf_token": csrf_token_from(page), "group": "politik"})
    assert response.status_code == 303
    [(group, _, _, workshop_id)] = _participants(app)
    assert group == "verwaltung" and workshop_id == workshop.id


def _tokens(app, workshop, *codes, group_key=None):
    with in_app(app), tx.write():
        target = db.session.get(Workshop, workshop.id)
        target.join_mode = "tokens"
        group = db.session.scalar(db.select(StakeholderGroup).filter_by(
            workshop_id=workshop.id, key=group_key)) if group_key else None
        for code in codes:
            db.session.add(JoinToken(workshop_id=workshop.id, code=code,
                                     group_id=group.id if group else None))


def test_single_use_token(app, client):
    workshop = create_workshop(app)
    _tokens(app, workshop, "TKNAAA", group_key="zivilgesellschaft")
    page = client.get(f"/j/{workshop.join_code}")
    assert "Personal code from your card" in page.get_data(as_text=True)
    no_token = client.post(f"/j/{workshop.join_code}", data={
        "csrf_token": csrf_token_from(page), "group": "politik"})
    assert no_token.status_code == 422 and "personal printed code" in no_token.get_data(as_text=True)

    response = _join(client, "tknaaa")
    assert response.status_code == 303
    [(group, _, _, _)] = _participants(app)
    assert group == "zivilgesellschaft"
    with in_app(app):
        token = db.session.scalar(db.select(JoinToken).filter_by(code_hash=JoinToken.code_digest("TKNAAA")))
        assert token.redeemed_at is not None and token.participant_id is not None

    second = english_client(app)
    page = second.get("/j/TKNAAA")
    response = second.post("/j/TKNAAA", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 422 and "already been used" in response.get_data(as_text=True)
    assert len(_participants(app)) == 1


def test_ten_phones_redeeming_one_token_at_once_yield_one_participant(app):
    workshop = create_workshop(app)
    _tokens(app, workshop, "RACEAA", group_key="politik")
    code = workshop.join_code
    clients = [english_client(app) for _ in range(10)]
    tokens = []
    for c in clients:
        facts = c.get(f"/api/v1/workshops/{code}").get_json()
        tokens.append(facts["csrf_token"])
    barrier = threading.Barrier(10)
    statuses = []

    def redeem(c, csrf):
        barrier.wait()
        response = c.post(f"/api/v1/workshops/{code}/join", json={"token": "RACEAA"},
                          headers={"X-CSRFToken": csrf})
        statuses.append((response.status_code, (response.get_json().get("error") or {}).get("code")))

    threads = [threading.Thread(target=redeem, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses)[0] == (201, None)
    assert sorted(statuses)[1:] == [(422, "token_used")] * 9
    assert len(_participants(app)) == 1


def test_failed_token_guesses_are_rate_limited(app):
    app.config["TOKEN_GUESS_RATE_LIMIT"] = "3 per minute"
    workshop = create_workshop(app)
    client = english_client(app)
    for _ in range(5):  # successful look-ups do not count
        assert client.get(f"/j/{workshop.join_code}").status_code == 200
    assert [client.get(f"/j/WRONG{n}").status_code for n in range(3)] == [404] * 3
    blocked = client.get("/j/WRONGX")
    assert blocked.status_code == 429 and "Too many attempts" in blocked.get_data(as_text=True)
    # The JSON API shares the same budget, and so does a used token.
    assert english_client(app).get("/api/v1/workshops/NOPEAA").status_code == 429
