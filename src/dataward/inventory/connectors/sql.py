"""Any database SQLAlchemy reaches: SQLite, PostgreSQL, MariaDB/MySQL, and more."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.engine.interfaces import ReflectedIndex

from dataward.inventory.connectors.base import (
    ColumnInfo,
    Connector,
    ConnectorConfig,
    ConnectorError,
    IndexInfo,
    TableInfo,
    TableRef,
    first_line,
)
from dataward.inventory.urls import scrub, secrets_of

# Drivers name the connect timeout differently; SQLite has none (it opens a local file).
_TIMEOUT_ARGUMENT = {"postgresql": "connect_timeout", "mysql": "connect_timeout"}


class SqlConfig(ConnectorConfig):
    schema_name: str | None = Field(
        default=None,
        alias="schema",
        description="Schema searched when a dataset names none (PostgreSQL: 'public').",
    )
    connect_timeout: int = Field(
        default=10, ge=1, le=300, description="Seconds to wait for the server."
    )


def _index_info(item: ReflectedIndex) -> IndexInfo:
    """A reflected index; an expression index (PostgreSQL) keeps its expressions and
    operator classes, which the free-text advice compares with its own."""
    options = item.get("dialect_options", {})
    classes = options.get("postgresql_ops", {})
    expressions = tuple((text, classes.get(text)) for text in item.get("expressions", ()))
    return IndexInfo(
        item["name"],
        tuple(name for name in item["column_names"] if name),
        item["unique"],
        options.get("postgresql_using"),
        expressions,
    )


class SqlConnector(Connector):
    name = "sql"
    description = "Any SQLAlchemy database: SQLite, PostgreSQL, MariaDB/MySQL (tables)."
    Config = SqlConfig

    def __init__(self, url: str, config: ConnectorConfig, shown_url: str) -> None:
        super().__init__(url, config, shown_url)
        self._engine: sa.Engine | None = None

    @property
    def settings(self) -> SqlConfig:
        assert isinstance(self.config, SqlConfig)
        return self.config

    @property
    def engine(self) -> sa.Engine:
        if self._engine is None:
            raise ConnectorError(f"{self.shown_url}: connector is not open")
        return self._engine

    @property
    def dialect(self) -> sa.Dialect:
        return self.engine.dialect

    def open(self) -> None:
        try:
            url = sa.make_url(self.url)
        except sa.exc.ArgumentError as error:
            raise ConnectorError(f"{self.shown_url}: not a database URL ({error})") from None
        connect_args: dict[str, Any] = {}
        argument = _TIMEOUT_ARGUMENT.get(url.get_backend_name())
        if argument:
            connect_args[argument] = self.settings.connect_timeout
        # Connecting would silently create an empty SQLite file and report every table missing.
        on_disk = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        if on_disk and not Path(str(url.database)).exists():
            raise ConnectorError(f"{self.shown_url}: database file does not exist")
        try:
            engine = sa.create_engine(url, connect_args=connect_args)
        except (sa.exc.ArgumentError, ImportError) as error:
            raise ConnectorError(f"{self.shown_url}: {error}") from None
        try:
            with engine.connect():
                pass
        except sa.exc.DBAPIError as error:
            engine.dispose()
            reason = scrub(first_line(error), secrets_of(self.url))
            raise ConnectorError(f"cannot connect to {self.shown_url}: {reason}") from None
        self._engine = engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def _schema(self, ref: TableRef) -> str | None:
        return ref.schema or self.settings.schema_name

    def tables(self) -> list[TableRef]:
        schema = self.settings.schema_name
        names = sa.inspect(self.engine).get_table_names(schema=schema)
        return [TableRef(name, schema) for name in sorted(names)]

    def describe(self, ref: TableRef) -> TableInfo | None:
        schema = self._schema(ref)
        inspector = sa.inspect(self.engine)
        if not inspector.has_table(ref.name, schema=schema):
            return None
        columns = tuple(
            ColumnInfo(item["name"], item["type"], bool(item.get("nullable", True)))
            for item in inspector.get_columns(ref.name, schema=schema)
        )
        indexes = [_index_info(item) for item in inspector.get_indexes(ref.name, schema=schema)]
        primary = inspector.get_pk_constraint(ref.name, schema=schema)
        if primary.get("constrained_columns"):
            indexes.append(IndexInfo(primary.get("name"), tuple(primary["constrained_columns"])))
        for unique in inspector.get_unique_constraints(ref.name, schema=schema):
            indexes.append(IndexInfo(unique["name"], tuple(unique["column_names"]), True))
        return TableInfo(TableRef(ref.name, schema), columns, tuple(indexes))

    def rows(self, statement: sa.Select[Any]) -> list[dict[str, Any]]:
        # One SELECT needs no transaction: autocommit saves the BEGIN and ROLLBACK round trips.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            result = connection.execute(statement)
            return _as_dicts(tuple(result.keys()), result)

    def stream(self, statement: sa.Select[Any], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
        # stream_results: a server-side cursor on PostgreSQL/MariaDB, fetchmany on SQLite.
        with self.engine.connect() as connection:
            result = connection.execution_options(stream_results=True, yield_per=size).execute(
                statement
            )
            names = tuple(result.keys())
            for batch in result.partitions(size):
                yield _as_dicts(names, batch)


def _as_dicts(names: tuple[str, ...], rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    # Zipping plain rows with the names: half the cost of dict(RowMapping), which looks
    # each key up through the result's metadata (0.14 s of a 20,000-row export).
    return [dict(zip(names, row, strict=True)) for row in rows]
