"""The process archive: export → import into an empty database → export gives the same document;
bad files are refused with a clear code and change nothing."""
from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime

import pytest

from testkit.worlds import seed
from tests.conftest import login, make_app
from workshop_app.domain.errors import DomainError
from workshop_app.extensions import db
from workshop_app.models import (
    AuditEvent,
    Ballot,
    CouncilPaper,
    Goal,
    GoalCouncilPaper,
    MeasureCouncilPaper,
    Process,
    Proposal,
    Workshop,
)
from workshop_app.services import archive
from workshop_app.services.plumbing import tx
from workshop_app.services.plumbing.audit import SYSTEM
from workshop_app.services.read_models import results


def normalise(data: dict) -> dict:
    """The archive with every id replaced by its position, references rewritten; no export time."""
    data = copy.deepcopy(data)
    data.pop("exported_at")
    maps: dict[str, dict[int, int]] = {}

    def number(kind, items):
        maps[kind] = {item["id"]: i for i, item in enumerate(items, 1)}
        for item in items:
            item["id"] = maps[kind][item["id"]]

    def ref(kind, value):
        return None if value is None else maps[kind][value]

    data["process"]["id"] = 1
    number("field", data["fields"])
    number("workshop", data["workshops"])
    for w in data["workshops"]:
        number("group", w["groups"])
        number("participant", w["participants"])
        number("proposal", w["proposals"])
        number("round", w["rounds"])
        w["focus_field"] = ref("field", w["focus_field"])
        for p in w["participants"]:
            p["group"] = ref("group", p["group"])
        for p in w["proposals"]:
            p.update(field=ref("field", p["field"]), participant=ref("participant", p["participant"]),
                     merged_into=ref("proposal", p["merged_into"]),
                     supporters=[ref("participant", q) for q in p.get("supporters", [])])
        for r in w["rounds"]:
            r["field"] = ref("field", r["field"])
            r["items"] = [ref("proposal", i) for i in r["items"]]
            number("ballot", r["ballots"])
            for b in r["ballots"]:
                b.update(group=ref("group", b["group"]), participant=ref("participant", b["participant"]),
                         votes=[[ref("proposal", p), v] for p, v in b["votes"]])
            for paper in r["paper"]:
                paper.update(group=ref("group", paper["group"]),
                             points=[[ref("proposal", p), v] for p, v in paper["points"]])
    number("goal", data["goals"])
    for g in data["goals"]:
        g["field"] = ref("field", g["field"])
        g["proposals"] = [ref("proposal", p) for p in g["proposals"]]
        number("measure", g["measures"])
        for m in g["measures"]:
            number("note", m["notes"])
    return data


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
            for model in (Process, Workshop, Proposal, Ballot, Goal)}


@pytest.fixture
def exported(ctx):
    from workshop_app.services import plan, privacy

    data = seed()
    measure = db.session.get(Goal, db.session.scalar(db.select(Goal.id).order_by(Goal.id))).measures[0]
    plan.update_measure(SYSTEM, measure, status="in_progress", note="Bedarfserhebung läuft ✅", progress=35)
    plan.add_note(SYSTEM, measure, text="Nur intern", public=False)
    with tx.write():  # a council decision the goal and its measure cite, as fetched over OParl
        paper = CouncilPaper(url="https://ris.example.org/oparl/paper/123", kind="paper",
                             name="Zielvereinbarung Familiengerechte Kommune", reference="DS 2026/123",
                             date=date(2026, 5, 20), web_url="https://ris.example.org/vo020?id=123",
                             state="verified", fetched_at=datetime(2026, 5, 21, 9, 0, tzinfo=UTC))
        db.session.add(paper)
        db.session.flush()
        db.session.add(GoalCouncilPaper(goal_id=measure.goal_id, paper_id=paper.id, position=0))
        db.session.add(MeasureCouncilPaper(measure_id=measure.id, paper_id=paper.id, position=0))
    privacy.anonymise(SYSTEM, db.session.get(Workshop, data.workshop_id))  # anonymous ballots travel too
    return archive.archive_bytes(db.session.get(Process, data.process_id))


def test_round_trip_into_an_empty_database(exported, tmp_path):
    first = json.loads(exported)
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite'}", tmp_path / "other-instance")
    with other.test_request_context():
        db.create_all()
        process = archive.import_archive(SYSTEM, exported)
        again = json.loads(archive.archive_bytes(process))
        workshop = process.workshops[0]
        assert workshop.moderator_secret_hash is None and workshop.screen_secret
        assert db.session.scalar(db.select(AuditEvent).filter_by(action="process.import")) is not None
        for round_ in workshop.rounds:  # the running sums of the tally are recounted on import
            counted = results.compute(round_)
            assert counted == results.compute_from_ballots(round_)
            assert results.tally_sequence(round_.id) == sum(db.session.scalars(
                db.select(Ballot.revision).filter_by(round_id=round_.id)))
        assert any(results.compute(r).total_voters for r in workshop.rounds)
        db.session.remove()
        db.engine.dispose()
    assert normalise(again) == normalise(first)
    assert first["workshops"][0]["rounds"][0]["ballots"]  # not trivially empty
    assert first["goals"][0]["measures"][0]["notes"][0]["status_after"] == "in_progress"
    assert first["goals"][0]["measures"][0]["progress"] == 35
    assert [n["public"] for n in first["goals"][0]["measures"][0]["notes"]] == [True, False]
    cited = first["goals"][0]["council_papers"]
    assert [p["reference"] for p in cited] == ["DS 2026/123"]  # kept through the round trip
    assert first["goals"][0]["measures"][0]["council_papers"] == cited


def test_reimport_into_same_database_clashes_and_changes_nothing(exported):
    before = _counts()
    with pytest.raises(DomainError) as error:
        archive.import_archive(SYSTEM, exported)
    assert error.value.code == "archive_id_clash"
    assert _counts() == before


@pytest.mark.parametrize("mutate, code", [
    (lambda raw: b"hello, council", "archive_invalid"),
    (lambda raw: b"", "archive_invalid"),
    (lambda raw: json.dumps({"kind": "action_plan"}).encode(), "archive_invalid"),
    (lambda raw: raw.replace(b'"format_version": 1', b'"format_version": 99'), "archive_version_unsupported"),
    (lambda raw: raw[: len(raw) // 2], "archive_truncated"),
    (lambda raw: raw.replace(b'"complete": true', b'"complete": false'), "archive_truncated"),
    (lambda raw: b"\xff\xfe" + raw, "archive_invalid"),
    (lambda raw: raw.replace(b'"fields": [', b'"fields": 7, "x": [', 1), "archive_invalid"),
    # a cited paper's web page must be a web address (the public page links it)
    (lambda raw: raw.replace(b'"web_url": "https://ris.example.org/vo020?id=123"',
                             b'"web_url": "javascript:alert(1)"', 1), "archive_invalid"),
])
def test_bad_files_are_refused(exported, mutate, code, ctx):
    before = _counts()
    with pytest.raises(DomainError) as error:
        archive.import_archive(SYSTEM, mutate(exported))
    assert error.value.code == code
    assert _counts() == before


def test_duplicate_ids_inside_an_archive(exported, tmp_path):
    data = json.loads(exported)
    proposals = data["workshops"][0]["proposals"]
    proposals[1]["id"] = proposals[0]["id"]
    other = make_app(f"sqlite:///{tmp_path / 'dup.sqlite'}", tmp_path / "dup-instance")
    with other.test_request_context():
        db.create_all()
        with pytest.raises(DomainError) as error:
            archive.import_archive(SYSTEM, json.dumps(data))
        assert error.value.code == "archive_id_clash"
        assert db.session.scalar(db.select(db.func.count()).select_from(Process)) == 0
        broken = json.loads(exported)
        broken["workshops"][0]["proposals"][0]["field"] = 987654  # a reference to nothing
        with pytest.raises(DomainError) as error:
            archive.import_archive(SYSTEM, json.dumps(broken))
        assert error.value.code == "archive_invalid"
        assert db.session.scalar(db.select(db.func.count()).select_from(Workshop)) == 0
        db.session.remove()
        db.engine.dispose()


def test_import_through_the_page_and_the_api(exported, client, make_user, tmp_path):
    import io

    make_user()
    with client.session_transaction() as session:
        session["lang"] = "en"
    login(client)
    page = client.get("/organize/")
    from tests.conftest import csrf_token_from

    token = csrf_token_from(page)
    half_written = (io.BytesIO(b"{\"format\": 1"), "x.json")
    bad = client.post("/organize/import", data={"csrf_token": token, "archive": half_written},
                      content_type="multipart/form-data")
    assert bad.status_code == 422 and "Nothing was imported" in bad.text
    clash = client.post("/organize/import", data={"csrf_token": token, "archive": (io.BytesIO(exported), "a.json")},
                        content_type="multipart/form-data")
    assert clash.status_code == 409 and "clashes" in clash.text
    api = client.post("/api/v1/processes/import", data=b"[]", headers={"X-CSRFToken": token},
                      content_type="application/json")
    assert api.status_code == 422 and api.json["error"]["code"] == "archive_invalid"
