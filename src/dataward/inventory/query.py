"""Statements about datasets, built with SQLAlchemy Core and separate from connecting.

Every statement is built on a typed ``table()`` (from :meth:`TableInfo.as_table`), so
SQLAlchemy quotes identifiers for the target dialect and binds values as parameters:
no name or value is ever formatted into SQL text. A person lookup filters on indexed
identity and relation columns with the normalised value bound, so the database answers
from an index instead of dataward scanning rows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex

from dataward.inventory.connectors.base import TableInfo
from dataward.inventory.graph import LookupStep
from dataward.inventory.identity import Identity

_NOT_COMPARABLE = object()


def _coerce(value: Any, column: sa.ColumnClause[Any]) -> Any:
    """Bind an identifier as the column's Python type ("42" for an integer id column)."""
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is int and isinstance(value, str):
        return int(value) if value.lstrip("-").isdigit() else _NOT_COMPARABLE
    return value


def person_select(
    table: sa.TableClause,
    step: LookupStep,
    identity: Identity | None,
    keys: Mapping[str, Sequence[Any]] | None = None,
) -> sa.Select[Any] | None:
    """SELECT the rows of one dataset that belong to a person, or None if none can.

    ``identity`` is matched against the step's identity columns (bound as ``identity_N``);
    ``keys`` maps each hop column to the values an earlier step found (``keys_N``, an
    expanding IN list). Conditions are OR-ed: any of them makes the row the person's.
    """
    keys = keys or {}
    conditions: list[sa.ColumnElement[bool]] = []
    if identity is not None:
        for number, name in enumerate(step.identity_columns, start=1):
            column = table.c[name]
            value = _coerce(identity.value, column)
            if value is not _NOT_COMPARABLE:
                parameter = sa.bindparam(f"identity_{number}", value, type_=column.type)
                conditions.append(column == parameter)
    for number, hop in enumerate(step.hops, start=1):
        values = [value for value in keys.get(hop.column, ()) if value is not None]
        if values:
            column = table.c[hop.column]
            parameter = sa.bindparam(f"keys_{number}", sorted(set(values)), expanding=True)
            conditions.append(column.in_(parameter))
    if not conditions:
        return None
    return sa.select(table).where(sa.or_(*conditions))


def sample_select(table: sa.TableClause, limit: int) -> sa.Select[Any]:
    """A bounded sample of a table's rows (the database picks which; no full scan)."""
    return sa.select(table).limit(limit)


def index_name(table: str, column: str, max_length: int) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", f"ix_{table}_{column}").lower()
    if len(name) <= max_length:
        return name
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]
    return f"{name[: max_length - 9]}_{digest}"


def index_table(info: TableInfo) -> sa.Table:
    """The described table as a ``Table``, which an ``Index`` to advise is built on."""
    columns = [sa.Column(item.name, item.type) for item in info.columns]
    return sa.Table(info.ref.name, sa.MetaData(), *columns, schema=info.ref.schema)


def create_index(info: TableInfo, column: str, dialect: sa.Dialect) -> str:
    """The CREATE INDEX statement that makes ``column`` usable for lookups, for ``dialect``."""
    table = index_table(info)
    options: dict[str, Any] = {}
    if dialect.name in ("mysql", "mariadb") and isinstance(
        table.c[column].type, sa.Text | sa.LargeBinary
    ):
        # MariaDB/MySQL index TEXT/BLOB columns only by a prefix; 191 fits utf8mb4 limits.
        options["mysql_length"] = 191
    limit = dialect.max_identifier_length or 63
    index = sa.Index(index_name(info.ref.name, column, limit), table.c[column], **options)
    return str(CreateIndex(index).compile(dialect=dialect)).strip() + ";"
