"""Holiday calendars: which days count as business (working) days.

A calendar is anything with ``is_business_day(day)``. Which weekdays are the weekend
differs (Egypt and Saudi Arabia rest on Friday and Saturday). Jurisdictions whose laws
count business or working days, or roll a deadline past a bank holiday, skip their
public holidays too, from the pinned ``holidays`` package (:mod:`.public_holidays`);
the others know weekends only. A company adds dates of its own in ``requests.yaml``
(``holidays: {CO: [2026-01-01, ...]}``), picks a region's calendar
(``holiday_subdivisions: {GB: ENG}``), or registers its own calendar object (an HR
system's) with :meth:`CalendarRegistry.add`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class HolidayCalendar(Protocol):
    def is_business_day(self, day: date) -> bool: ...


class CalendarFactory(Protocol):
    """Builds a jurisdiction's calendar from its weekend and the company's extra dates."""

    def __call__(self, weekend: Iterable[str], extra: Iterable[date], /) -> HolidayCalendar: ...


def weekday_numbers(names: Iterable[str]) -> frozenset[int]:
    """``{"fri", "sat"}`` as ``date.weekday()`` numbers; an unknown name is an error."""
    days = set()
    for name in names:
        if name not in WEEKDAYS:
            raise ValueError(f"unknown weekday {name!r}; use one of {', '.join(WEEKDAYS)}")
        days.add(WEEKDAYS.index(name))
    return frozenset(days)


@dataclass(frozen=True)
class WeekendCalendar:
    """Business days are the days outside ``weekend`` that are not in ``holidays``."""

    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday(): Saturday, Sunday
    holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, weekend: Iterable[str], holidays: Iterable[date] = ()) -> WeekendCalendar:
        return cls(weekday_numbers(weekend), frozenset(holidays))

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays


class CalendarRegistry:
    """Calendars by jurisdiction code; codes without one get the default weekend calendar.

    ``public``: jurisdictions whose calendar skips public holidays, and how to build it
    (given the weekend and the company's extra dates); the others skip weekends and the
    extra dates only.
    """

    def __init__(
        self,
        weekends: Mapping[str, Iterable[str]] | None = None,
        holidays: Mapping[str, Iterable[date]] | None = None,
        public: Mapping[str, CalendarFactory] | None = None,
    ) -> None:
        weekends = dict(weekends or {})
        holidays = dict(holidays or {})
        public = dict(public or {})
        self._default_weekend = tuple(weekends.pop("default", ("sat", "sun")))
        self._calendars: dict[str, HolidayCalendar] = {}
        for code in {*weekends, *holidays, *public}:
            weekend = weekends.get(code, self._default_weekend)
            extra = holidays.get(code, ())
            factory = public.get(code, WeekendCalendar.of)
            self._calendars[code] = factory(weekend, extra)
        self._default = WeekendCalendar.of(self._default_weekend)

    def add(self, code: str, calendar: HolidayCalendar) -> None:
        """Use ``calendar`` for ``code`` (replaces the built-in one)."""
        self._calendars[code] = calendar

    def get(self, code: str) -> HolidayCalendar:
        return self._calendars.get(code, self._default)
