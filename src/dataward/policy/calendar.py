"""Calendar arithmetic for retention periods, in UTC.

The notice's words become three exact steps:

1. *Align* the event timestamp: "after the end of the month in which C took place" anchors
   at the first instant of the next month, "following the year of C" at 1 January of the
   next year, "after the event day" at the midnight that ends that day.
2. *Add* the offset: calendar years and months first, clamping the day (31 Jan + 1 month
   = 28/29 Feb; 29 Feb + 1 year = 28 Feb; a clamped day ends at the month's last instant,
   which keeps the order of timestamps), then whole days.
3. A record is *due* when ``aligned + offset <= as_of``.

Both steps are monotone (never decreasing) in the event timestamp, so the due records are
exactly those whose timestamp lies below one boundary. :func:`exclusive_cutoff` finds that
boundary once per run, which lets a rule compile to the sargable predicate
``column < cutoff`` that a database answers from an index.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

_ONE_MICROSECOND = timedelta(microseconds=1)


class Alignment(StrEnum):
    """Where the clock starts relative to the event timestamp."""

    instant = "instant"
    end_of_day = "end_of_day"
    end_of_month = "end_of_month"
    end_of_year = "end_of_year"


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are read as UTC; aware ones are converted to UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def add_months(moment: datetime, months: int) -> datetime:
    """Add calendar months, clamping the day to the target month's length.

    A clamped day lands on the last instant of the target month, not at its own time of
    day: 29 August 00:00 + 6 months must not come before 28 August 23:00 + 6 months (28
    February 23:00), or the order of timestamps — which the cutoff relies on — breaks.
    """
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if moment.day > last_day:
        return moment.replace(
            year=year, month=month, day=last_day, hour=23, minute=59, second=59, microsecond=999_999
        )
    return moment.replace(year=year, month=month)


def align(moment: datetime, alignment: Alignment) -> datetime:
    """The first instant after the period (day, month, year) that contains ``moment``."""
    moment = as_utc(moment)
    if alignment is Alignment.instant:
        return moment
    if alignment is Alignment.end_of_day:
        start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        return start + timedelta(days=1)
    if alignment is Alignment.end_of_month:
        start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return add_months(start, 1)
    start = moment.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return start.replace(year=start.year + 1)


@dataclass(frozen=True)
class Offset:
    """A calendar offset: years and months (day clamped), then days."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        for name in ("years", "months", "days"):
            if getattr(self, name) < 0:
                raise ValueError(f"offset {name} must not be negative, got {getattr(self, name)}")

    def after(self, moment: datetime) -> datetime:
        return add_months(moment, 12 * self.years + self.months) + timedelta(days=self.days)

    def upper_bound(self) -> timedelta:
        """A duration at least as long as this offset from any starting point."""
        return timedelta(days=366 * self.years + 31 * self.months + self.days)

    @property
    def is_zero(self) -> bool:
        return self.years == self.months == self.days == 0


def due_at(moment: datetime, alignment: Alignment, offset: Offset) -> datetime:
    """When a record stamped ``moment`` becomes due."""
    return offset.after(align(moment, alignment))


def is_due(moment: datetime, alignment: Alignment, offset: Offset, as_of: datetime) -> bool:
    return due_at(moment, alignment, offset) <= as_utc(as_of)


def exclusive_cutoff(alignment: Alignment, offset: Offset, as_of: datetime) -> datetime:
    """The earliest event timestamp that is NOT yet due at ``as_of``.

    A record stamped ``t`` is due exactly when ``t < exclusive_cutoff(...)``.

    Day clamping makes ``due_at`` flat in places (29, 30 and 31 January plus one month all
    land on 28 February), so it has no simple inverse. It is monotone, though, so a binary
    search over microseconds finds the boundary exactly in about 60 steps, computed once
    per rule and run.
    """
    as_of = as_utc(as_of)
    # Aligning moves a timestamp forward and offsets are never negative, so anything after
    # as_of is not due; a year (the longest alignment) plus the offset's upper bound before
    # as_of certainly is.
    not_due = as_of + _ONE_MICROSECOND
    due = as_of - offset.upper_bound() - timedelta(days=367)
    while not_due - due > _ONE_MICROSECOND:
        middle = due + (not_due - due) // 2
        if due_at(middle, alignment, offset) <= as_of:
            due = middle
        else:
            not_due = middle
    return not_due
