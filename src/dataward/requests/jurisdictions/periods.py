"""Deadline arithmetic: a start instant plus a period in the unit the law counts in.

Laws count differently, and each unit is computed the way its text reads:

- ``hours``: exact elapsed time (Indonesia: "3 x 24 hours").
- ``calendar_days``: the day of receipt is day 0; the deadline is the end of day N.
- ``months``: the corresponding date N months later, the day clamped to the month's last
  day when it has no such date (ICO: "if no corresponding date -> last day of month";
  31 January + 1 month = 28/29 February).
- ``business_days`` / ``working_days``: N days that are neither weekend nor holiday,
  counted from the day after receipt; the calendar is pluggable (:mod:`.holidays`).

Day-based deadlines end at the end of their last day (UTC): ``due_at`` is the first
instant after it, so a request is overdue when ``now >= due_at``. Pure: no I/O.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from dataward.requests.jurisdictions.holidays import HolidayCalendar, WeekendCalendar


class Unit(StrEnum):
    calendar_days = "calendar_days"
    business_days = "business_days"
    working_days = "working_days"
    months = "months"
    hours = "hours"


@dataclass(frozen=True)
class Period:
    value: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(f"a period cannot be negative: {self.value}")

    def __str__(self) -> str:
        unit = self.unit.value.replace("_", " ")
        return f"{self.value} {unit[:-1] if self.value == 1 else unit}"


def add_months_clamped(day: date, months: int) -> date:
    """``day`` plus calendar months; a day the target month lacks becomes its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_business_days(day: date, count: int, holidays: HolidayCalendar) -> date:
    """The ``count``-th business day after ``day`` (``day`` itself is not counted)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if holidays.is_business_day(current):
            remaining -= 1
    return current


def next_business_day(day: date, holidays: HolidayCalendar) -> date:
    """``day`` if it is a business day, else the first business day after it."""
    while not holidays.is_business_day(day):
        day += timedelta(days=1)
    return day


def end_of(day: date) -> datetime:
    """The first instant after ``day`` (UTC): a day-based deadline's exclusive end."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def last_day(period: Period, start: datetime, holidays: HolidayCalendar | None = None) -> date:
    """The last day of a day-based period started at ``start`` (UTC)."""
    holidays = holidays or WeekendCalendar()
    received = start.astimezone(UTC).date()
    if period.unit is Unit.calendar_days:
        return received + timedelta(days=period.value)
    if period.unit is Unit.months:
        return add_months_clamped(received, period.value)
    if period.unit in (Unit.business_days, Unit.working_days):
        return add_business_days(received, period.value, holidays)
    raise ValueError(f"{period.unit} is not counted in days")


def due_at(
    period: Period,
    start: datetime,
    holidays: HolidayCalendar | None = None,
    *,
    roll_forward: bool = False,
) -> datetime:
    """The exclusive end of ``period`` counted from ``start``.

    ``roll_forward`` moves a last day that is not a business day to the next one (the UK
    rule); ``holidays`` decides which days those are (default: Saturday and Sunday off).
    """
    if start.tzinfo is None:
        raise ValueError("deadlines are computed from aware UTC times")
    if period.unit is Unit.hours:
        return start.astimezone(UTC) + timedelta(hours=period.value)
    holidays = holidays or WeekendCalendar()
    day = last_day(period, start, holidays)
    if roll_forward:
        day = next_business_day(day, holidays)
    return end_of(day)
