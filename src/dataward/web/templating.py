"""The Jinja2 environment of the pages: autoescaped, strict, with a few display filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import jinja2


def when(value: datetime | str | None) -> str:
    """A moment as ``2026-11-28 16:12 UTC`` (ISO strings from JSON columns too)."""
    if value is None or value == "":
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def moment(value: datetime | date | None) -> str:
    """A cutoff: ``2026-11-28 16:33``, or just the day when it is midnight (or a date)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M").removesuffix(" 00:00")
    return value.isoformat()


def day(value: date | datetime | str | None) -> str:
    """A day in words: ``28 November 2026``."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.day} {value:%B %Y}"


def last_day(due_at: datetime) -> date:
    """The last day to answer (``due_at`` is the exclusive end of that day)."""
    return (due_at - timedelta(microseconds=1)).date()


def words(value: str | None) -> str:
    """``privacy_officer`` → ``privacy officer``."""
    return (value or "").replace("_", " ")


def number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def make_environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("dataward.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    filters: dict[str, Any] = {
        "when": when,
        "moment": moment,
        "day": day,
        "last_day": last_day,
        "words": words,
        "number": number,
    }
    environment.filters.update(filters)
    return environment
