"""SQLite keeps timestamps as text, so retention compares text: bind it the way it sorts.

``'2016-01-01 00:00:00'`` (no fraction) and ``'2016-01-01 00:00:00.000000'`` name the same
instant, but SQLite compares the strings, and the shorter one sorts first. SQLAlchemy binds
every datetime with six fraction digits, which would make a row stamped exactly at the
cutoff without a fraction look due. Binding the *shortest* form of the instant (a fraction
only when it is not zero) orders correctly against both spellings, and keyset positions
read from the table are bound back as the very text that was read. Timestamps must be
stored as ``YYYY-MM-DD HH:MM:SS[.ffffff]`` (SQLite's and SQLAlchemy's form); ISO text with
a ``T`` would compare wrongly on the cutoff's day.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


def shortest(moment: datetime) -> str:
    text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text}.{moment.microsecond:06d}" if moment.microsecond else text


class SqliteTimestamp(TypeDecorator[Any]):
    """A DATETIME column of a governed SQLite database: text in, text out."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, datetime):
            return shortest(value.replace(tzinfo=None))
        return value


def adapt(table: sa.TableClause) -> sa.TableClause:
    """The same table with its DATETIME columns compared as SQLite sorts them."""
    columns = [
        sa.column(
            column.name,
            SqliteTimestamp() if isinstance(column.type, sa.DateTime) else column.type,
        )
        for column in table.columns
    ]
    return sa.table(table.name, *columns, schema=table.schema)


def timestamp(value: Any) -> Any:
    """A value read through :class:`SqliteTimestamp` as a datetime, for showing it."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value
