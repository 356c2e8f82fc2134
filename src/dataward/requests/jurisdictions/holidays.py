"""Holiday calendars: which days count as business (working) days.

A calendar is anything with ``is_business_day(day)``. The built-in one knows weekends
only (which weekdays they are differs: Egypt and Saudi Arabia rest on Friday and
Saturday) plus a list of holiday dates from the configuration. Public holidays change by
decree every year, so dataward ships none: a company adds its countries' dates in
``requests.yaml`` (``holidays: {CO: [2026-01-01, ...]}``) or registers its own calendar
object (from a holidays library, an HR system) with :class:`CalendarRegistry`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class HolidayCalendar(Protocol):
    def is_business_day(self, day: date) -> bool: ...


@dataclass(frozen=True)
class WeekendCalendar:
    """Business days are the days outside ``weekend`` that are not in ``holidays``."""

    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday(): Saturday, Sunday
    holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, weekend: Iterable[str], holidays: Iterable[date] = ()) -> WeekendCalendar:
        days = set()
        for name in weekend:
            if name not in WEEKDAYS:
                raise ValueError(f"unknown weekday {name!r}; use one of {', '.join(WEEKDAYS)}")
            days.add(WEEKDAYS.index(name))
        return cls(frozenset(days), frozenset(holidays))

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays


class CalendarRegistry:
    """Calendars by jurisdiction code; codes without one get the default weekend calendar."""

    def __init__(
        self,
        weekends: Mapping[str, Iterable[str]] | None = None,
        holidays: Mapping[str, Iterable[date]] | None = None,
    ) -> None:
        weekends = dict(weekends or {})
        holidays = dict(holidays or {})
        self._default_weekend = tuple(weekends.pop("default", ("sat", "sun")))
        self._calendars: dict[str, HolidayCalendar] = {}
        for code in {*weekends, *holidays}:
            weekend = weekends.get(code, self._default_weekend)
            self._calendars[code] = WeekendCalendar.of(weekend, holidays.get(code, ()))
        self._default = WeekendCalendar.of(self._default_weekend)

    def add(self, code: str, calendar: HolidayCalendar) -> None:
        """Use ``calendar`` for ``code`` (replaces the built-in one)."""
        self._calendars[code] = calendar

    def get(self, code: str) -> HolidayCalendar:
        return self._calendars.get(code, self._default)
