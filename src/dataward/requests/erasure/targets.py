"""Where one system's erasure or rectification is carried out: a target per kind of system.

A target takes a dataset's plan (delete rows, or set columns) for the person's condition
and says how many rows it changed. :class:`SqlTarget` runs one set-based statement per
dataset in the system's transaction (:mod:`.statements`); Parquet folders have no
transactions nor UPDATE, and are rewritten file by file (:mod:`.parquet`). With
``dry_run`` a target only counts what it would change, for ``dataward requests preview``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from dataward.inventory.connectors.base import Connector, ConnectorError
from dataward.inventory.connectors.parquet import ParquetConnector
from dataward.inventory.connectors.sql import SqlConnector
from dataward.requests.erasure.parquet import ParquetTarget
from dataward.requests.erasure.statements import Plan, erase, pending, rectify

Pseudonymise = Callable[[object, int | None], str]


class ErasureTarget(Protocol):
    def erase(
        self,
        table: sa.TableClause,
        plan: Plan,
        condition: sa.ColumnElement[bool],
        pseudonymise: Pseudonymise,
    ) -> int: ...

    def rectify(
        self, table: sa.TableClause, changes: Mapping[str, Any], condition: sa.ColumnElement[bool]
    ) -> int: ...

    def report(self) -> dict[str, Any]:
        """What to keep with the task's result besides the row counts (files rewritten)."""
        ...


class SqlTarget:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def erase(
        self,
        table: sa.TableClause,
        plan: Plan,
        condition: sa.ColumnElement[bool],
        pseudonymise: Pseudonymise,
    ) -> int:
        return erase(self.connection, table, plan, condition, pseudonymise)

    def rectify(
        self, table: sa.TableClause, changes: Mapping[str, Any], condition: sa.ColumnElement[bool]
    ) -> int:
        return rectify(self.connection, table, changes, condition)

    def report(self) -> dict[str, Any]:
        return {}


class SqlCount:
    """A dry run on a database: the rows each statement would change, counted."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _count(self, table: sa.TableClause, condition: sa.ColumnElement[bool]) -> int:
        statement = sa.select(sa.func.count()).select_from(table).where(condition)
        return int(self.connection.execute(statement).scalar_one())

    def erase(
        self,
        table: sa.TableClause,
        plan: Plan,
        condition: sa.ColumnElement[bool],
        pseudonymise: Pseudonymise,
    ) -> int:
        return self._count(
            table, condition if plan.delete else sa.and_(condition, pending(table, plan))
        )

    def rectify(
        self, table: sa.TableClause, changes: Mapping[str, Any], condition: sa.ColumnElement[bool]
    ) -> int:
        return self._count(table, condition) if set(changes) & set(table.c.keys()) else 0

    def report(self) -> dict[str, Any]:
        return {}


@contextmanager
def erasure_target(
    connector: Connector, system: str, dry_run: bool = False
) -> Iterator[ErasureTarget]:
    """The system's target: a transaction of its database, or a Parquet rewrite."""
    if isinstance(connector, SqlConnector):
        if dry_run:
            with connector.engine.connect() as connection, connection.begin() as transaction:
                yield SqlCount(connection)
                transaction.rollback()
            return
        with connector.engine.begin() as connection:
            yield SqlTarget(connection)
        return
    if isinstance(connector, ParquetConnector):
        with ParquetTarget(connector, dry_run) as target:
            yield target
        return
    raise ConnectorError(f"system {system!r} ({connector.name}): its data cannot be changed")
