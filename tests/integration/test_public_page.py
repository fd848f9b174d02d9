"""The public progress page (issue 16 items 1, 2, 6): publishing, progress %, roll-ups, embedding,
feeds and the deadline calendar — without cookies and without anything personal."""
from __future__ import annotations

import json
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
from icalendar import Calendar

from testkit.worlds import seed
from tests.conftest import csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Goal, Measure, Process, ProgressNote
from workshop_app.services import apikeys, plan
from workshop_app.services.plumbing.audit import SYSTEM

ATOM = "{http://www.w3.org/2005/Atom}"
SECRET_NOTE = "Vertraulich: Haushaltssperre droht"


@pytest.fixture
def data(ctx):
    data = seed()
    goal = db.session.scalar(db.select(Goal).filter_by(process_id=data.process_id).order_by(Goal.id))
    measure = goal.measures[0]
    plan.update_measure(SYSTEM, measure, status="in_progress", progress=40, note="Bedarf erhoben; 3 Träger, 1 Stadt")
    plan.add_note(SYSTEM, measure, text=SECRET_NOTE, public=False)
    data.goal_id, data.measure_id = goal.id, measure.id
    return data


@pytest.fixture
def key(ctx, make_user):
    user = make_user()
    return apikeys.create_api_key(SYSTEM, user, name="test")[1]


def call(client, method, url, key, **kwargs):
    from flask import g

    for name in ("_login_user", "api_key"):
        g.pop(name, None)
    return client.open(url, method=method, headers={"Authorization": f"Bearer {key}"}, **kwargs)


def fresh(client, url):
    """GET with a fresh per-request state: the ``ctx`` fixture's app context (and its ``g``, where
    Flask-Babel caches the locale) is shared by the test's requests, unlike in a real server."""
    from flask import g
    from flask_babel import refresh

    for name in ("url_language", "workshop_languages", "csrf_token"):
        g.pop(name, None)
    refresh()
    return client.get(url)


def _publish(client, key, process_id, **body):
    return call(client, "PATCH", f"/api/v1/processes/{process_id}", key, json=body)


PUBLIC_PATHS = ("", "/embed", "/feed.atom", "/feed.json", "/deadlines.ics")


def test_publish_and_unpublish_take_effect_at_once(client, key, data):
    base = f"/progress/{data.process_id}"
    assert [client.get(base + p).status_code for p in PUBLIC_PATHS] == [404] * 5
    assert call(client, "GET", f"/api/v1/processes/{data.process_id}", key).json["public_url"] is None
    published = _publish(client, key, data.process_id, public=True)
    assert published.status_code == 200 and published.json["public"] is True
    assert published.json["public_url"] == f"http://localhost{base}"
    assert [client.get(base + p).status_code for p in PUBLIC_PATHS] == [200] * 5
    assert client.get("/progress/999999").status_code == 404
    hidden = _publish(client, key, data.process_id, public=False)
    assert hidden.json["public"] is False and hidden.json["public_url"] is None
    assert [client.get(base + p).status_code for p in PUBLIC_PATHS] == [404] * 5
    actions = db.session.scalars(db.select(AuditEvent.action).filter_by(process_id=data.process_id)
                                 .where(AuditEvent.action.like("process.%publish"))).all()
    assert actions == ["process.publish", "process.unpublish"]


@pytest.mark.parametrize("body, field", [
    ({"public": "yes"}, "public"),
    ({"public": True, "embed_origins": ["https://stadt.de/seite"]}, "embed_origins"),
    ({"public": True, "embed_origins": ["https://stadt.de; script-src *"]}, "embed_origins"),
    ({"public": True, "title": ""}, "title"),
])
def test_bad_publication_input_writes_nothing(client, key, data, body, field):
    response = _publish(client, key, data.process_id, **body)
    assert response.status_code == 422 and response.json["error"]["code"] in (
        "invalid_choice", "invalid_origin", "required")
    process = db.session.get(Process, data.process_id)
    db.session.refresh(process)
    assert process.public is False and process.embed_origins == "" and process.title
    assert client.get(f"/progress/{data.process_id}").status_code == 404


def test_embedding_only_for_listed_origins(client, key, data):
    base = f"/progress/{data.process_id}"
    _publish(client, key, data.process_id, public=True)
    normal, embed = client.get(base), client.get(base + "/embed")
    assert "frame-ancestors 'none'" in normal.headers["Content-Security-Policy"]
    assert normal.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in embed.headers["Content-Security-Policy"]  # nobody listed yet
    response = _publish(client, key, data.process_id,
                        embed_origins=["https://www.Musterstadt.de/", "http://127.0.0.1:8123"])
    assert response.json["embed_origins"] == ["https://www.musterstadt.de", "http://127.0.0.1:8123"]
    embed = client.get(base + "/embed")
    policy = embed.headers["Content-Security-Policy"]
    assert "frame-ancestors https://www.musterstadt.de http://127.0.0.1:8123" in policy
    assert "X-Frame-Options" not in embed.headers and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in client.get(base).headers["Content-Security-Policy"]


def test_no_cookies_even_for_a_signed_in_organizer(client, make_user, key, data):
    _publish(client, key, data.process_id, public=True)
    base = f"/progress/{data.process_id}"
    for path in PUBLIC_PATHS:
        response = client.get(base + path + "?lang=de")
        assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")
    # The 404 page is the app's error page, whose CSRF meta tag starts a session anywhere else.
    assert "Set-Cookie" not in fresh(client, "/progress/424242").headers
    assert "Set-Cookie" in fresh(client, "/no-such-page").headers
    login(client)
    for path in PUBLIC_PATHS:
        assert "Set-Cookie" not in client.get(base + path).headers


def _all_public_text(client, process_id) -> str:
    base = f"/progress/{process_id}"
    return "\n".join(fresh(client, base + p + "?lang=de").get_data(as_text=True) for p in PUBLIC_PATHS)


def test_nothing_personal_and_no_internal_notes(client, key, data):
    measure = db.session.get(Measure, data.measure_id)
    if hasattr(Measure, "responsible_email"):  # issue 16 item 3 (another part) adds it
        with db.session.begin_nested():
            measure.responsible_email = "kita-leitung@musterstadt.example"
        db.session.commit()
    _publish(client, key, data.process_id, public=True)
    text = _all_public_text(client, data.process_id)
    assert "Bedarf erhoben" in text and "Jugendamt" in text
    for personal in (SECRET_NOTE, "Person 0-0", "Person 2-1", "organizer@example.org", "@musterstadt.example",
                     "Begründung:"):
        assert personal not in text
    assert "csrf" not in text.lower()


def test_page_shows_progress_lights_and_the_trace(client, key, data):
    _publish(client, key, data.process_id, public=True)
    plan.add_note(SYSTEM, db.session.get(Measure, data.measure_id), text='<script>alert("x")</script>')
    page = fresh(client, f"/progress/{data.process_id}?lang=en").get_data(as_text=True)
    assert '<progress max="100" value="40"' in page and "40 %" in page
    assert 'class="light light-on_track"' in page and "on track" in page
    assert "Mehr Kita-Plätze für Familien – größer, schöner" in page  # the goal's proposal
    assert "Politik" in page and "Zivilgesellschaft" in page and "points per voter" in page
    assert "<script" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page  # escaped, no JS
    assert 'lang="en"' in page and f'href="/progress/{data.process_id}?lang=de"' in page
    german = fresh(client, f"/progress/{data.process_id}?lang=de").get_data(as_text=True)
    assert 'lang="de"' in german and "in Umsetzung" in german
    assert 'lang="ar"' in fresh(client, f"/progress/{data.process_id}?lang=ar").get_data(as_text=True)


def test_progress_is_validated_and_rolled_up(client, key, data):
    url = f"/api/v1/measures/{data.measure_id}"
    for bad in (150, -1, "viel", True, 12.5):
        response = call(client, "PATCH", url, key, json={"progress": bad, "title": "Neu"})
        assert response.status_code == 422, bad
        assert response.json["error"]["code"] == "progress_range"
    measure = db.session.get(Measure, data.measure_id)
    db.session.refresh(measure)
    assert measure.progress == 40 and measure.title != "Neu"
    shown = call(client, "PATCH", url, key, json={"progress": 80}).json
    assert (shown["progress"], shown["progress_set"], shown["light"], shown["overdue"]) == (80, 80, "on_track", False)
    default = call(client, "PATCH", url, key, json={"progress": None}).json
    assert (default["progress"], default["progress_set"]) == (50, None)  # in progress: 50 % by default
    done = call(client, "PATCH", url, key, json={"status": "done", "progress": 10}).json
    assert (done["progress"], done["light"]) == (100, "done")

    goal = db.session.get(Goal, data.goal_id)
    late = plan.add_measure(SYSTEM, goal, title="Spät", responsible="Amt", deadline=date.today() - timedelta(days=3),
                            status="in_progress", progress=30)
    plan.add_measure(SYSTEM, goal, title="Verworfen", responsible="Amt", deadline=date(2028, 1, 1), status="dropped")
    process = call(client, "GET", f"/api/v1/processes/{data.process_id}", key).json
    goal_json = next(g for g in process["goals"] if g["id"] == data.goal_id)
    assert goal_json["progress"] == {"measures": 2, "dropped": 1, "done": 1, "on_track": 0, "at_risk": 0,
                                     "overdue": 1, "progress": 65, "light": "overdue"}
    late_json = next(m for m in goal_json["measures"] if m["id"] == late.id)
    assert late_json["overdue"] is True and late_json["light"] == "overdue"
    field = next(f for f in process["fields"] if f["id"] == goal.field_id)
    assert field["progress"]["measures"] == 7 and field["progress"]["overdue"] == 1
    assert process["progress"]["measures"] == 7 and process["progress"]["light"] == "overdue"
    assert process["progress"]["progress"] == round((100 + 30 + 0 * 5) / 7)


def test_atom_and_json_feeds(client, key, data):
    _publish(client, key, data.process_id, public=True)
    measure = db.session.get(Measure, data.measure_id)
    plan.update_measure(SYSTEM, measure, status="done", note="Eröffnet <b>mit</b> Fest & Musik")
    plan.update_measure(SYSTEM, measure, note="Nur intern", note_public=False)
    atom = fresh(client, f"/progress/{data.process_id}/feed.atom?lang=en")
    assert atom.mimetype == "application/atom+xml" and atom.headers["Cache-Control"] == "no-cache"
    feed = ET.fromstring(atom.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2  # the two public notes; neither internal one
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text.endswith("in progress → done")
    assert newest.find(f"{ATOM}content").text == "Eröffnet <b>mit</b> Fest & Musik"  # text, escaped by XML
    assert all(e.find(f"{ATOM}id").text.startswith("tag:localhost,") for e in entries)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 2
    assert feed.find(f"{ATOM}updated").text == newest.find(f"{ATOM}updated").text
    assert b"Nur intern" not in atom.data and SECRET_NOTE.encode() not in atom.data

    response = client.get(f"/progress/{data.process_id}/feed.json")
    assert response.mimetype == "application/feed+json"
    feed_json = json.loads(response.data)
    assert feed_json["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["id"] for i in feed_json["items"]] == [e.find(f"{ATOM}id").text for e in entries]
    assert feed_json["_progress"]["done"] == 1


def test_deadline_calendar(client, key, data):
    _publish(client, key, data.process_id, public=True)
    url = f"/progress/{data.process_id}/deadlines.ics?lang=en"
    first = fresh(client, url)
    assert first.mimetype == "text/calendar"
    assert all(len(line) <= 75 for line in first.data.split(b"\r\n"))  # folded (RFC 5545 3.1)
    calendar = Calendar.from_ical(first.data)
    events = calendar.walk("VEVENT")
    measures = db.session.scalars(db.select(Measure).join(Goal).filter(Goal.process_id == data.process_id)).all()
    assert len(events) == len(measures) == 6
    by_summary = {str(e["SUMMARY"]): e for e in events}
    event = by_summary["Deadline: Bedarfsplanung Kindertagesbetreuung"]
    assert event["DTSTART"].dt == date(2027, 3, 31) and event["DTEND"].dt == date(2027, 4, 1)
    assert "DTSTAMP" in event and str(event["STATUS"]) == "CONFIRMED"
    assert "Progress: 40 %" in str(event["DESCRIPTION"]) and "Responsible: Jugendamt" in str(event["DESCRIPTION"])
    assert b"Familie und Arbeitswelt\\, Betreuung" in first.data  # TEXT escaping of the comma
    assert str(event["URL"]).endswith(f"/progress/{data.process_id}#measure-{data.measure_id}")
    plan.update_measure(SYSTEM, db.session.get(Measure, data.measure_id), status="dropped")
    again = Calendar.from_ical(client.get(url).data)
    uids = sorted(str(e["UID"]) for e in again.walk("VEVENT"))
    assert uids == sorted(str(e["UID"]) for e in events)  # stable: calendars update, never duplicate
    dropped = next(e for e in again.walk("VEVENT") if str(e["UID"]) == str(event["UID"]))
    assert str(dropped["STATUS"]) == "CANCELLED"
    assert SECRET_NOTE.encode() not in first.data


def test_organizer_publishes_on_the_process_page(client, make_user, data):
    make_user()
    login(client)
    page = f"/organize/processes/{data.process_id}"
    shown = client.get(page)
    assert "Public progress page" in shown.text and "not public" in shown.text
    calendar = client.get(f"{page}/deadlines.ics")  # organizers' calendar while not public
    assert calendar.status_code == 200 and calendar.mimetype == "text/calendar"
    token = csrf_token_from(shown)
    bad = client.post(f"{page}/publication", data={"csrf_token": token, "public": "on",
                                                     "embed_origins": "https://ok.de\nnot a website"})
    assert bad.status_code == 422 and "“not a website” is not a website address" in bad.text
    assert db.session.get(Process, data.process_id).public is False
    assert client.post(f"{page}/publication", data={"public": "on"}).status_code == 400  # CSRF
    ok = client.post(f"{page}/publication", data={"csrf_token": token, "public": "on",
                                                    "embed_origins": "https://www.musterstadt.de"})
    assert ok.status_code == 302
    shown = client.get(page)
    assert f"http://localhost/progress/{data.process_id}/embed" in shown.text
    event = db.session.scalars(db.select(AuditEvent).filter_by(action="process.publish")).one()
    assert event.after == {"public": True, "embed_origins": ["https://www.musterstadt.de"]}
    assert event.actor_label.startswith("organizer@example.org")
    client.post(f"{page}/publication", data={"csrf_token": token, "embed_origins": "https://www.musterstadt.de"})
    assert client.get(f"/progress/{data.process_id}").status_code == 404


def test_organizer_plan_and_measure_form_show_progress(client, make_user, data):
    make_user()
    login(client)
    plan_page = client.get(f"/organize/processes/{data.process_id}/plan").text
    assert '<progress max="100" value="40"' in plan_page and "Progress of the whole action plan" in plan_page
    assert "internal" in plan_page  # the internal note is marked as such
    edit = f"/organize/measures/{data.measure_id}/edit"
    form = client.get(edit)
    assert 'name="progress"' in form.text and 'value="40"' in form.text
    values = {"csrf_token": csrf_token_from(form), "title": "Bedarfsplanung", "responsible": "Jugendamt",
              "deadline": "2027-03-31", "status": "in_progress"}
    bad = client.post(edit, data={**values, "progress": "120"})
    assert bad.status_code == 422 and "whole percentage from 0 to 100" in bad.text
    internal = {**values, "progress": "70", "note": "Intern", "note_internal": "on"}
    assert client.post(edit, data=internal).status_code == 302
    measure = db.session.get(Measure, data.measure_id)
    db.session.refresh(measure)
    note = db.session.scalars(db.select(ProgressNote).filter_by(measure_id=measure.id)
                              .order_by(ProgressNote.id.desc())).first()
    assert measure.progress == 70 and note.text == "Intern" and note.public is False


def test_council_decisions_are_cited(client, key, data):
    """Verified council papers of a goal and a measure (issue 16 item 5) are cited and linked;
    a link whose facts were never fetched shows nothing of its address."""
    from workshop_app.models.base import utcnow
    from workshop_app.models.council import CouncilPaper, GoalCouncilPaper, MeasureCouncilPaper

    decision = CouncilPaper(url="https://ris.example/oparl/paper/123", kind="paper", name="Aktionsplan Familie",
                            reference="DS 2026/123", date=date(2026, 5, 20), paper_type="Beschlussvorlage",
                            web_url="https://ris.example/vorlage/123", state="verified", fetched_at=utcnow())
    pending = CouncilPaper(url="https://ris.example/oparl/paper/999", kind="paper")
    db.session.add_all([decision, pending])
    db.session.flush()
    db.session.add_all([GoalCouncilPaper(goal_id=data.goal_id, paper_id=decision.id, position=0),
                        GoalCouncilPaper(goal_id=data.goal_id, paper_id=pending.id, position=1),
                        MeasureCouncilPaper(measure_id=data.measure_id, paper_id=decision.id, position=0)])
    db.session.commit()
    _publish(client, key, data.process_id, public=True)
    page = fresh(client, f"/progress/{data.process_id}?lang=en").get_data(as_text=True)
    assert page.count('href="https://ris.example/vorlage/123"') == 2 and "DS 2026/123" in page
    assert "Council decision" in page and "paper/999" not in page
