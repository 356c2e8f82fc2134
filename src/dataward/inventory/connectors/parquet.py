"""Folders of Parquet partitions, queried in place with DuckDB.

The system URL is a folder (``/data/lake`` or ``file:///data/lake``); each dataset is a
sub-folder of Parquet files, partitioned Hive-style (``cdr/month=2024-01/part-0.parquet``).
Each folder becomes a DuckDB view of the same name, so dataward's SQLAlchemy statements run
unchanged. DuckDB speaks PostgreSQL's SQL, so statements compile with that dialect and
positional ``?`` parameters, the form DuckDB binds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import duckdb
import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.dialects.postgresql.base import PGDialect

from dataward.inventory.connectors.base import (
    ColumnInfo,
    Connector,
    ConnectorConfig,
    ConnectorError,
    TableInfo,
    TableRef,
)

# DuckDB type names (prefixes) to the SQLAlchemy types that statements bind values with.
_TYPES: tuple[tuple[str, type[sa.types.TypeEngine[Any]]], ...] = (
    ("TIMESTAMP", sa.DateTime),
    ("DATE", sa.Date),
    ("BOOL", sa.Boolean),
    ("VARCHAR", sa.String),
    ("DECIMAL", sa.Numeric),
    ("DOUBLE", sa.Float),
    ("FLOAT", sa.Float),
    ("UBIGINT", sa.BigInteger),
    ("BIGINT", sa.BigInteger),
    ("HUGEINT", sa.BigInteger),
    ("INTEGER", sa.Integer),
    ("SMALLINT", sa.Integer),
    ("TINYINT", sa.Integer),
    ("UINTEGER", sa.Integer),
)


def sqlalchemy_type(duckdb_type: str) -> sa.types.TypeEngine[Any]:
    for prefix, kind in _TYPES:
        if duckdb_type.upper().startswith(prefix):
            return kind()
    return sa.types.NullType()


def folder_of(url: str) -> Path:
    if url.startswith("file:"):
        return Path(unquote(urlparse(url).path))
    return Path(url)


class ParquetConfig(ConnectorConfig):
    hive_partitioning: bool = Field(
        default=True, description="Read key=value folder names as columns."
    )
    pattern: str = Field(
        default="**/*.parquet", description="Files of a dataset, relative to its folder."
    )


class ParquetConnector(Connector):
    name = "parquet"
    description = "Folders of Parquet partitions, queried in place with DuckDB."
    Config = ParquetConfig
    supports_indexes = False

    def __init__(self, url: str, config: ConnectorConfig, shown_url: str) -> None:
        super().__init__(url, config, shown_url)
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._views: set[str] = set()
        self._dialect = PGDialect(paramstyle="qmark")

    @property
    def settings(self) -> ParquetConfig:
        assert isinstance(self.config, ParquetConfig)
        return self.config

    @property
    def root(self) -> Path:
        return folder_of(self.url)

    @property
    def dialect(self) -> sa.Dialect:
        return self._dialect

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        if self._connection is None:
            raise ConnectorError(f"{self.shown_url}: connector is not open")
        return self._connection

    def open(self) -> None:
        if not self.root.is_dir():
            raise ConnectorError(f"cannot open {self.shown_url}: no such folder")
        self._connection = duckdb.connect(":memory:")
        for ref in self.tables():
            self._register(ref.name)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
            self._views.clear()

    def _files(self, name: str) -> str:
        return str(self.root / name / self.settings.pattern)

    def _register(self, name: str) -> None:
        relation = self.connection.read_parquet(
            self._files(name), hive_partitioning=self.settings.hive_partitioning, union_by_name=True
        )
        relation.create_view(name, replace=True)
        self._views.add(name)

    def tables(self) -> list[TableRef]:
        folders = (path for path in sorted(self.root.iterdir()) if path.is_dir())
        return [TableRef(path.name) for path in folders if any(path.glob(self.settings.pattern))]

    def describe(self, ref: TableRef) -> TableInfo | None:
        if ref.name not in self._views:
            return None
        described = self.connection.execute(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position",
            [ref.name],
        ).fetchall()
        columns = tuple(
            ColumnInfo(name, sqlalchemy_type(kind), nullable == "YES")
            for name, kind, nullable in described
        )
        return TableInfo(ref, columns)

    def rows(self, statement: sa.Select[Any]) -> list[dict[str, Any]]:
        compiled = statement.compile(
            dialect=self._dialect, compile_kwargs={"render_postcompile": True}
        )
        parameters = [compiled.params[name] for name in compiled.positiontup or ()]
        cursor = self.connection.execute(str(compiled), parameters)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def stream(self, statement: sa.Select[Any], size: int = 1000) -> Iterator[list[dict[str, Any]]]:
        compiled = statement.compile(
            dialect=self._dialect, compile_kwargs={"render_postcompile": True}
        )
        parameters = [compiled.params[name] for name in compiled.positiontup or ()]
        cursor = self.connection.execute(str(compiled), parameters)
        names = [column[0] for column in cursor.description or ()]
        while batch := cursor.fetchmany(size):
            yield [dict(zip(names, row, strict=True)) for row in batch]
