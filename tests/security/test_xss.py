"""XSS: ≥ 60 payloads in every user text field, rendered literally in every view (all GET routes
from app.url_map, as every kind of visitor), in the screen's and the console's live payloads,
and in every export format (each opened with its own library)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.conftest import EXPORT_FORMATS, client_as, routes, send
from tests.security.hostile import export_cells, html_problems, load_payloads, plant
from workshop_app.extensions import db, socketio
from workshop_app.models import Proposal, Workshop
from workshop_app.services import moderation
from workshop_app.services.plumbing.audit import SYSTEM

PAYLOADS = load_payloads()
STATIC_JS = Path(__file__).resolve().parents[2] / "static" / "js"


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 60
    for kind in ("<script", "onerror", "<svg", "javascript:", "{{7*7}}", "\u202e", "onfocus"):
        assert any(kind.lower() in p.lower() for p in PAYLOADS), kind


@pytest.fixture(scope="module")
def planted(app, world):
    return plant(app, world, PAYLOADS)


@pytest.mark.parametrize("role", ["anonymous", "participant", "moderator", "organizer"])
def test_every_view_renders_the_payloads_literally(app, world, planted, role):
    client = client_as(app, world, role)
    pages = 0
    failures = []
    for route in routes(app, world, methods={"GET"}):
        response = send(client, route)
        assert response.status_code < 500, route
        if response.mimetype != "text/html" or response.status_code != 200:
            continue
        pages += 1
        body = response.get_data(as_text=True)
        failures += [f"{route}: {p}" for p in html_problems(body, PAYLOADS)]
    assert pages >= 3
    assert not failures, "\n".join(failures[:40])


def test_payloads_reach_the_pages_as_text(app, world, planted):
    """Escaped, not dropped: the participant sees every proposal title as written."""
    from html import unescape
    body = unescape(client_as(app, world, "participant").get(f"/w/{world.a.code}").get_data(as_text=True))
    published = [t for i, t in enumerate(planted["titles"]) if i % 9 != 8]
    missing = [t for t in published if t.strip() and " ".join(t.split()) not in " ".join(body.split())]
    assert len(missing) <= len(published) // 10, missing[:5]


def test_user_text_is_isolated_for_bidi(app, world, planted):
    """Every proposal title sits in an element that isolates its direction (<bdi> or dir=auto)."""
    body = client_as(app, world, "participant").get(f"/w/{world.a.code}").get_data(as_text=True)
    assert "<bdi" in body or 'dir="auto"' in body


def test_live_payloads_carry_the_text_unchanged(app, world, planted):
    screen = socketio.test_client(app, namespace="/screen", auth={"token": world.a.screen_secret})
    console = socketio.test_client(app, namespace="/moderator", auth={"workshop": world.a.code},
                                   flask_test_client=client_as(app, world, "moderator"))
    assert screen.is_connected("/screen") and console.is_connected("/moderator")
    snapshot = repr(screen.get_received("/screen"))
    assert "zwtpl49" not in snapshot
    console.get_received("/moderator")
    sent = PAYLOADS[:12]
    with app.test_request_context():
        workshop = db.session.get(Workshop, world.a.id)
        for text in sent:
            moderation.add(SYSTEM, workshop.id, title=text[:120])
        stored = [p.title for p in db.session.scalars(
            db.select(Proposal).order_by(Proposal.id.desc()).limit(len(sent)))]
        db.session.remove()
    app.extensions["zw_broadcaster"].proposals.flush_all()  # proposal events are coalesced
    for io, namespace in ((screen, "/screen"), (console, "/moderator")):
        titles = [m["args"][0].get("title") for m in io.get_received(namespace) if m["name"] == "proposal"]
        assert set(stored) <= set(titles), namespace
        io.disconnect(namespace)


def test_the_clients_never_parse_received_text_as_html():
    """Live updates are drawn with textContent: no script of ours turns data into markup."""
    sinks = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
             "setTimeout(\"", "setTimeout('")
    for script in STATIC_JS.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not [s for s in sinks if s in text], script.name


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_keeps_the_payloads_as_text(app, world, planted, fmt):
    client = client_as(app, world, "organizer")
    for url in (f"/organize/workshops/{world.a.code}/export/{fmt}",
                f"/organize/processes/{world.process_id}/export/{fmt}"):
        response = client.get(url)
        assert response.status_code == 200, url
        data = response.data
        cells = export_cells(fmt, data)  # opening it at all proves the markup stayed text
        text = "\n".join(cells)
        assert "zwtpl49" not in text
        if fmt == "pdf":
            assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data
            squeezed = "".join(text.split())
            assert "zwtpl{{7*7}}" in squeezed
            continue
        if "workshops" in url:
            expected = [t for i, t in enumerate(planted["titles"]) if i % 9 != 8 and "\u202e" not in t
                        and t.strip() and not t.startswith(("=", "+", "-", "@"))]
            found = [t for t in expected if t.strip() in text]
            assert len(found) >= len(expected) * 0.9, (fmt, sorted(set(expected) - set(found))[:5])
