"""Public holidays from the ``holidays`` package: offline calendars, pinned in pyproject.toml.

Laws that count business or working days skip public holidays, and the UK rolls a
deadline that ends on a bank holiday to the next working day. Which days those are
changes by decree; the ``holidays`` package (pinned to one version, so a deadline never
moves when a dependency is upgraded unseen) ships the rules and dates for every country,
computed offline. ``data/clocks.yaml`` names, per jurisdiction with such a clock, the
country and subdivision whose calendar applies; :class:`PublicHolidays` is one such
calendar behind the same small ``is_business_day`` interface as every other calendar.

Islamic holidays depend on the sighting of the moon: past years are as observed, future
ones the package's estimate (it marks them "estimated"); a company that learns the
decreed date adds it in ``requests.yaml`` (``holidays:``), or registers its own calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version

import holidays as holiday_data

from dataward.requests.jurisdictions.holidays import weekday_numbers


@dataclass(frozen=True)
class HolidaySource:
    """Whose public holidays a jurisdiction's business days skip (``US`` + ``CA``)."""

    country: str
    subdivision: str | None = None

    def __str__(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country


def data_version() -> str:
    return version("holidays")


def check_source(source: HolidaySource) -> None:
    """Raise ValueError naming the country or subdivision the package does not know."""
    supported = holiday_data.list_supported_countries()
    if source.country not in supported:
        raise ValueError(f"no public holidays for country {source.country!r}")
    if source.subdivision is not None and source.subdivision not in supported[source.country]:
        known = ", ".join(supported[source.country]) or "none"
        raise ValueError(
            f"country {source.country} has no subdivision {source.subdivision!r}; one of: {known}"
        )


class PublicHolidays:
    """Business days: not in ``weekend`` (``sat``, ``sun``…), not a public holiday of
    ``source``, not one of ``extra`` (dates the company adds)."""

    def __init__(
        self, source: HolidaySource, weekend: Iterable[str], extra: Iterable[date] = ()
    ) -> None:
        check_source(source)
        self.source = source
        self.weekend = weekday_numbers(weekend)
        self.extra = frozenset(extra)
        # Years are computed on first use and kept; the object is this calendar's cache.
        self._days = holiday_data.country_holidays(source.country, subdiv=source.subdivision)

    @property
    def name(self) -> str:
        return f"public holidays of {self.source} (holidays {data_version()})"

    def is_business_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.extra and day not in self._days

    def holiday(self, day: date) -> str | None:
        """The holiday's name on ``day`` (None on other days): what staff are shown."""
        name = self._days.get(day)
        return str(name) if name else None
