"""Deadlines of measures inside the implementation period."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.deadlines import (
    DEFAULT_IMPLEMENTATION_YEARS,
    MeasureStatus,
    add_years,
    check_deadline,
    latest_deadline,
)
from workshop_app.domain.errors import InvalidDeadline

FAST = settings(max_examples=50, database=None, deadline=None)


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2026, 3, 15), 3, date(2029, 3, 15)),
        (date(2024, 2, 29), 3, date(2027, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), -1, date(2023, 2, 28)),
        (date(2025, 12, 31), 0, date(2025, 12, 31)),
    ],
)
def test_add_years(start: date, years: int, expected: date) -> None:
    assert add_years(start, years) == expected


def test_add_years_out_of_range_is_an_error() -> None:
    with pytest.raises(ValueError):
        add_years(date(9999, 1, 1), 1)


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)), st.integers(0, 50))
def test_add_years_keeps_month_and_never_overshoots(start: date, years: int) -> None:
    result = add_years(start, years)
    assert (result.year, result.month) == (start.year + years, start.month)
    assert result.day == start.day or (start.month, start.day, result.day) == (2, 29, 28)


def test_latest_deadline() -> None:
    assert DEFAULT_IMPLEMENTATION_YEARS == 3
    assert latest_deadline(None) is None
    assert latest_deadline(date(2026, 5, 4)) == date(2029, 5, 4)
    assert latest_deadline(date(2026, 5, 4), years=5) == date(2031, 5, 4)


def test_deadline_within_the_period_passes() -> None:
    decision = date(2026, 5, 4)
    for deadline in (date(2026, 5, 4), date(2029, 5, 4)):
        check_deadline(deadline, council_decision=decision, start=date(2026, 5, 4))
    check_deadline(date(2099, 1, 1), council_decision=None)  # no decision yet: no upper bound


def test_deadline_too_late() -> None:
    with pytest.raises(InvalidDeadline) as caught:
        check_deadline(date(2029, 5, 5), council_decision=date(2026, 5, 4))
    assert (caught.value.code, caught.value.params) == ("deadline_too_late",
                                                        {"latest": "2029-05-04"})
    with pytest.raises(InvalidDeadline):
        check_deadline(date(2028, 5, 5), council_decision=date(2026, 5, 4), years=2)


def test_deadline_before_start() -> None:
    with pytest.raises(InvalidDeadline) as caught:
        check_deadline(date(2026, 1, 1), council_decision=None, start=date(2026, 1, 2))
    assert (caught.value.code, caught.value.params) == ("deadline_before_start",
                                                        {"start": "2026-01-02"})


def test_measure_status_values() -> None:
    assert [s.value for s in MeasureStatus] == ["planned", "in_progress", "done", "dropped"]
    assert MeasureStatus("in_progress") is MeasureStatus.IN_PROGRESS
