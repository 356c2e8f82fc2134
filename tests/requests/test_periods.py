"""Deadline arithmetic: properties that must hold for every start, unit and calendar."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dataward.requests.jurisdictions.holidays import WeekendCalendar
from dataward.requests.jurisdictions.periods import (
    Period,
    Unit,
    add_business_days,
    add_months_clamped,
    due_at,
    last_day,
)

starts = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
holiday_sets = st.frozensets(days, max_size=20)
weekends = st.frozensets(st.integers(0, 6), max_size=3)


@given(days, st.integers(0, 36))
def test_months_land_on_the_same_day_or_the_months_last(day: date, months: int) -> None:
    result = add_months_clamped(day, months)
    assert (result.year - day.year) * 12 + result.month - day.month == months
    last = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(day.day, last)


@given(days, days, st.integers(0, 36))
def test_months_are_monotone(first: date, second: date, months: int) -> None:
    early, late = sorted((first, second))
    assert add_months_clamped(early, months) <= add_months_clamped(late, months)


@given(starts, st.integers(0, 400))
def test_calendar_days_end_after_exactly_n_days(start: datetime, count: int) -> None:
    end = due_at(Period(count, Unit.calendar_days), start)
    assert end == datetime.combine(
        start.date() + timedelta(days=count + 1), datetime.min.time(), UTC
    )
    assert end > start


@given(days, st.integers(0, 60), weekends, holiday_sets)
def test_business_days_count_exactly_n_business_days(
    day: date, count: int, weekend: frozenset[int], holidays: frozenset[date]
) -> None:
    calendar_ = WeekendCalendar(weekend, holidays)
    result = add_business_days(day, count, calendar_)
    between = [day + timedelta(days=offset) for offset in range(1, (result - day).days + 1)]
    assert sum(calendar_.is_business_day(item) for item in between) == count
    if count:
        assert calendar_.is_business_day(result)
        assert (result - day).days >= count


@given(starts, st.integers(0, 30), holiday_sets)
def test_more_holidays_never_shorten_a_deadline(
    start: datetime, count: int, holidays: frozenset[date]
) -> None:
    period = Period(count, Unit.business_days)
    assert due_at(period, start, WeekendCalendar(holidays=holidays)) >= due_at(period, start)


@given(starts, starts, st.sampled_from(list(Unit)), st.integers(0, 90))
def test_deadlines_are_monotone_in_the_start(
    first: datetime, second: datetime, unit: Unit, value: int
) -> None:
    early, late = sorted((first, second))
    assert due_at(Period(value, unit), early) <= due_at(Period(value, unit), late)


@given(starts, st.integers(0, 200))
def test_hours_are_exact(start: datetime, hours: int) -> None:
    assert due_at(Period(hours, Unit.hours), start) - start == timedelta(hours=hours)


@given(starts, st.integers(1, 12))
def test_roll_forward_lands_on_a_business_day_no_earlier(start: datetime, months: int) -> None:
    period = Period(months, Unit.months)
    rolled = due_at(period, start, roll_forward=True)
    plain = due_at(period, start)
    assert rolled >= plain
    assert WeekendCalendar().is_business_day((rolled - timedelta(days=1)).date())


def test_examples() -> None:
    assert add_months_clamped(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months_clamped(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert last_day(Period(10, Unit.business_days), datetime(2026, 1, 30, 23, tzinfo=UTC)) == date(
        2026, 2, 13
    )
    assert (
        str(Period(1, Unit.months)) == "1 month"
        and str(Period(3, Unit.working_days)) == "3 working days"
    )
