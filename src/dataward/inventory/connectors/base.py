"""The connector contract: open, introspect, run statements that dataward built.

Connectors never build queries about people or rules; :mod:`dataward.inventory.query`
does, as SQLAlchemy Core statements over typed ``table()`` objects. A connector only knows
how to reach its system: which SQL dialect it speaks and how to execute a statement there.
That keeps the contract small enough for a Spark connector to implement later without
changing the code that uses connectors.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar, Self

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict


class ConnectorConfig(BaseModel):
    """Options of a connector, validated when the inventory loads (``options:`` in YAML)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ConnectorError(Exception):
    """The system cannot be reached; the message is safe to show (passwords masked)."""


@dataclass(frozen=True)
class TableRef:
    """A physical table (or, for Parquet, a partition folder) inside one system."""

    name: str
    schema: str | None = None

    def __str__(self) -> str:
        return f"{self.schema}.{self.name}" if self.schema else self.name


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: sa.types.TypeEngine[Any]
    nullable: bool = True


@dataclass(frozen=True)
class IndexInfo:
    name: str | None
    columns: tuple[str, ...]
    unique: bool = False
    method: str | None = None  # PostgreSQL's access method when not a B-tree: "gin"
    # Indexed expressions as the database shows them, each with its operator class.
    expressions: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class TableInfo:
    ref: TableRef
    columns: tuple[ColumnInfo, ...]
    indexes: tuple[IndexInfo, ...] = ()

    def column(self, name: str) -> ColumnInfo | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None

    def is_indexed(self, column: str) -> bool:
        """True when an index (or primary key) leads with ``column``: a range scan can use it."""
        return any(index.columns[:1] == (column,) for index in self.indexes)

    def as_table(self) -> sa.TableClause:
        """A typed ``table()`` to build statements on; SQLAlchemy quotes every name."""
        columns = [sa.column(column.name, column.type) for column in self.columns]
        return sa.table(self.ref.name, *columns, schema=self.ref.schema)


class ClosesOnExit:
    """``with`` support for a class with ``close()``: entering returns it, leaving closes it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class Connector(ClosesOnExit, ABC):
    """One system dataward governs. Use as a context manager: ``with connector: ...``."""

    name: ClassVar[str]
    description: ClassVar[str]
    Config: ClassVar[type[ConnectorConfig]] = ConnectorConfig
    # Parquet files have no indexes; checks skip the index advice for such connectors.
    supports_indexes: ClassVar[bool] = True

    def __init__(self, url: str, config: ConnectorConfig, shown_url: str) -> None:
        self.url = url
        self.config = config
        self.shown_url = shown_url  # masked: the only form of the URL a message may contain

    @abstractmethod
    def open(self) -> None:
        """Connect; raise :class:`ConnectorError` naming the masked URL when unreachable."""

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def dialect(self) -> sa.Dialect:
        """The SQL dialect statements are compiled for."""

    @abstractmethod
    def tables(self) -> list[TableRef]: ...

    @abstractmethod
    def describe(self, ref: TableRef) -> TableInfo | None:
        """Columns and indexes of a table, or None when it does not exist."""

    @abstractmethod
    def rows(self, statement: sa.Select[Any]) -> list[dict[str, Any]]:
        """Run a SELECT (the caller bounds it with a LIMIT or an indexed predicate)."""

    def stream(self, statement: sa.Select[Any], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
        """Run a SELECT and yield its rows in batches of at most ``size``.

        Memory holds one batch, not the result: an export of a person with millions of rows
        must not need memory proportional to them. This default reads everything first;
        connectors that can stream (server-side cursors) override it.
        """
        rows = self.rows(statement)
        for start in range(0, len(rows), size):
            yield rows[start : start + size]

    def count(self, statement: sa.Select[Any]) -> int:
        counted = sa.select(sa.func.count().label("n")).select_from(statement.subquery())
        return int(self.rows(counted)[0]["n"])

    def render(self, statement: sa.ClauseElement) -> str:
        """The SQL text this connector would send (parameters stay placeholders)."""
        return str(statement.compile(dialect=self.dialect))

    def __enter__(self) -> Self:
        self.open()
        return self


def first_line(error: BaseException) -> str:
    """Driver errors run to many lines of context; one line names the cause."""
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__
