"""Erasing a person from a folder of Parquet files: each file that holds them, rewritten.

Parquet files cannot be changed in place. For each file with some of the person's rows
(found by one query over the dataset, DuckDB's ``filename`` column telling which), a new
file is written next to it with the rows the erasure keeps, or with the person's columns
nulled or pseudonymised (the same plan as a database's DELETE or UPDATE, see
:mod:`.statements`), in the original file's compression. The new file is flushed to disk
(fsync), checked against the original (a file changed meanwhile by another writer, a
compaction job, is left alone and the erasure fails, to be retried), then renamed over it:
a reader sees the old file or the new one, never half of one. The folder is fsynced so
the rename survives a crash.

Files are replaced one by one, not all at once: a crash between two leaves some of the
person's files rewritten, and the retry rewrites the rest (a rewritten file holds nothing
of the person any more). Writers must not compact a dataset's files while an erasure
runs over it; if one does, the erasure fails and is retried, never losing their rows.
Each file's rows are read and written by DuckDB, never held in Python.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql.base import PGDialect

from dataward.inventory.connectors.base import ClosesOnExit, ConnectorError
from dataward.inventory.connectors.parquet import ParquetConnector
from dataward.requests.erasure.statements import Plan, erased_values, pending

FILE_COLUMN = "dataward_file"  # DuckDB's column naming each row's file
COMPRESSIONS = {"SNAPPY": "snappy", "ZSTD": "zstd", "GZIP": "gzip", "UNCOMPRESSED": "uncompressed",
                "LZ4_RAW": "lz4", "BROTLI": "brotli"}  # fmt: skip


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _stamp(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_size, found.st_mtime_ns


class ParquetTarget(ClosesOnExit):
    """Rewrites the person's Parquet files of one system; ``dry_run``: counts only."""

    def __init__(self, connector: ParquetConnector, dry_run: bool = False) -> None:
        self.connector = connector
        self.dry_run = dry_run
        self.dialect = PGDialect(paramstyle="qmark")  # DuckDB speaks PostgreSQL's SQL
        self.duck = duckdb.connect(":memory:")
        self.files: dict[str, int] = {}  # file (relative to the system folder) → rows changed
        self._views: set[str] = set()

    def close(self) -> None:
        self.duck.close()

    def _compiled(self, statement: sa.Select[Any]) -> tuple[str, list[Any]]:
        compiled = statement.compile(
            dialect=self.dialect, compile_kwargs={"render_postcompile": True}
        )
        return str(compiled), [compiled.params[name] for name in compiled.positiontup or ()]

    def _rows(self, statement: sa.Select[Any]) -> list[tuple[Any, ...]]:
        sql, parameters = self._compiled(statement)
        return self.duck.execute(sql, parameters).fetchall()

    def _view(self, table: sa.TableClause) -> None:
        """The dataset's files as a view named like the dataset, with each row's file."""
        if table.name in self._views:
            return
        settings = self.connector.settings
        files = str(self.connector.root / table.name / settings.pattern)
        self.duck.sql(
            "SELECT * FROM read_parquet(?, hive_partitioning = ?, union_by_name = true, "
            f"filename = '{FILE_COLUMN}')",
            params=[files, settings.hive_partitioning],
        ).create_view(table.name)
        self._views.add(table.name)

    def _physical(self, path: Path) -> list[str]:
        """The columns stored in the file (partition keys live in its folder names)."""
        cursor = self.duck.execute(
            "SELECT * FROM read_parquet(?, hive_partitioning = false) LIMIT 0", [str(path)]
        )
        cursor.fetchall()
        return [column[0] for column in cursor.description or ()]

    def _compression(self, path: Path) -> str:
        found = self.duck.execute(
            "SELECT compression FROM parquet_metadata(?) LIMIT 1", [str(path)]
        ).fetchall()
        return COMPRESSIONS.get(str(found[0][0]).upper(), "snappy") if found else "snappy"

    def _affected(self, table: sa.TableClause, condition: sa.ColumnElement[bool]) -> dict[str, int]:
        file: sa.ColumnClause[Any] = sa.literal_column(FILE_COLUMN)
        statement = (
            sa.select(file, sa.func.count()).select_from(table).where(condition).group_by(file)
        )
        return {str(name): int(count) for name, count in self._rows(statement)}

    def _rewrite(self, path: Path, select: sa.Select[Any]) -> None:
        before = _stamp(path)
        partial = path.with_name(f".{path.name}.dataward-{uuid.uuid4().hex[:8]}.tmp")
        sql, parameters = self._compiled(select)
        codec = self._compression(path)
        try:
            self.duck.execute(
                f"COPY ({sql}) TO ? (FORMAT PARQUET, COMPRESSION {codec})",
                [*parameters, str(partial)],
            ).fetchall()
            _fsync(partial)
            if _stamp(path) != before:
                raise ConnectorError(f"{path}: changed by another writer during the erasure")
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        _fsync(path.parent)

    def _each_file(
        self,
        table: sa.TableClause,
        condition: sa.ColumnElement[bool],
        kept: Callable[[list[str], str], sa.Select[Any]],
    ) -> int:
        self._view(table)
        changed = 0
        for name, count in self._affected(table, condition).items():
            path = Path(name)
            relative = str(path.relative_to(self.connector.root))
            self.files[relative] = self.files.get(relative, 0) + count
            changed += count
            if not self.dry_run:
                self._rewrite(path, kept(self._physical(path), name))
        return changed

    def erase(
        self,
        table: sa.TableClause,
        plan: Plan,
        condition: sa.ColumnElement[bool],
        pseudonymise: Callable[[object, int | None], str],
    ) -> int:
        file: sa.ColumnClause[Any] = sa.literal_column(FILE_COLUMN)
        if plan.delete:

            def kept(columns: list[str], name: str) -> sa.Select[Any]:
                rest = sa.select(*(table.c[column] for column in columns))
                return rest.where(file == name, condition.is_not(sa.true()))

            return self._each_file(table, condition, kept)
        self._view(table)

        def read(statement: sa.Select[Any]) -> list[Any]:
            return [row[0] for row in self._rows(statement)]

        values = erased_values(read, table, plan, condition, pseudonymise)

        def changed(columns: list[str], name: str) -> sa.Select[Any]:
            def value(column: str) -> sa.ColumnElement[Any]:
                if column not in values:
                    return table.c[column]
                erased = sa.null() if values[column] is None else values[column]
                return sa.case((condition, erased), else_=table.c[column]).label(column)

            return sa.select(*(value(column) for column in columns)).where(file == name)

        return self._each_file(table, sa.and_(condition, pending(table, plan)), changed)

    def rectify(
        self, table: sa.TableClause, changes: Mapping[str, Any], condition: sa.ColumnElement[bool]
    ) -> int:
        raise ConnectorError(
            f"{table.name}: Parquet files are not rectified in place; correct them at their source"
        )

    def report(self) -> dict[str, Any]:
        return {"files": dict(sorted(self.files.items()))}
