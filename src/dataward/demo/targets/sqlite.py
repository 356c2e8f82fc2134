"""SQLite: one file per system in a folder, built in a hidden sibling folder and moved in.

The build writes with ``journal_mode=OFF`` and ``synchronous=OFF`` in one transaction:
a crash can only corrupt the staging file, which is thrown away anyway, and it makes the
bulk load several times faster. The staging folder sits next to the target so that the
final move is a rename on the same file system.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite

from dataward.demo.targets.base import Database, DemoError, ShareSink, Target

INVENTORY = "inventory.yaml"
# No rollback journal, no fsync; CREATE INDEX sorts on two threads, in memory. A 64 MB
# page cache: measured, a bigger one made index builds cost more CPU, not less.
PRAGMAS = (
    "journal_mode=OFF",
    "synchronous=OFF",
    "temp_store=MEMORY",
    "cache_size=-65536",
    "threads=2",
)


class SqliteDatabase(Database):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.dialect = sqlite.dialect()
        self.connection = sqlite3.connect(path, isolation_level=None)
        for pragma in PRAGMAS:
            self.connection.execute(f"PRAGMA {pragma}")
        self.connection.execute("BEGIN")
        self._inserts: dict[str, str] = {}

    def execute(self, statement: str) -> None:
        self.connection.execute(statement)

    def insert(self, table: sa.Table, rows: Sequence[tuple[Any, ...]]) -> None:
        statement = self._inserts.get(table.name)
        if statement is None:  # compiled once per table: INSERT INTO t (a, b) VALUES (?, ?)
            statement = str(sa.insert(table).compile(dialect=self.dialect))
            self._inserts[table.name] = statement
        self.connection.executemany(statement, rows)

    def commit(self) -> None:
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()

    def share_sink(self, index: int) -> ShareSink:
        return SqliteShare(self.path.with_name(f"{self.path.stem}.share{index}.db"))

    def absorb(self, tables: Sequence[sa.Table], sinks: Sequence[ShareSink]) -> None:
        """Append each worker's file in order (ids stay in time order), then delete it.

        SQLite attaches a database only outside a transaction, so each share is copied in
        a transaction of its own; the copy runs inside SQLite, without Python per row.
        """
        quote = self.dialect.identifier_preparer
        self.connection.execute("COMMIT")
        for sink in sinks:
            assert isinstance(sink, SqliteShare)
            self.connection.execute("ATTACH DATABASE ? AS share", (str(sink.path),))
            self.connection.execute("BEGIN")
            for table in tables:
                name = quote.format_table(table)
                self.connection.execute(f"INSERT INTO {name} SELECT * FROM share.{name}")
            self.connection.execute("COMMIT")
            self.connection.execute("DETACH DATABASE share")
            sink.path.unlink()
        self.connection.execute("BEGIN")


@dataclass(frozen=True)
class SqliteShare:
    """A worker's own SQLite file next to the system's: no two processes share a writer."""

    path: Path

    def open(self, tables: Sequence[sa.Table]) -> Database:
        database = SqliteDatabase(self.path)
        for table in tables:
            database.create_table(table)
        return database


class SqliteTarget(Target):
    def __init__(self, directory: Path) -> None:
        self.directory = directory.absolute()
        self._staging: Path | None = None

    @property
    def staging(self) -> Path:
        if self._staging is None:
            raise RuntimeError("prepare() the target first")
        return self._staging

    def prepare(self) -> None:
        if self.directory.exists() and not self.directory.is_dir():
            raise DemoError(f"{self.directory} exists and is not a folder")
        try:
            self.directory.parent.mkdir(parents=True, exist_ok=True)
            prefix = f".{self.directory.name}.building-"
            self._staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.directory.parent))
        except OSError as error:
            raise DemoError(
                f"cannot write the demo to {self.directory}: {error.strerror}"
            ) from None

    def open(self, system: str) -> Database:
        return SqliteDatabase(self.staging / f"{system}.db")

    def url(self, system: str) -> str:
        return f"sqlite:///{self.directory / f'{system}.db'}"

    @property
    def inventory_path(self) -> Path:
        return self.directory / INVENTORY

    def stage_inventory(self, text: str) -> None:
        (self.staging / INVENTORY).write_text(text, "utf-8")

    def publish(self) -> None:
        self.directory.mkdir(exist_ok=True)
        # Databases first, inventory last: the inventory never names a file not yet there.
        staged = sorted(self.staging.iterdir(), key=lambda path: path.name == INVENTORY)
        for path in staged:
            os.replace(path, self.directory / path.name)
        self.staging.rmdir()
        self._staging = None

    def discard(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
