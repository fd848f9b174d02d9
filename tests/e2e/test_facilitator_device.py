"""Issue 17 (tables): the facilitator's tablet and the projector, in real Chromium.

A facilitator at a 1024×768 tablet enters two paper cards for the table and merges them; a
projector that shows this table's wall gets both cards pushed and loses the merged one, without
reloading. The projector's tables panels fit at 1280×720 and 1920×1080: ten tables' progress
(name, field, cards, groups seated) and one table's wall of many cards (fit, then page).
Screenshots go to test-artifacts/ and /work/notes/shots when that folder exists.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_screen_fit import SIZES, _all_visible, _app

SHOTS = Path("/work/notes/shots")
CARD_TITLES = [
    "Mehr Kitaplätze für Kinder unter drei Jahren", "Familienbüro im Rathaus mit Abendsprechzeiten",
    "Sichere Schulwege mit Tempo 30", "Spielplatz am Stadtpark sanieren", "Elterncafé in jeder Kita",
    "Jugendzentrum länger öffnen", "Mehrsprachige Informationen für Eltern", "Barrierefreie Bushaltestellen",
    "Ferienbetreuung für Berufstätige ausbauen", "Hebammenversorgung verbessern",
    "Schulsozialarbeit an allen Schulen", "Familienpass mit Ermäßigungen", "Radwege zu den Schulen schließen",
    "Mittagessen in Kita und Schule kostenfrei",
]


def _shot(page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / name))
    if SHOTS.is_dir():
        shutil.copyfile(artifacts / name, SHOTS / name)


@pytest.fixture(scope="module")
def room(server):
    """A workshop collecting at ten tables (people seated, cards written at some); the first
    table's facilitator link; a second workshop whose screen shows one table of many cards."""
    from workshop_app.domain.joincodes import generate_secret, hash_secret
    from workshop_app.domain.phases import WorkshopState
    from workshop_app.extensions import db
    from workshop_app.models import Participant, StakeholderGroup
    from workshop_app.services import (
        moderation,
        processes,
        table_screen,
        tables,
        workshops,
    )
    from workshop_app.services import (
        room as room_service,
    )
    from workshop_app.services.plumbing import tx
    from workshop_app.services.plumbing.audit import SYSTEM

    app = _app(server)
    facts = {}
    with app.test_request_context():
        def workshop(title):
            process = processes.create_process(SYSTEM, municipality="Musterstadt", title=title,
                                               template="familiengerechte_kommune")
            made, _secret = workshops.create_workshop(SYSTEM, process, title=title)
            with tx.write():
                made.change_state(WorkshopState.OPEN)
            return made, list(process.fields)

        made, fields = workshop("Auftaktwerkstatt an Tischen")
        names = ["Tisch Nord", "Tisch Süd", "Tisch am Fenster", "Tisch 4", "Tisch 5", "Tisch 6",
                 "Tisch 7", "Tisch 8", "Tisch 9", "Tisch an der Bühne neben dem Eingang zum Saal"]
        made_tables = [tables.create(SYSTEM, made.id, name=name, field=fields[i % len(fields)].id)
                       for i, name in enumerate(names)]
        _table, secret = tables.facilitator_link(SYSTEM, made.id, made_tables[0].id)
        groups = db.session.scalars(db.select(StakeholderGroup).filter_by(workshop_id=made.id)).all()
        with tx.write():
            for i in range(34):
                db.session.add(Participant(workshop_id=made.id, group_id=groups[i % len(groups)].id,
                                           secret_hash=hash_secret(generate_secret()),
                                           table_id=made_tables[i % 10].id))
        for i, title in enumerate(CARD_TITLES[:9]):
            table = made_tables[(i * 3) % 10]
            moderation.add(SYSTEM, made.id, title=title, field=table.field_id, table_id=table.id)
        room_service.change_phase(SYSTEM, made.id, "collect")
        facts.update(code=made.join_code, workshop=made.id, screen=made.screen_secret, secret=secret,
                     first=made_tables[0].id, first_name=names[0])

        wall, wall_fields = workshop("Werkstatt mit vollem Tisch")
        big = tables.create(SYSTEM, wall.id, name="Tisch Familie und Beruf", field=wall_fields[1].id)
        tables.create(SYSTEM, wall.id, name="Tisch Bildung", field=wall_fields[2].id)
        for title in CARD_TITLES:
            moderation.add(SYSTEM, wall.id, title=title, field=big.field_id, table_id=big.id, from_paper=True)
        room_service.change_phase(SYSTEM, wall.id, "collect")
        table_screen.show_table(SYSTEM, wall, big.id)
        facts.update(wall_screen=wall.screen_secret)
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    return facts


def _show_table(server, workshop_id: int, table_id: int | None) -> None:
    from workshop_app.extensions import db
    from workshop_app.models import Workshop
    from workshop_app.services import table_screen
    from workshop_app.services.plumbing.audit import SYSTEM

    app = _app(server)
    with app.test_request_context():
        table_screen.show_table(SYSTEM, db.session.get(Workshop, workshop_id), table_id)
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()


def _screen(new_context, server, secret: str, mode: str, size=(1280, 720)):
    page = new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(f"{server.url}/screen/{secret}")
    expect(page.locator("#panel")).to_have_attribute("data-mode", mode)
    page.wait_for_function("() => window.ZW && ZW.screen && ZW.screen.state() !== null")
    page.evaluate("() => document.fonts.ready")
    page.evaluate("() => ZW.screen.layout()")
    return page


def test_tablet_enters_two_paper_cards_and_merges_them(server, room, new_context, artifacts):
    _show_table(server, room["workshop"], room["first"])
    screen = _screen(new_context, server, room["screen"], "table")
    expect(screen.locator(".table-wall h2")).to_contain_text(room["first_name"])
    before = screen.locator(".table-wall .wall-card").count()

    tablet = new_context(viewport={"width": 1024, "height": 768}, has_touch=True).new_page()
    tablet.goto(f"{server.url}/table/{room['secret']}")
    tablet.wait_for_function("() => window.ZW && ZW.facilitator && ZW.facilitator.state() !== null")
    expect(tablet.locator("h1")).to_contain_text(room["first_name"])
    for title in ("Längere Öffnungszeiten im Rathaus", "Öffnungszeiten im Rathaus verlängern"):
        tablet.locator("#card-title").fill(title)
        tablet.locator("#card-form button[type=submit]").click()
        expect(tablet.locator("#cards .table-card", has_text=title)).to_be_visible()
        expect(tablet.locator("#card-title")).to_have_value("")
        # the projector draws it from the push, without a reload
        expect(screen.locator(".table-wall .wall-card", has_text=title)).to_be_visible()
    expect(screen.locator(".table-wall .wall-card")).to_have_count(before + 2)
    # the two look alike: the device hints at it on both cards (from the push)
    expect(tablet.locator("#cards .table-card .table-card-similar")).to_have_count(2)
    _shot(tablet, artifacts, "stations-facilitator-1024x768.png")

    kept = tablet.locator("#cards .table-card", has_text="Längere Öffnungszeiten im Rathaus")
    twin = tablet.locator("#cards .table-card", has_text="Öffnungszeiten im Rathaus verlängern")
    twin.locator("input[name=merge]").check()
    kept.locator("input[name=into]").check()
    tablet.locator("#merge-form button[type=submit]").click()
    expect(tablet.locator("h1")).to_contain_text(room["first_name"])  # the preview names the table
    tablet.locator("form button[type=submit]").first.click()  # merge now
    expect(tablet.locator("#merged .merged-card", has_text="Öffnungszeiten im Rathaus verlängern")).to_be_visible()
    expect(tablet.locator("#cards .table-card", has_text="Öffnungszeiten im Rathaus verlängern")).to_have_count(0)
    expect(screen.locator(".table-wall .wall-card", has_text="Öffnungszeiten im Rathaus verlängern")).to_have_count(0)
    expect(screen.locator(".table-wall .wall-card")).to_have_count(before + 1)
    _shot(tablet, artifacts, "stations-facilitator-merged-1024x768.png")
    _show_table(server, room["workshop"], None)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_ten_tables_progress_fits(server, room, new_context, artifacts, width, height):
    page = _screen(new_context, server, room["screen"], "tables", (width, height))
    tiles = page.locator(".table-tile")
    expect(tiles).to_have_count(10)
    clipped = page.evaluate("""() => {
      const footer = document.querySelector('.screen-footer').getBoundingClientRect();
      return Array.from(document.querySelectorAll('.table-tile')).filter(t => {
        const r = t.getBoundingClientRect();
        return t.scrollHeight > t.clientHeight + 1 || t.scrollWidth > t.clientWidth + 1 || r.bottom > footer.top + 0.5
          || r.right > innerWidth + 0.5 || r.left < -0.5;
      }).map(t => t.querySelector('h3').textContent.trim());
    }""")
    assert clipped == []
    expect(tiles.first.locator(".table-tile-groups li")).to_have_count(3)
    _shot(page, artifacts, f"stations-screen-tables-{width}x{height}.png")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_one_tables_wall_fits_or_pages(server, room, new_context, artifacts, width, height):
    page = _screen(new_context, server, room["wall_screen"], "table", (width, height))
    found = _all_visible(page, ".wall-card")
    assert found["items"] == len(CARD_TITLES)
    _shot(page, artifacts, f"stations-screen-table-wall-{width}x{height}.png")


def test_no_serious_accessibility_finding_on_the_tablet_and_the_tables_screen(server, room, browser):
    from tests.e2e.a11y_support import axe_context, serious_findings

    context = axe_context(browser, viewport={"width": 1024, "height": 768}, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/table/{room['secret']}")
        page.wait_for_function("() => window.ZW && ZW.facilitator && ZW.facilitator.state() !== null")
        assert serious_findings(page) == []
        for secret, mode in ((room["screen"], "tables"), (room["wall_screen"], "table")):
            page.goto(f"{server.url}/screen/{secret}")
            expect(page.locator("#panel")).to_have_attribute("data-mode", mode)
            page.wait_for_function("() => window.ZW && ZW.screen && ZW.screen.state() !== null")
            assert serious_findings(page) == [], mode
    finally:
        context.close()
