"""The contract of a build target: stage everything, then publish it all or discard it all.

A failed build must not leave half a company behind, nor destroy the previous demo. So a
target builds each system into a staging database (a temporary file, a temporary
database name) and only :meth:`Target.publish` moves them into place, after the last row
and the inventory are written; :meth:`Target.discard` removes whatever was staged.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex, CreateTable


class DemoError(Exception):
    """The demo cannot be built (a bad target, an unreachable server); safe to show."""


class ShareSink(Protocol):
    """Where a worker process writes its share of a table (picklable: it crosses over)."""

    def open(self, tables: Sequence[sa.Table]) -> Database: ...


class Database(ABC):
    """One system's staging database, written through its driver in one transaction.

    Big tables may be written by worker processes: :meth:`share_sink` says where each
    worker writes, :meth:`before_shares` makes the tables visible to them, and
    :meth:`absorb` takes their rows in once they are done.
    """

    dialect: sa.Dialect

    @abstractmethod
    def execute(self, statement: str) -> None: ...

    @abstractmethod
    def insert(self, table: sa.Table, rows: Sequence[tuple[Any, ...]]) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def share_sink(self, index: int) -> ShareSink: ...

    def before_shares(self) -> None:  # noqa: B027 (most databases need nothing here)
        """Called after the tables are created and before workers start writing."""

    def absorb(self, tables: Sequence[sa.Table], sinks: Sequence[ShareSink]) -> None:  # noqa: B027
        """Called once every worker has committed its share (by default: nothing to do)."""

    def gather_statistics(self) -> None:  # noqa: B027 (SQLite plans well without them)
        """Called once the indexes exist: let the query planner know the data it holds."""

    def create_table(self, table: sa.Table) -> None:
        self.execute(str(CreateTable(table).compile(dialect=self.dialect)))

    def create_index(self, index: sa.Index) -> None:
        self.execute(str(CreateIndex(index).compile(dialect=self.dialect)))


class Target(ABC):
    @abstractmethod
    def prepare(self) -> None:
        """Check the target can be written (fail before any work is done)."""

    @abstractmethod
    def open(self, system: str) -> Database:
        """A new, empty staging database for ``system``."""

    @abstractmethod
    def url(self, system: str) -> str:
        """The URL the inventory names: where the system will be once published."""

    @property
    @abstractmethod
    def inventory_path(self) -> Path: ...

    @abstractmethod
    def stage_inventory(self, text: str) -> None: ...

    @abstractmethod
    def publish(self) -> None:
        """Move every staged database and the inventory into place."""

    @abstractmethod
    def discard(self) -> None:
        """Remove everything staged; the previous demo, if any, stays as it was."""
