"""Issue 17, acceptance: a three-table world café with two rotations and a ranking round.

Real Chromium everywhere: a moderator's console (1366×768), six phones (390×844, two per
stakeholder group; three join by the workshop code, three by a table's QR link), one facilitator
tablet (1024×768) and the projector (1280×720, photographed at 1920×1080 too). The moderator sets
up three tables in the console (each with a field of action), balances the groups, starts
collecting; every phone writes a card at its table (it lands in the table's field); the tablet
enters a paper card and merges it with its duplicate; the screen shows every table's progress and
one table's wall on demand; the moderator rotates twice and every phone follows to its next table
and sees what the people before wrote there; then the agenda's ranking round (3 places) over the
goal proposals, ranked on the phones by tapping, closed from the console, shown on the screen.
Phones and screen never load a page after they came up (a value set on ``window`` survives).
Screenshots: /work/notes/shots/cafe-*.png when that folder exists, else test-artifacts/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.api_support import ApiModerator

TIMEOUT = 15000
NOTES = Path("/work/notes/shots")
GROUPS = ("Politik", "Verwaltung", "Zivilgesellschaft", "Politik", "Verwaltung", "Zivilgesellschaft")
TABLES = ("Tisch A", "Tisch B", "Tisch C")
FIRST_CARDS = ("Kita-Öffnungszeiten bis 18 Uhr", "Familienbüro mit Abendsprechstunde",
               "Zebrastreifen an der Grundschule", "Mehr Bänke und Schatten am Marktplatz",
               "Ferienprogramm mit Übernachtung", "Jugendtreff im Ortsteil Süd")
SECOND_CARDS = ("Elterncafé in jeder Kita", "Mehrsprachige Elternbriefe", "Radweg zur Gesamtschule",
                "Spielplatz am Stadtpark sanieren", "Hebammensprechstunde im Rathaus",
                "Busverbindung am Abend")


@pytest.fixture(scope="module")
def moderator(server):
    return ApiModerator(server)


@dataclass
class Cafe:
    """The room under test: its pages, and what the test learnt on the way."""

    server: object
    artifacts: Path
    console: object = None
    screen: object = None
    tablet: object = None
    phones: list = field(default_factory=list)
    fields: list = field(default_factory=list)  # the three tables' fields of action
    table_ids: list = field(default_factory=list)
    seats: dict = field(default_factory=dict)  # phone index -> table position after balancing
    written: dict = field(default_factory=lambda: {0: [], 1: [], 2: []})  # table position -> titles
    loads: list = field(default_factory=list)  # (name, url) of every document load of a watched page
    watched: dict = field(default_factory=dict)  # name -> page that must not load again
    facilitator_url: str = ""
    qr_links: list = field(default_factory=list)

    def shot(self, page, name: str) -> None:
        folder = NOTES if NOTES.is_dir() else self.artifacts
        page.screenshot(path=str(folder / f"cafe-{name}.png"))

    def watch(self, page, name: str) -> None:
        """Mark the loaded document; any later page load would lose the mark and is logged."""
        page.evaluate("name => { window.__cafe = name; }", name)
        if name not in self.watched:
            page.on("request", lambda r: self.loads.append((name, r.url)) if r.resource_type == "document" else None)
        self.watched[name] = page

    def own_load(self, page, name: str) -> None:
        """The page loaded because of its own plain form: forget that load, mark the new page."""
        self.loads[:] = [load for load in self.loads if load[0] != name]
        page.evaluate("name => { window.__cafe = name; }", name)

    def still_same(self) -> None:
        assert self.loads == [], self.loads
        for name, page in self.watched.items():
            assert page.evaluate("() => window.__cafe") == name, f"{name} was reloaded"

    def at(self, position: int, rotation: int = 0) -> set:
        """The groups seated at a table after ``rotation`` rotations."""
        return {GROUPS[i] for i, p in self.seats.items() if (p + rotation) % 3 == position}


def _propose(cafe: Cafe, index: int, title: str) -> None:
    """A phone's own proposal is a plain form post (the page answers)."""
    page = cafe.phones[index]
    page.get_by_label("Your proposed goal").fill(title)
    with page.expect_navigation():
        page.get_by_role("button", name="Send proposal").click()
    page.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")
    cafe.own_load(page, f"phone-{index}")
    expect(page.locator("#table-wall")).to_contain_text(title, timeout=TIMEOUT)


def _seated(tablet, groups) -> None:
    """The tablet's "seated here" list: one of each of these groups, none of the others."""
    for group in set(GROUPS):
        count = tablet.locator("#seats li").filter(has=tablet.locator("bdi", has_text=group)).locator(".count")
        expect(count).to_have_text("1" if group in groups else "0", timeout=TIMEOUT)


def _phone(new_context):
    return new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                       locale="en-US").new_page()


def _join(page, url: str, group: str, code: str) -> None:
    page.goto(url)
    page.get_by_label(group).check()
    page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(rf"/w/{code}(#table)?$"))
    page.wait_for_function("() => window.ZW && ZW.phone && ZW.phone.state() !== null")


def _tile(screen, table_id: int):
    return screen.locator(f'.table-tile[data-table="{table_id}"]')


def _facts(server, code: str) -> dict:
    """What the database holds at the end (read in this process, on the server's database)."""
    from workshop_app.extensions import db
    from workshop_app.models import Ballot, Proposal, VotingRound, Workshop

    app = server.app()
    with app.test_request_context():
        workshop = db.session.scalar(db.select(Workshop).filter_by(join_code=code))
        cards = {p.title: (p.table_id, p.field_id, p.state, p.author_kind)
                 for p in db.session.scalars(db.select(Proposal).filter_by(workshop_id=workshop.id))}
        round_ = db.session.scalar(db.select(VotingRound).filter_by(workshop_id=workshop.id)
                                   .order_by(VotingRound.id.desc()).limit(1))
        ballots = db.session.scalar(db.select(db.func.count()).select_from(Ballot)
                                    .filter_by(round_id=round_.id))
        facts = {"rotations": workshop.table_rotations, "cards": cards, "round": round_.id,
                 "method": round_.method, "budget": round_.budget, "state": round_.state, "ballots": ballots}
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    return facts


def _set_up_tables(cafe: Cafe, new_context, fields: list) -> None:
    """The console: three tables, each with a field of action; table A's facilitator link; the
    QR sheet with one code (and link) per table."""
    server = cafe.server
    console = cafe.console = new_context(viewport={"width": 1366, "height": 768}, locale="en-US").new_page()
    console.goto(server.moderator_url)
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    cafe.fields = fields[:3]
    for name, chosen in zip(TABLES, cafe.fields):
        console.locator("#table-new summary").click()
        console.locator("#table-new-name").fill(name)
        console.locator("#table-new-field").select_option(str(chosen["id"]))
        console.get_by_role("button", name="Add the table").click()
        expect(console.locator("#tables-rows tr", has_text=name)).to_have_count(1, timeout=TIMEOUT)
    rows = console.locator("#tables-rows tr")
    expect(rows).to_have_count(3)
    cafe.table_ids = [int(rows.nth(i).get_attribute("data-table")) for i in range(3)]
    for i, chosen in enumerate(cafe.fields):
        expect(rows.nth(i)).to_contain_text(chosen["name"])
    # the facilitator link (a plain form: the console answers with a page showing it once)
    rows.nth(0).locator("summary").click()
    rows.nth(0).get_by_role("button", name="New facilitator link").click()
    cafe.facilitator_url = console.locator("#facilitator-link a").get_attribute("href")
    assert "/table/" in cafe.facilitator_url
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    sheet = console.context.new_page()
    sheet.goto(f"{server.url}/moderate/{server.workshop_code}/tables/qr")
    expect(sheet.locator(".table-qr svg")).to_have_count(3)
    cafe.qr_links = [re.sub(r"^https?://[^/]+", server.url, text.strip())
                     for text in sheet.locator(".table-qr .secret").all_inner_texts()]
    sheet.close()


def _join_and_balance(cafe: Cafe, new_context) -> None:
    """Six phones (three by the code, three by a table's QR code), the screen; the console
    balances the groups and starts collecting."""
    server, code, console = cafe.server, cafe.server.workshop_code, cafe.console
    for index, group in enumerate(GROUPS):
        page = _phone(new_context)
        if index < 3:
            _join(page, f"{server.url}/j/{code}", group, code)
        else:
            _join(page, cafe.qr_links[index - 3], group, code)
            expect(page.locator("#table-name")).to_have_text(TABLES[index - 3], timeout=TIMEOUT)
        cafe.phones.append(page)
    for index, page in enumerate(cafe.phones):
        cafe.watch(page, f"phone-{index}")
    screen = cafe.screen = new_context(viewport={"width": 1280, "height": 720}, locale="en-US").new_page()
    screen.goto(server.screen_url)
    screen.wait_for_function("() => window.ZW && ZW.screen && ZW.screen.state() !== null")
    cafe.watch(screen, "screen")

    console.get_by_role("button", name="Balance the groups across the tables").click()
    console.locator('#phase button[value="collect"]').click()
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "tables", timeout=TIMEOUT)
    for index, page in enumerate(cafe.phones):
        expect(page.locator("#table-name")).not_to_have_text("", timeout=TIMEOUT)
        cafe.seats[index] = TABLES.index(page.locator("#table-name").inner_text().strip())
    assert sorted(cafe.seats.values()) == [0, 0, 1, 1, 2, 2]  # two at each table
    assert [cafe.seats[i] for i in (3, 4, 5)] == [0, 1, 2]  # balancing kept who sat already (QR)
    for position in range(3):  # the two at a table come from two different groups
        assert len(cafe.at(position)) == 2
        row = console.locator(f'#tables-rows tr[data-table="{cafe.table_ids[position]}"]')
        expect(row.locator("[data-group]").filter(has_text="1")).to_have_count(2, timeout=TIMEOUT)
        expect(_tile(screen, cafe.table_ids[position]).locator(".table-tile-groups li")).to_have_count(
            2, timeout=TIMEOUT)
    console.locator("#tables").scroll_into_view_if_needed()
    cafe.shot(console, "console-balanced")


def _collect(cafe: Cafe) -> None:
    """Every phone writes a card at its table: it lands in the table's field and on its wall."""
    screen, console = cafe.screen, cafe.console
    for index, page in enumerate(cafe.phones):
        position = cafe.seats[index]
        expect(page.locator("#table-field")).to_have_text(cafe.fields[position]["name"])
        expect(page.locator("#propose-form select[name=field]")).to_be_disabled()
        _propose(cafe, index, FIRST_CARDS[index])
        cafe.written[position].append(FIRST_CARDS[index])
    for index, page in enumerate(cafe.phones):  # the neighbour's card arrived live
        for title in cafe.written[cafe.seats[index]]:
            expect(page.locator("#table-wall")).to_contain_text(title, timeout=TIMEOUT)
    for table_id in cafe.table_ids:
        expect(_tile(screen, table_id).locator(".table-tile-number")).to_have_text("2", timeout=TIMEOUT)
        expect(console.locator(f'#tables-rows tr[data-table="{table_id}"] [data-cards]')).to_have_text(
            "2", timeout=TIMEOUT)
    cafe.phones[0].locator("#table").scroll_into_view_if_needed()
    cafe.shot(cafe.phones[0], "phone-collect")
    cafe.shot(screen, "screen-tables-1280x720")


def _facilitate(cafe: Cafe, new_context) -> str:
    """The tablet at table A enters a paper card, then merges it into its duplicate; phones at
    the table and the screen follow. Returns the paper card's title."""
    screen = cafe.screen
    tablet = cafe.tablet = new_context(viewport={"width": 1024, "height": 768}, has_touch=True,
                                       locale="en-US").new_page()
    tablet.goto(cafe.facilitator_url)
    tablet.wait_for_function("() => window.ZW && ZW.facilitator && ZW.facilitator.state() !== null")
    expect(tablet.locator("h1")).to_contain_text(TABLES[0])
    expect(tablet.locator("#seated-total")).to_have_text("2")
    _seated(tablet, cafe.at(0))
    here = [cafe.phones[i] for i, p in cafe.seats.items() if p == 0]
    original = cafe.written[0][0]
    paper = f"{original} (Papierkarte)"
    tablet.locator("#card-title").fill(paper)
    tablet.locator("#card-form button[type=submit]").click()
    expect(tablet.locator("#cards .table-card", has_text=paper)).to_be_visible(timeout=TIMEOUT)
    expect(tablet.locator("#card-count")).to_have_text("3")
    expect(_tile(screen, cafe.table_ids[0]).locator(".table-tile-number")).to_have_text("3", timeout=TIMEOUT)
    for page in here:
        expect(page.locator("#table-wall")).to_contain_text(paper, timeout=TIMEOUT)
    cafe.shot(tablet, "facilitator-paper-card")
    tablet.locator("#cards .table-card", has_text=paper).locator("input[name=merge]").check()
    tablet.locator("#cards .table-card", has_text=original).filter(has_not_text="Papierkarte").locator(
        "input[name=into]").check()
    tablet.locator("#merge-form button[type=submit]").click()
    expect(tablet.locator("h1")).to_contain_text(TABLES[0])  # the preview names the table
    tablet.locator("form button[type=submit]").first.click()  # merge now
    expect(tablet.locator("#merged .merged-card", has_text=paper)).to_be_visible(timeout=TIMEOUT)
    expect(tablet.locator("#card-count")).to_have_text("2")
    expect(_tile(screen, cafe.table_ids[0]).locator(".table-tile-number")).to_have_text("2", timeout=TIMEOUT)
    for page in here:
        expect(page.locator("#table-wall")).not_to_contain_text("Papierkarte", timeout=TIMEOUT)
    cafe.shot(tablet, "facilitator-merged")
    return paper


def _screen_tables(cafe: Cafe) -> None:
    """The projector: every table's progress, then table B's wall on demand, then back."""
    screen, console = cafe.screen, cafe.console

    def size(width: int, height: int) -> None:
        screen.set_viewport_size({"width": width, "height": height})
        screen.evaluate("() => ZW.screen.layout()")

    size(1920, 1080)
    cafe.shot(screen, "screen-tables-1920x1080")
    size(1280, 720)
    expect(screen.locator(".table-tile")).to_have_count(3)
    for position, table_id in enumerate(cafe.table_ids):
        expect(_tile(screen, table_id).locator("h3")).to_have_text(TABLES[position])
        expect(_tile(screen, table_id)).to_contain_text(cafe.fields[position]["name"])
    console.locator("#screen-table-choice").select_option(str(cafe.table_ids[1]))
    console.get_by_role("button", name="Put on the screen").click()
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "table", timeout=TIMEOUT)
    expect(screen.locator(".table-wall h2")).to_contain_text(TABLES[1])
    expect(screen.locator(".table-wall .wall-card")).to_have_count(2)
    for title in cafe.written[1]:
        expect(screen.locator(".table-wall .wall-card", has_text=title)).to_be_visible()
    size(1280, 720)
    cafe.shot(screen, "screen-table-wall-1280x720")
    size(1920, 1080)
    cafe.shot(screen, "screen-table-wall-1920x1080")
    size(1280, 720)
    console.locator("#screen-table-choice").select_option("")
    console.get_by_role("button", name="Put on the screen").click()
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "tables", timeout=TIMEOUT)
    cafe.still_same()


def _rotate_twice(cafe: Cafe) -> None:
    """Two rotations from the console: every phone moves on one table and sees what the people
    before wrote there (after the first, each writes a card at the new table); the tablet at
    table A sees who sits there now; the cards stay at their tables."""
    console, screen, tablet = cafe.console, cafe.screen, cafe.tablet
    cafe.watch(console, "console")
    for rotation in (1, 2):
        before = {position: list(titles) for position, titles in cafe.written.items()}
        console.locator("#rotate-step").fill("1")
        console.get_by_role("button", name="Rotate (world café)").click()
        for index, page in enumerate(cafe.phones):
            position = (cafe.seats[index] + rotation) % 3
            left = (position - 1) % 3
            expect(page.locator("#table-name")).to_have_text(TABLES[position], timeout=TIMEOUT)
            expect(page.locator("#table-field")).to_have_text(cafe.fields[position]["name"])
            expect(page.locator("#propose-form select[name=field]")).to_have_value(str(cafe.fields[position]["id"]))
            expect(page.locator("#table-wall li")).to_have_count(len(before[position]), timeout=TIMEOUT)
            for title in before[position]:  # written here by the earlier visitors
                expect(page.locator("#table-wall")).to_contain_text(title)
            for title in before[left]:  # the cards of the table just left stayed there
                expect(page.locator("#table-wall")).not_to_contain_text(title)
        _seated(tablet, cafe.at(0, rotation))
        expect(tablet.locator("#seated-total")).to_have_text("2")
        for table_id in cafe.table_ids:
            expect(_tile(screen, table_id).locator(".table-tile-groups li")).to_have_count(2)
        cafe.phones[0].locator("#table").scroll_into_view_if_needed()
        cafe.shot(cafe.phones[0], f"phone-rotation-{rotation}")
        if rotation == 1:
            for index in range(len(cafe.phones)):
                _propose(cafe, index, SECOND_CARDS[index])
                cafe.written[(cafe.seats[index] + 1) % 3].append(SECOND_CARDS[index])
    for table_id in cafe.table_ids:
        expect(_tile(screen, table_id).locator(".table-tile-number")).to_have_text("4", timeout=TIMEOUT)
    expect(tablet.locator("#card-count")).to_have_text("4")  # the second visitors' cards, pushed
    cafe.shot(tablet, "facilitator-after-rotations")
    cafe.shot(screen, "screen-after-rotations")
    console.locator("#tables").scroll_into_view_if_needed()
    cafe.shot(console, "console-after-rotations")
    cafe.still_same()


#: Who ranks what: four phones one order, two another (points: place p of 3 = 4 - p).
ORDERS = {**dict.fromkeys(range(4), (FIRST_CARDS[0], FIRST_CARDS[1], FIRST_CARDS[2])),
          4: (SECOND_CARDS[0], FIRST_CARDS[0], FIRST_CARDS[2]), 5: (SECOND_CARDS[0], FIRST_CARDS[0], FIRST_CARDS[2])}
POINTS = {FIRST_CARDS[0]: 4 * 3 + 2 * 2, FIRST_CARDS[1]: 4 * 2, FIRST_CARDS[2]: 4 * 1 + 2 * 1, SECOND_CARDS[0]: 2 * 3}


def _rank(cafe: Cafe) -> None:
    """The agenda's ranking round (3 places, all goal proposals) from the console; the phones
    rank by tapping; the console closes it showing the results; the screen shows the points."""
    console, screen = cafe.console, cafe.screen
    console.locator("#agenda").get_by_role("button", name="Prepare the ranking round").click()
    console.wait_for_function("() => window.ZW && ZW.console && ZW.console.state() !== null")
    cafe.own_load(console, "console")  # a plain form: the console comes back
    expect(console.locator('#agenda li[aria-current="step"]')).to_contain_text("Prioritise in the plenary")
    prepared = console.locator('#round-list .round-item[data-state="draft"]')
    expect(prepared).to_contain_text("3 places")
    console.locator("#agenda").scroll_into_view_if_needed()
    cafe.shot(console, "console-agenda")
    prepared.get_by_role("button", name="Start voting").click()
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "vote", timeout=TIMEOUT)
    for index, page in enumerate(cafe.phones):
        expect(page.locator("#ballot-form")).to_be_visible(timeout=TIMEOUT)
        expect(page.locator("#remaining")).to_have_text("3")
        expect(page.locator("#table-locked")).to_be_visible()
        expect(page.locator("#table-form")).to_be_hidden()  # nobody changes tables while voting
        if index == 0:
            page.evaluate("() => window.scrollTo(0, 0)")
            cafe.shot(page, "phone-vote-top")
        for place, title in enumerate(ORDERS[index], start=1):
            item = page.locator("#vote .proposal-item", has_text=title)
            item.get_by_role("button", name="Place next").tap()
            expect(item.locator(".rank-badge")).to_have_text(str(place))
        expect(page.locator("#remaining")).to_have_text("0")
        expect(page.locator("#ballot-status")).to_have_text("Saved.", timeout=TIMEOUT)
        if index == 0:
            page.evaluate("() => document.getElementById('vote').scrollIntoView()")
            cafe.shot(page, "phone-ranking")
    cafe.shot(screen, "screen-vote")
    running = console.locator('#round-list .round-item[data-state="open"]')
    running.locator("input[name=show_results]").check()
    running.get_by_role("button", name="Close voting").click()
    expect(screen.locator("#panel")).to_have_attribute("data-mode", "results", timeout=TIMEOUT)
    for title, value in POINTS.items():
        expect(screen.locator(".result-row", has_text=title)).to_contain_text(f"Punkte: {value}", timeout=TIMEOUT)
    expect(screen.locator(".result-row").first).to_contain_text(FIRST_CARDS[0])
    for page in cafe.phones:
        expect(page.get_by_text("This voting round has closed.")).to_be_visible(timeout=TIMEOUT)
    screen.evaluate("() => ZW.screen.layout()")
    cafe.shot(screen, "screen-results-1280x720")
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.evaluate("() => ZW.screen.layout()")
    cafe.shot(screen, "screen-results-1920x1080")
    console.locator("#rounds").scroll_into_view_if_needed()
    cafe.shot(console, "console-results")
    cafe.still_same()


def test_three_table_world_cafe_with_two_rotations_and_a_ranking(server, new_context, moderator, artifacts):
    code = server.workshop_code
    cafe = Cafe(server, artifacts)
    fields = moderator.session.get(f"{moderator.base}/workshops/{code}", timeout=10).json()["fields"]
    _set_up_tables(cafe, new_context, fields)
    _join_and_balance(cafe, new_context)
    _collect(cafe)
    paper = _facilitate(cafe, new_context)
    _screen_tables(cafe)
    _rotate_twice(cafe)
    _rank(cafe)

    # the stored facts: two rotations, cards kept their table and field, six ballots counted
    facts = _facts(server, code)
    assert facts["rotations"] == 2
    assert (facts["method"], facts["budget"], facts["state"], facts["ballots"]) == ("ranking", 3, "closed", 6)
    for position, titles in cafe.written.items():
        for title in titles:
            assert facts["cards"][title][:2] == (cafe.table_ids[position], cafe.fields[position]["id"]), title
    assert facts["cards"][paper] == (cafe.table_ids[0], cafe.fields[0]["id"], "merged", "paper")
    results = moderator.session.get(f"{moderator.base}/rounds/{facts['round']}/moderator-results", timeout=10)
    assert results.status_code == 200, results.text
    rows = {row["title"]: row for row in results.json()["results"]}
    assert {title: rows[title]["points"] for title in POINTS} == POINTS
    assert rows[FIRST_CARDS[0]]["places"]["total"] == [4, 2, 0]
    assert {key: group["voters"] for key, group in results.json()["groups"].items()} == {
        "politik": 2, "verwaltung": 2, "zivilgesellschaft": 2}
    listed = moderator.session.get(f"{moderator.base}/workshops/{code}/tables", timeout=10).json()["tables"]
    assert [(t["id"], t["cards"], t["people"]) for t in listed] == [(i, 4, 2) for i in cafe.table_ids]
