"""Rules for responsible bodies' links, their notes' dates and reminders."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.deadlines import MeasureStatus
from workshop_app.domain.errors import DomainError
from workshop_app.domain.responsible import (
    LINK_DAYS_WITHOUT_PERIOD,
    LinkState,
    check_note_date,
    link_expires_on,
    link_state,
    needs_reminder,
    period_end,
)

FAST = settings(max_examples=100, database=None, deadline=None)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
TODAY = date(2027, 6, 15)


@pytest.mark.parametrize("end, deadline, expected", [
    (None, None, None),
    (date(2029, 12, 31), None, date(2029, 12, 31)),
    (None, date(2029, 5, 20), date(2029, 5, 20)),
    (date(2029, 12, 31), date(2029, 5, 20), date(2029, 12, 31)),
    (date(2027, 1, 1), date(2029, 5, 20), date(2029, 5, 20)),
])
def test_period_end_is_the_later_known_end(end, deadline, expected):
    assert period_end(end, deadline) == expected


def test_link_expiry_without_a_period_is_a_year_from_issue():
    assert link_expires_on(None, date(2027, 1, 1)) == date(2027, 1, 1) + timedelta(days=LINK_DAYS_WITHOUT_PERIOD)
    assert link_expires_on(date(2029, 5, 20), date(2027, 1, 1)) == date(2029, 5, 20)


def test_link_states():
    end = date(2029, 5, 20)
    assert link_state(revoked=False, expires_on=end, today=end) is LinkState.ACTIVE  # the last day works
    assert link_state(revoked=False, expires_on=end, today=end + timedelta(days=1)) is LinkState.EXPIRED
    assert link_state(revoked=True, expires_on=end, today=date(2027, 1, 1)) is LinkState.REVOKED
    assert link_state(revoked=True, expires_on=end, today=end + timedelta(days=9)) is LinkState.REVOKED


@given(issued=DAYS, today=DAYS, end=st.none() | DAYS)
@FAST
def test_a_link_works_exactly_until_its_expiry(issued, today, end):
    expires = link_expires_on(end, issued)
    state = link_state(revoked=False, expires_on=expires, today=today)
    assert (state is LinkState.ACTIVE) == (today <= expires)


@pytest.mark.parametrize("note_date, code, param", [
    (date(2025, 12, 31), "note_date_early", ("earliest", "2026-01-01")),
    (TODAY + timedelta(days=1), "note_date_late", ("latest", TODAY.isoformat())),
])
def test_note_dates_outside_the_period_are_refused(note_date, code, param):
    with pytest.raises(DomainError) as caught:
        check_note_date(note_date, period_start=date(2026, 1, 1), end=date(2029, 12, 31), today=TODAY)
    assert caught.value.code == code and caught.value.params[param[0]] == param[1]
    assert caught.value.params["field"] == "note_date"


def test_note_date_after_the_period_end_is_refused_even_if_in_the_past():
    with pytest.raises(DomainError) as caught:
        check_note_date(date(2027, 3, 1), period_start=None, end=date(2027, 2, 28), today=TODAY)
    assert caught.value.params["latest"] == "2027-02-28"


@given(note=DAYS, start=st.none() | DAYS, end=st.none() | DAYS, today=DAYS)
@FAST
def test_accepted_note_dates_lie_in_the_period_and_not_in_the_future(note, start, end, today):
    try:
        assert check_note_date(note, period_start=start, end=end, today=today) == note
    except DomainError as error:
        assert error.code in ("note_date_early", "note_date_late")
        assert (start is not None and note < start) or note > today or (end is not None and note > end)
    else:
        assert (start is None or note >= start) and note <= today and (end is None or note <= end)


@pytest.mark.parametrize("status, offset, expected", [
    ("planned", 30, True), ("planned", 31, False), ("in_progress", 0, True), ("in_progress", -400, True),
    ("done", -3, False), ("dropped", 5, False),
])
def test_reminders_cover_open_measures_due_soon_or_overdue(status, offset, expected):
    assert needs_reminder(status, TODAY + timedelta(days=offset), TODAY, 30) is expected


@given(status=st.sampled_from(list(MeasureStatus)), deadline=DAYS, today=DAYS, days=st.integers(0, 366))
@FAST
def test_needs_reminder_matches_its_definition(status, deadline, today, days):
    expected = status in (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS) and deadline <= today + timedelta(days=days)
    assert needs_reminder(status, deadline, today, days) is expected
