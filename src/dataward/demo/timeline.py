"""Time in the demo: twelve years of history that end the day before ``as_of``.

Every timestamp is naive UTC written as text in the form SQLAlchemy stores in SQLite
(``2024-05-03 10:00:00.000000``) and PostgreSQL parses; with one form, a retention
cutoff bound by SQLAlchemy compares correctly even at an exact midnight.

Retention needs rows on both sides of every cutoff, so anchors are drawn with helpers
that say which side they land on (``long_ago``, ``recently``) as well as spread evenly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

YEARS = 12
_DAY = 86_400


def fmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def fmt_optional(moment: datetime | None) -> str | None:
    return None if moment is None else fmt(moment)


@dataclass(frozen=True)
class Timeline:
    """The demo's clock: ``end`` is midnight (UTC) starting ``as_of``; history is before it."""

    as_of: date

    @property
    def end(self) -> datetime:
        return datetime(self.as_of.year, self.as_of.month, self.as_of.day)

    @property
    def start(self) -> datetime:
        # 12 years back, 29 February clamped to the 28th.
        day = min(self.as_of.day, 28) if self.as_of.month == 2 else self.as_of.day
        return datetime(self.as_of.year - YEARS, self.as_of.month, day)

    def between(self, rng: random.Random, low: datetime, high: datetime) -> datetime:
        """A moment in ``[low, high)``, to the second; ``low`` if the range is empty."""
        seconds = int((high - low).total_seconds())
        return low + timedelta(seconds=rng.randrange(seconds)) if seconds > 0 else low

    def any_time(self, rng: random.Random) -> datetime:
        return self.between(rng, self.start, self.end)

    def days_ago(self, rng: random.Random, low: float, high: float) -> datetime:
        """A moment between ``high`` and ``low`` days before the end of the history."""
        return self.between(rng, self.end - timedelta(days=high), self.end - timedelta(days=low))

    def long_ago(self, rng: random.Random) -> datetime:
        """In the first year of the history, in a year that ended more than ten years
        before ``as_of``: past every period the policy sets."""
        return self.days_ago(rng, (YEARS - 1) * 365 + 20, YEARS * 365 - 2)

    def recently(self, rng: random.Random) -> datetime:
        """In the last 25 days: before no cutoff of a non-zero period."""
        return self.days_ago(rng, 0.1, 25)

    def after(
        self, rng: random.Random, moment: datetime, days: float, cap: datetime | None = None
    ) -> datetime:
        """A moment up to ``days`` after ``moment``, never after ``cap`` (default: the end)."""
        limit = min(moment + timedelta(days=days), cap or self.end)
        return self.between(rng, moment, limit)

    def future(self, rng: random.Random, low: float, high: float) -> datetime:
        """``low``..``high`` days after ``as_of``: a consent that has not yet expired."""
        return self.between(rng, self.end + timedelta(days=low), self.end + timedelta(days=high))

    def birth_date(self, rng: random.Random, low_age: int, high_age: int) -> date:
        """A birth date of someone aged ``low_age``..``high_age`` (inclusive) at ``as_of``."""
        youngest = self.as_of.replace(year=self.as_of.year - low_age, day=min(self.as_of.day, 28))
        span = (high_age - low_age + 1) * 365 - 2
        return youngest - timedelta(days=rng.randrange(span))

    def month_starts(self) -> list[datetime]:
        """The first instant of each month of the history (the first and last partial)."""
        months = [self.start]
        moment = datetime(self.start.year, self.start.month, 1)
        while True:
            moment = datetime(moment.year + moment.month // 12, moment.month % 12 + 1, 1)
            if moment >= self.end:
                return months
            months.append(moment)
