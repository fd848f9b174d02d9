"""Progress of measures: effective percentage, overdue, traffic light, roll-ups; embed origins."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.domain.deadlines import MeasureStatus
from workshop_app.domain.errors import CODES, DomainError
from workshop_app.domain.progress import (
    AT_RISK_DAYS,
    AT_RISK_LAG,
    Light,
    Rollup,
    assess,
    check_progress,
    effective_progress,
    expected_progress,
    is_overdue,
    rollup,
)
from workshop_app.domain.publishing import MAX_ORIGINS, normalise_origin, normalise_origins

TODAY = date(2027, 6, 15)
statuses = st.sampled_from(list(MeasureStatus))
percent = st.one_of(st.none(), st.integers(0, 100))
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def test_defaults_by_status():
    assert effective_progress("planned", None) == 0
    assert effective_progress("in_progress", None) == 50
    assert effective_progress("done", None) == 100
    assert effective_progress("dropped", None) is None
    assert effective_progress("planned", 20) == 20 and effective_progress("in_progress", 80) == 80
    assert effective_progress("done", 30) == 100 and effective_progress("dropped", 70) is None


@given(statuses, percent)
def test_effective_progress_is_a_percentage_or_none_only_when_dropped(status, stored):
    value = effective_progress(status, stored)
    assert (value is None) == (status is MeasureStatus.DROPPED)
    assert value is None or 0 <= value <= 100


@pytest.mark.parametrize("value", [-1, 101, 1000, True, 50.0, "50"])
def test_check_progress_refuses_what_is_not_a_whole_percentage(value):
    with pytest.raises(DomainError) as caught:
        check_progress(value)
    assert caught.value.code == "progress_range" and caught.value.params["field"] == "progress"


def test_check_progress_accepts_bounds_and_none():
    assert [check_progress(v) for v in (0, 100, None)] == [0, 100, None]


@pytest.mark.parametrize("status, deadline, overdue", [
    ("planned", TODAY - timedelta(days=1), True),
    ("in_progress", TODAY - timedelta(days=1), True),
    ("in_progress", TODAY, False),  # due today is not late yet
    ("done", TODAY - timedelta(days=300), False),
    ("dropped", TODAY - timedelta(days=300), False),
    ("planned", None, False),
])
def test_overdue(status, deadline, overdue):
    assert is_overdue(status, deadline, TODAY) is overdue


def test_lights_follow_the_stated_rules():
    far = TODAY + timedelta(days=400)
    assert assess("done", None, TODAY - timedelta(days=9), TODAY).light is Light.DONE
    assert assess("dropped", 40, far, TODAY).light is None
    late = assess("in_progress", 90, TODAY - timedelta(days=1), TODAY)
    assert late.light is Light.OVERDUE and late.overdue and late.days_left == -1
    assert assess("planned", None, TODAY + timedelta(days=AT_RISK_DAYS), TODAY).light is Light.AT_RISK
    assert assess("planned", None, TODAY + timedelta(days=AT_RISK_DAYS + 1), TODAY).light is Light.ON_TRACK
    # behind a straight line from the start: half the time gone, 50 % expected
    start, deadline = TODAY - timedelta(days=200), TODAY + timedelta(days=200)
    assert expected_progress(start, deadline, TODAY) == 50
    assert assess("in_progress", 50 - AT_RISK_LAG, deadline, TODAY, start).light is Light.ON_TRACK
    assert assess("in_progress", 49 - AT_RISK_LAG, deadline, TODAY, start).light is Light.AT_RISK
    assert assess("planned", None, deadline, TODAY, start).light is Light.AT_RISK  # 0 % at half time


@given(statuses, percent, days, days, st.one_of(st.none(), days))
def test_assessment_is_consistent(status, stored, deadline, today, start):
    a = assess(status, stored, deadline, today, start)
    assert a.overdue == (a.light is Light.OVERDUE)
    assert (a.light is None) == (status is MeasureStatus.DROPPED)
    assert (a.light is Light.DONE) == (status is MeasureStatus.DONE)
    assert a.days_left == (deadline - today).days
    if a.light is Light.ON_TRACK:
        assert a.days_left > AT_RISK_DAYS


@given(st.lists(st.tuples(statuses, percent, days), max_size=30))
def test_rollup_counts_and_means(items):
    assessed = [assess(s, p, d, TODAY) for s, p, d in items]
    r = rollup(assessed)
    counted = [a for a in assessed if a.light is not None]
    assert r.measures == len(counted) and r.dropped == len(assessed) - len(counted)
    assert r.done + r.on_track + r.at_risk + r.overdue == r.measures
    if counted:
        values = [a.progress for a in counted]
        assert min(values) <= r.progress <= max(values)
        assert abs(r.progress - sum(values) / len(values)) <= 0.5
        worst = min(counted, key=lambda a: [Light.OVERDUE, Light.AT_RISK, Light.ON_TRACK, Light.DONE].index(a.light))
        assert r.light is worst.light
    else:
        assert r.progress is None and r.light is None


def test_rollup_is_done_only_when_every_counted_measure_is_done():
    done = assess("done", None, TODAY, TODAY)
    dropped = assess("dropped", None, TODAY, TODAY)
    assert rollup([done, done, dropped]) == Rollup(measures=2, dropped=1, done=2, progress=100, light=Light.DONE)
    assert rollup([done, assess("planned", None, TODAY + timedelta(days=99), TODAY)]).light is Light.ON_TRACK
    assert rollup([]).as_dict() == {"measures": 0, "dropped": 0, "done": 0, "on_track": 0, "at_risk": 0,
                                    "overdue": 0, "progress": None, "light": None}
    assert rollup([assess("planned", 1, TODAY, TODAY), assess("planned", 2, TODAY, TODAY)]).progress == 2  # 1.5 up


@pytest.mark.parametrize("raw, origin", [
    ("https://www.Musterstadt.de", "https://www.musterstadt.de"),
    ("https://www.musterstadt.de/", "https://www.musterstadt.de"),
    ("https://www.musterstadt.de:443", "https://www.musterstadt.de"),
    ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
    ("https://[::1]:8443", "https://[::1]:8443"),
])
def test_origins_are_normalised(raw, origin):
    assert normalise_origin(raw) == origin


@pytest.mark.parametrize("raw", [
    "www.musterstadt.de", "ftp://musterstadt.de", "https://musterstadt.de/seite", "https://*.musterstadt.de",
    "https://a.de; script-src *", "'self'", "https://user@musterstadt.de", "https://musterstadt.de:99999",
    "https://-bad-.de", "https://musterstadt.de?x=1", "javascript:alert(1)", "", "https://[zz::1]",
])
def test_anything_but_an_origin_is_refused(raw):
    with pytest.raises(DomainError) as caught:
        normalise_origin(raw)
    assert caught.value.code == "invalid_origin"


def test_origin_lists():
    assert normalise_origins("https://a.de\n https://b.de, https://a.de/") == ["https://a.de", "https://b.de"]
    assert normalise_origins([]) == [] and normalise_origins("  ") == []
    with pytest.raises(DomainError) as caught:
        normalise_origins([f"https://s{i}.de" for i in range(MAX_ORIGINS + 1)])
    assert caught.value.code == "too_many_origins"
    with pytest.raises(DomainError):
        normalise_origins(42)


@given(st.text(max_size=40))
def test_a_normalised_origin_never_widens_the_policy(text):
    try:
        origin = normalise_origin(text)
    except DomainError:
        return
    assert not any(c in origin for c in " ;,'\"*\n\t") and origin.count("/") == 2


def test_codes_are_listed():
    assert {"progress_range", "invalid_origin", "too_many_origins"} <= set(CODES)
