"""The measures step's pure rules: deadlines from time frames (never invented) and merges."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.errors import CODES, DomainError
from workshop_app.domain.measures import GOAL, MEASURE, check_measure_parent, check_merge, deadline_from_timeframe

FAST = settings(max_examples=200, database=None, deadline=None)


@pytest.mark.parametrize(("text", "expected"), [
    ("2027", date(2027, 12, 31)),
    ("bis Ende 2027", date(2027, 12, 31)),
    ("by the end of 2028", date(2028, 12, 31)),
    ("Q2 2028", date(2028, 6, 30)),
    ("q1/2027", date(2027, 3, 31)),
    ("2. Quartal 2028", date(2028, 6, 30)),
    ("H1 2027", date(2027, 6, 30)),
    ("2. Halbjahr 2027", date(2027, 12, 31)),
    ("06/2027", date(2027, 6, 30)),
    ("2027-02", date(2027, 2, 28)),
    ("bis 2028-02", date(2028, 2, 29)),
    ("2027-03-15", date(2027, 3, 15)),
    ("15.03.2027", date(2027, 3, 15)),
    ("bis 31.12.2027", date(2027, 12, 31)),
])
def test_definite_time_frames_give_their_last_day(text, expected):
    assert deadline_from_timeframe(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "kurzfristig", "sofort", "in 6 Monaten", "innerhalb 2 Jahren", "in 2027 Tagen",
    "2027 oder 2028", "2027-2028", "31.02.2027", "13/2027", "Q5 2027", "1999", "2150",
    "3 Monate nach Beschluss 2027", "2027-13-01",
])
def test_vague_relative_or_impossible_frames_leave_the_deadline_open(text):
    assert deadline_from_timeframe(text) is None


@FAST
@given(st.text(max_size=100))
def test_any_text_gives_none_or_a_day_of_a_year_it_names(text):
    found = deadline_from_timeframe(text)
    assert found is None or (isinstance(found, date) and str(found.year) in text)


@FAST
@given(st.integers(2000, 2100), st.integers(1, 12))
def test_month_and_year_give_the_last_day_of_that_month(year, month):
    found = deadline_from_timeframe(f"{month:02d}/{year}")
    assert (found.year, found.month) == (year, month)
    assert (found.replace(day=28) - found).days <= 0 and found.day >= 28


def test_non_text_is_no_time_frame():
    assert deadline_from_timeframe(None) is None  # type: ignore[arg-type]


kinds = st.sampled_from([(GOAL, None), (MEASURE, 1), (MEASURE, 2)])


@FAST
@given(st.lists(kinds, min_size=1, max_size=4), kinds)
def test_merges_stay_within_one_kind_and_one_goal(sources, target):
    allowed = all(s == target for s in sources) or all(s[0] == GOAL == target[0] for s in sources)
    if allowed:
        check_merge(sources, target)
    else:
        with pytest.raises(DomainError) as error:
            check_merge(sources, target)
        assert error.value.code in ("merge_mixed_kinds", "merge_other_goal")
        assert error.value.code in CODES


def test_goal_and_measure_cannot_merge_either_way():
    with pytest.raises(DomainError, match="goal and a measure"):
        check_merge([(MEASURE, 1)], (GOAL, None))
    with pytest.raises(DomainError, match="goal and a measure"):
        check_merge([(GOAL, None)], (MEASURE, 1))
    with pytest.raises(DomainError, match="same goal"):
        check_merge([(MEASURE, 1)], (MEASURE, 2))


@pytest.mark.parametrize(("kind", "open_", "visible", "code"), [
    (GOAL, True, True, None),
    (GOAL, False, True, "goal_not_open_for_measures"),
    (GOAL, True, False, "goal_not_found"),
    (MEASURE, True, True, "goal_not_found"),
])
def test_measures_only_under_visible_open_goals(kind, open_, visible, code):
    if code is None:
        check_measure_parent(kind, open_, visible)
        return
    with pytest.raises(DomainError) as error:
        check_measure_parent(kind, open_, visible)
    assert error.value.code == code and error.value.params["field"] == "goal"
