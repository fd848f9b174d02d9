"""The annual report's rules: the reporting year and a measure's status on a past day."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.domain.annual import StatusChange, reporting_period, status_on
from workshop_app.domain.deadlines import MeasureStatus
from workshop_app.domain.errors import DomainError

P, IP, D = MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.DONE


def test_reporting_period_is_the_calendar_year_up_to_today() -> None:
    today = date(2027, 6, 15)
    assert reporting_period(None, today).year == 2027
    assert reporting_period(2027, today).until == today
    past = reporting_period(2026, today)
    assert (past.since, past.until) == (date(2026, 1, 1), date(2026, 12, 31))
    for bad in (2028, 1999, "2026", True, 2026.0):
        with pytest.raises(DomainError) as caught:
            reporting_period(bad, today)
        assert caught.value.code == "invalid_year"


def test_status_on_reads_the_past_back_from_the_changes() -> None:
    changes = [StatusChange(date(2026, 4, 1), P, IP), StatusChange(date(2027, 2, 1), IP, D)]
    assert status_on(D, changes, date(2026, 3, 31)) == P  # before the first change: its "before"
    assert status_on(D, changes, date(2026, 4, 1)) == IP
    assert status_on(D, changes, date(2026, 12, 31)) == IP  # the year's end, not today
    assert status_on(D, changes, date(2027, 3, 1)) == D
    assert status_on(IP, [], date(2020, 1, 1)) == IP  # no changes: the current status
    assert status_on(D, [StatusChange(date(2026, 5, 1), None, D)], date(2026, 1, 1)) == P


@given(st.lists(st.tuples(st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
                          st.sampled_from(list(MeasureStatus))), max_size=6),
       st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)))
def test_status_on_after_the_last_change_is_the_current_status(steps, day) -> None:
    changes, before = [], P
    for when, after in sorted(steps):
        changes.append(StatusChange(when, before, after))
        before = after
    current = before
    assert status_on(current, changes, date(2030, 1, 1)) == current
    assert status_on(current, changes, day) in set(MeasureStatus)
