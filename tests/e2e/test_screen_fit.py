"""Issue 14 (projector): everything fits at 1280×720 and 1920×1080, and results explain themselves.

Real Chromium screens (screen.js draws from the pushed snapshot) show a wall of 30 proposals in
the template's 10 fields and a 14-item ranking of each of the four voting methods. Every title
must become fully visible — inside the viewport, above the footer, not cut by its box, not
covered (``document.elementFromPoint`` at its centre and corners) — on some page of the calm
rotation, and no result row is ever clipped. Every state is photographed into test-artifacts/
(dark and light, German and Arabic) and axe-core finds nothing serious on the screen in de, en
and ar.
"""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y_support import axe_context, serious_findings

SIZES = ((1280, 720), (1920, 1080))
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

WALL_TITLES = [
    "Mehr Kitaplätze für Kinder unter drei Jahren schaffen",
    "Ganztagsbetreuung an allen Grundschulen bis 2028",
    "Familienbüro im Rathaus mit Sprechzeiten am Abend",
    "Sichere Schulwege mit Tempo 30 vor allen Schulen",
    "Grundschulkinderbetreuungsangebote in den Ferien ausbauen",
    "Spielplatz am Stadtpark sanieren und barrierefrei machen",
    "Familienpass mit Ermäßigungen für Bad, Bibliothek und Museum",
    "Mehrgenerationenhaus im Nordviertel",
    "Elterncafé in jeder Kita",
    "Beratungsangebote für Alleinerziehende bündeln",
    "Jugendzentrum länger öffnen",
    "Bezahlbarer Wohnraum für große Familien",
    "Mehr Sitzbänke und Schatten auf dem Marktplatz",
    "Seniorenbegleitung durch Ehrenamtliche",
    "Willkommenspaten für zugewanderte Familien",
    "Kinderärztliche Versorgung im ländlichen Raum sichern",
    "Inklusive Sportangebote im Verein",
    "Barrierefreie Bushaltestellen",
    "Öffnungszeiten der Bürgerdienste an Arbeitszeiten anpassen",
    "Präventionsketten von der Geburt bis zum Berufseinstieg",
    "Hebammenversorgung verbessern",
    "Schulsozialarbeit an allen weiterführenden Schulen",
    "Familienfreundliche Arbeitgeber auszeichnen",
    "Mittagessen in Kita und Schule kostenfrei",
    "Stadtteilspaziergänge mit Kindern planen",
    "Mehrsprachige Informationen für Eltern",
    "Radwegenetz zwischen Wohngebieten und Schulen schließen",
    "Pflegeberatung für Angehörige ausbauen",
    "Bürgerbeteiligung für Jugendliche stärken",
    "Familienzeitpolitik: Taktung von Bus und Schulbeginn abstimmen",
]
ARABIC_TITLES = [
    "المزيد من أماكن رياض الأطفال للأطفال دون الثالثة",
    "طرق آمنة إلى المدارس",
    "مكتب للعائلات في مبنى البلدية",
    "معلومات للأهالي بعدة لغات",
    "ملعب أطفال جديد في الحديقة العامة",
    "دورات لغة للأمهات مع رعاية الأطفال",
    "سكن بأسعار معقولة للعائلات الكبيرة",
    "مرافقون متطوعون للعائلات الجديدة",
    "ساعات عمل أطول لمركز الشباب",
    "استشارات للوالدين الوحيدين",
    "وجبة غداء مجانية في المدرسة",
    "مواقف حافلات خالية من العوائق",
    "رعاية صحية للأطفال في القرى",
    "مركز لقاء للأجيال",
]
METHODS = ("dots", "approval", "rating", "yes_no_abstain")
#: The pager's line (German once the catalogue has it: "Seite 1 von 2 · +4 weitere").
PAGE_ONE = re.compile(r"^(Seite 1 von|Page 1 of) \d+ · \+\d+ (weitere|more)$")


def _app(server):
    """An app on the server's database with the server's key (screen secrets are keyed)."""
    from testkit.servers import TEST_SECRET
    from tests.conftest import make_app

    return make_app(server.database_uri, server.process.instance, SECRET_KEY=TEST_SECRET)


def _arrange(server) -> dict:
    """Three workshops in the running server's database: the wall (30 proposals in 10 fields),
    the ranking (14 proposals, one closed round per method) and an Arabic one."""
    from workshop_app.domain.joincodes import generate_secret, hash_secret
    from workshop_app.domain.phases import WorkshopState
    from workshop_app.extensions import db
    from workshop_app.models import Participant, StakeholderGroup
    from workshop_app.services import ballots as ballot_service
    from workshop_app.services import moderation, processes, room, rounds, workshops
    from workshop_app.services.plumbing import tx
    from workshop_app.services.plumbing.audit import SYSTEM

    rng = random.Random(14)
    app = _app(server)
    with app.test_request_context():
        def workshop(title, languages):
            process = processes.create_process(SYSTEM, municipality="Musterstadt", title=title,
                                               template="familiengerechte_kommune")
            made, _secret = workshops.create_workshop(SYSTEM, process, title=title, languages=languages)
            with tx.write():
                made.change_state(WorkshopState.OPEN)
            return made, [f.id for f in process.fields]

        def participants(target, count):
            people = []
            with tx.write():
                for group in db.session.scalars(db.select(StakeholderGroup).filter_by(workshop_id=target.id)):
                    for _ in range(count):
                        person = Participant(workshop_id=target.id, group_id=group.id,
                                             secret_hash=hash_secret(generate_secret()))
                        db.session.add(person)
                        people.append(person)
            return people

        def ballot(method, ids):
            if method == "dots":
                votes = {}
                for _ in range(5):
                    pick = rng.choice(ids[:9])
                    votes[pick] = votes.get(pick, 0) + 1
                return votes
            if method == "approval":
                return dict.fromkeys(rng.sample(ids, rng.randint(1, 6)), 1)
            if method == "rating":
                return {i: rng.randint(1, 5) for i in ids if rng.random() < 0.8}
            return {i: rng.choice((1, 1, -1, 0)) for i in ids}

        ROUND_TITLES = {"dots": "Was ist uns am wichtigsten?", "approval": "Welche Ziele tragen Sie mit?",
                        "rating": "Wie wichtig ist jedes Ziel?", "yes_no_abstain": "Beschluss: Familienpass"}

        def closed_rounds(target, ids, people, methods, motion=None):
            """One closed round per method; a motion is one proposal (the only one of its field)."""
            made = {}
            for method in methods:
                options = {"budget": 5, "max_per_proposal": 3} if method == "dots" else {}
                if method == "yes_no_abstain":
                    options = {"field": motion[0]}
                round_ = rounds.create(SYSTEM, target.id, method=method, title=ROUND_TITLES[method], **options)
                rounds.open_round(SYSTEM, round_.id)
                for person in people:
                    chosen = [motion[1]] if motion and method == "yes_no_abstain" else ids
                    ballot_service.store(person, round_.id, ballot(method, chosen))
                rounds.close_round(SYSTEM, round_.id)
                made[method] = round_.id
            return made

        wall, fields = workshop("Wand", "de,en")
        for i, title in enumerate(WALL_TITLES):
            moderation.add(SYSTEM, wall.id, title=title, field=fields[i % 10])
        room.change_phase(SYSTEM, wall.id, "collect")

        crowded, fields = workshop("Volle Wand", "de,en")
        for i in range(90):
            moderation.add(SYSTEM, crowded.id, title=f"{WALL_TITLES[i % 30]} ({i + 1})", field=fields[i % 10])
        room.change_phase(SYSTEM, crowded.id, "collect")

        ranking, fields = workshop("Rangliste", "de,en")
        ids = [moderation.add(SYSTEM, ranking.id, title=t, field=fields[i % 10]).id
               for i, t in enumerate(WALL_TITLES[:14])]
        ranking_rounds = closed_rounds(ranking, ids, participants(ranking, 8), METHODS, (fields[9], ids[9]))
        room.change_phase(SYSTEM, ranking.id, "results")

        english, _fields = workshop("Ranking", "en,de")
        ids = [moderation.add(SYSTEM, english.id, title=t).id for t in WALL_TITLES[:14]]
        english_rounds = closed_rounds(english, ids, participants(english, 4), ("dots",))
        room.change_phase(SYSTEM, english.id, "results")

        arabic, fields = workshop("ورشة العائلات", "ar,de")
        ids = [moderation.add(SYSTEM, arabic.id, title=t, field=fields[i % 4 if i < 13 else 5]).id
               for i, t in enumerate(ARABIC_TITLES)]
        arabic_rounds = closed_rounds(arabic, ids, participants(arabic, 5), ("dots", "yes_no_abstain"),
                                      (fields[5], ids[13]))
        facts = {
            "wall": wall.id, "crowded": crowded.id, "ranking": ranking.id, "english": english.id, "arabic": arabic.id,
            "ranking_rounds": ranking_rounds, "english_rounds": english_rounds, "arabic_rounds": arabic_rounds,
            "secrets": {key: w.screen_secret for key, w in (("wall", wall), ("crowded", crowded), ("ranking", ranking),
                                                            ("english", english), ("arabic", arabic))},
        }
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    return facts


def _set(server, workshop_id: int, *, phase=None, round_id=None, theme=None) -> None:
    """Change what a screen shows (in the database; the test reloads the screen)."""
    from workshop_app.extensions import db
    from workshop_app.models import Workshop
    from workshop_app.services import room, screen
    from workshop_app.services.plumbing.audit import SYSTEM

    app = _app(server)
    with app.test_request_context():
        target = db.session.get(Workshop, workshop_id)
        if phase is not None:
            room.change_phase(SYSTEM, target.id, phase)
        if round_id is not None:
            screen.show_round(SYSTEM, target, round_id)
        if theme is not None:
            room.update_settings(SYSTEM, target.id, theme=theme)
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()


@pytest.fixture(scope="module")
def rooms(server):
    return _arrange(server)


def _open(page, server, secret: str, mode: str) -> None:
    page.goto(f"{server.url}/screen/{secret}")
    expect(page.locator("#panel")).to_have_attribute("data-mode", mode)
    page.wait_for_function("() => window.ZW && ZW.screen && ZW.screen.state() !== null")
    page.evaluate("() => document.fonts.ready")
    page.evaluate("() => ZW.screen.layout()")


VISIBLE = """(selector) => {
  const footer = document.querySelector('.screen-footer').getBoundingClientRect();
  const bottom = Math.min(innerHeight, footer.top);
  const seen = [], bad = [];
  for (const el of document.querySelectorAll(selector)) {
    const id = el.getAttribute('data-proposal');
    const r = el.getBoundingClientRect();
    const box = el.closest('[data-page]').getBoundingClientRect();
    if (r.bottom <= box.top + 0.5 || r.top >= box.bottom - 0.5) continue;  // on another page
    if (r.top < box.top - 1 || r.bottom > box.bottom + 1) {
      bad.push(id + ' cut by its box ' + [r.top, r.bottom, box.top, box.bottom].map(Math.round)); continue;
    }
    if (r.left < -0.5 || r.right > innerWidth + 0.5 || r.top < -0.5 || r.bottom > bottom + 0.5) {
      bad.push(id + ' outside the screen or under the footer'); continue;
    }
    const points = [[(r.left + r.right) / 2, (r.top + r.bottom) / 2], [r.left + 3, r.top + 3],
                    [r.right - 3, r.top + 3], [r.left + 3, r.bottom - 3], [r.right - 3, r.bottom - 3]];
    const covered = points.some(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return !hit || !(hit === el || el.contains(hit));
    });
    if (covered) { bad.push(id + ' covered'); continue; }
    const title = el.matches('.wall-card') ? el : el.querySelector('.result-title');
    if (title.scrollWidth > title.clientWidth + 1) { bad.push(id + ' wider than its box'); continue; }
    seen.push(id);
  }
  return {seen, bad};
}"""


def _all_visible(page, selector: str) -> dict:
    """Turn every page; every item must be fully visible on one of them, none ever cut."""
    expected = set(page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('data-proposal'))"))
    pages = max(page.evaluate("() => ZW.screen.pages()") or [1])
    seen: set[str] = set()
    for _ in range(pages):
        found = page.evaluate(VISIBLE, selector)
        assert not found["bad"], found["bad"]
        seen.update(found["seen"])
        page.evaluate("() => ZW.screen.turn()")
    assert seen == expected, f"never fully visible: {sorted(expected - seen)}"
    too_wide = page.evaluate("""() => Array.from(
        document.querySelectorAll('.wall-card, .result-title, .wall-column > h3 bdi'))
      .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent.trim())""")
    assert not page.locator("#panel.fit-min").count(), f"words had to break: {too_wide}"
    return {"items": len(expected), "pages": pages,
            "fit": page.evaluate("() => getComputedStyle(document.getElementById('panel')).getPropertyValue('--fit')")}


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_wall_shows_all_thirty_proposals_in_ten_fields(server, rooms, new_context, artifacts, width, height):
    page = new_context(viewport={"width": width, "height": height}).new_page()
    _open(page, server, rooms["secrets"]["wall"], "collect")
    page.screenshot(path=str(artifacts / f"screen-collect-{width}x{height}.png"))
    expect(page.locator(".wall-column")).to_have_count(10)
    found = _all_visible(page, ".wall-card")
    assert found["items"] == 30
    page.screenshot(path=str(artifacts / f"screen-collect-{width}x{height}.png"))
    _set(server, rooms["wall"], theme="light")
    _open(page, server, rooms["secrets"]["wall"], "collect")
    _all_visible(page, ".wall-card")
    page.screenshot(path=str(artifacts / f"screen-collect-{width}x{height}-light.png"))
    _set(server, rooms["wall"], theme="dark")
    if (width, height) == (1280, 720):
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifacts / f"screen-collect-{width}x{height}.png", DOCS / "screen-collect.png")
    print(f"wall {width}x{height}: {found}")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_crowded_wall_pages_its_columns_calmly(server, rooms, new_context, artifacts, width, height):
    """90 proposals: the text shrinks to its readable minimum, then the columns page together."""
    page = new_context(viewport={"width": width, "height": height}).new_page()
    _open(page, server, rooms["secrets"]["crowded"], "collect")
    expect(page.locator(".pager:not([hidden])").first).to_have_attribute("data-label", PAGE_ONE)
    page.screenshot(path=str(artifacts / f"screen-collect-crowded-{width}x{height}.png"))
    found = _all_visible(page, ".wall-card")
    assert found["items"] == 90 and found["pages"] > 1
    print(f"crowded wall {width}x{height}: {found}")


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("method", METHODS)
def test_each_methods_ranking_of_fourteen_is_whole_and_explained(server, rooms, new_context, artifacts,
                                                                   method, width, height):
    _set(server, rooms["ranking"], round_id=rooms["ranking_rounds"][method])
    page = new_context(viewport={"width": width, "height": height}).new_page()
    _open(page, server, rooms["secrets"]["ranking"], "results")
    page.screenshot(path=str(artifacts / f"screen-results-{method}-{width}x{height}.png"))
    expect(page.locator(".result-row")).to_have_count(1 if method == "yes_no_abstain" else 14)
    pages = max(page.evaluate("() => ZW.screen.pages()") or [1])
    if pages > 1:  # a calm rotation says where it is
        expect(page.locator(".pager:not([hidden])")).to_have_attribute("data-label", PAGE_ONE)
    found = _all_visible(page, ".result-row")
    # the number shown is the sort key: the rows' values never rise
    state = page.evaluate("() => ZW.screen.state().results.results.map(r => r.value)")
    assert state == sorted(state, reverse=True)
    legend = page.locator(".legend-text li")
    expect(legend.first).to_be_visible()
    assert legend.count() >= 3
    if method == "yes_no_abstain":
        expect(page.locator(".result-row").first.locator(".row-groups li")).to_have_count(3)
        expect(page.locator(".bar-key li")).to_have_count(3)
    if method == "rating":
        expect(page.locator(".bar-key li")).to_have_count(5)
    page.screenshot(path=str(artifacts / f"screen-results-{method}-{width}x{height}.png"))
    if method == "dots" and (width, height) == (1920, 1080):
        DOCS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifacts / f"screen-results-{method}-{width}x{height}.png", DOCS / "screen-results.png")
        _set(server, rooms["ranking"], theme="light")
        _open(page, server, rooms["secrets"]["ranking"], "results")
        _all_visible(page, ".result-row")
        page.screenshot(path=str(artifacts / f"screen-results-{method}-{width}x{height}-light.png"))
        _set(server, rooms["ranking"], theme="dark")
    print(f"{method} {width}x{height}: {found}")


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_an_arabic_workshops_screen_is_arabic_and_fits(server, rooms, new_context, artifacts, width, height):
    page = new_context(viewport={"width": width, "height": height}, locale="de-DE").new_page()
    _set(server, rooms["arabic"], phase="collect")
    _open(page, server, rooms["secrets"]["arabic"], "collect")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _all_visible(page, ".wall-card")
    page.screenshot(path=str(artifacts / f"screen-collect-ar-{width}x{height}.png"))
    for method in ("dots", "yes_no_abstain"):
        _set(server, rooms["arabic"], round_id=rooms["arabic_rounds"][method])
        _open(page, server, rooms["secrets"]["arabic"], "results")
        _all_visible(page, ".result-row")
        page.screenshot(path=str(artifacts / f"screen-results-{method}-ar-{width}x{height}.png"))


def test_no_serious_accessibility_finding_on_the_screen_in_de_en_ar(server, rooms, browser):
    context = axe_context(browser, viewport={"width": 1920, "height": 1080}, locale="de-DE")
    page = context.new_page()
    try:
        cases = [("ranking", "results", "de"), ("wall", "collect", "de"), ("english", "results", "en"),
                 ("arabic", "results", "ar")]
        for key, mode, language in cases:
            _open(page, server, rooms["secrets"][key], mode)
            expect(page.locator("html")).to_have_attribute("lang", language)
            assert serious_findings(page) == [], (key, language)
    finally:
        context.close()


def test_live_results_while_voting_fit_too(server, rooms, new_context, artifacts):
    """A round with live results: progress per group and the ranking share the screen."""
    from workshop_app.extensions import db
    from workshop_app.models import Participant, Workshop
    from workshop_app.services import ballots as ballot_service
    from workshop_app.services import room, rounds
    from workshop_app.services.plumbing.audit import SYSTEM

    app = _app(server)
    with app.test_request_context():
        target = db.session.get(Workshop, rooms["ranking"])
        round_ = rounds.create(SYSTEM, target.id, method="approval", live_results=True, title="Live")
        rounds.open_round(SYSTEM, round_.id)
        room.change_phase(SYSTEM, target.id, "vote")
        ids = [item.proposal_id for item in round_.items]
        people = db.session.scalars(db.select(Participant).filter_by(workshop_id=target.id)).all()
        for n, person in enumerate(people[:10]):
            ballot_service.store(person, round_.id, {ids[(n + k) % len(ids)]: 1 for k in range(3)})
        round_id = round_.id
        db.session.remove()
        db.engine.dispose()
    app.extensions["zw_broadcaster"].stop()
    try:
        for width, height in SIZES:
            page = new_context(viewport={"width": width, "height": height}).new_page()
            _open(page, server, rooms["secrets"]["ranking"], "vote")
            expect(page.locator(".progress-list li")).to_have_count(3)
            _all_visible(page, ".result-row")
            page.screenshot(path=str(artifacts / f"screen-vote-live-{width}x{height}.png"))
            # a tally redraws the panel and fits it again: cheap enough for several per second
            cost = page.evaluate("""() => { const t0 = performance.now();
              for (let i = 0; i < 10; i++) { ZW.screen.draw(); document.body.offsetHeight; }
              return (performance.now() - t0) / 10; }""")
            print(f"live results {width}x{height}: draw + fit + pages {cost:.1f} ms")
            assert cost < 100
    finally:
        app = _app(server)
        with app.test_request_context():
            rounds.close_round(SYSTEM, round_id)
            db.session.remove()
            db.engine.dispose()
        app.extensions["zw_broadcaster"].stop()
