"""PostgreSQL: one database per system, built under a temporary name and renamed.

Rows go in with ``COPY … FROM STDIN`` (psycopg's copy API), the fastest way into
PostgreSQL, and indexes are built after the load, each in one pass over the table. On
publish, an older demo database of the same name is dropped and the staging one renamed
in its place; on failure every staging database is dropped.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from dataward.demo.targets.base import Database, DemoError, ShareSink, Target
from dataward.inventory.urls import mask_url

INVENTORY = "inventory-postgres.yaml"
PASSWORD_VARIABLE = "DATAWARD_DEMO_PASSWORD"


def _conninfo(url: sa.URL) -> str:
    """A libpq URI for psycopg from a SQLAlchemy URL (``postgresql+psycopg://…``)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresDatabase(Database):
    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.dialect = postgresql.dialect()
        self.connection = psycopg.connect(conninfo)
        self.connection.execute("SET synchronous_commit = off")
        self.connection.execute("SET maintenance_work_mem = '512MB'")
        self._copies: dict[str, str] = {}

    def execute(self, statement: str) -> None:
        self.connection.execute(statement.encode())

    def insert(self, table: sa.Table, rows: Sequence[tuple[Any, ...]]) -> None:
        statement = self._copies.get(table.name)
        if statement is None:  # identifiers quoted by SQLAlchemy's preparer for PostgreSQL
            quote = self.dialect.identifier_preparer
            columns = ", ".join(quote.quote(column.name) for column in table.columns)
            statement = f"COPY {quote.format_table(table)} ({columns}) FROM STDIN"
            self._copies[table.name] = statement
        with self.connection.cursor() as cursor, cursor.copy(statement.encode()) as copy:
            for row in rows:
                copy.write_row(row)

    def gather_statistics(self) -> None:
        # Tables loaded by COPY have no statistics until autovacuum visits them (never,
        # where it is off). Without them the planner guesses ~100,000 rows for any
        # email and scans all ten million CDRs instead of using the index.
        self.connection.execute(b"ANALYZE")

    def commit(self) -> None:
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()

    def share_sink(self, index: int) -> ShareSink:
        return PostgresShare(self.conninfo)

    def before_shares(self) -> None:
        self.connection.commit()  # workers COPY into these tables from their own sessions


@dataclass(frozen=True)
class PostgresShare:
    """Workers COPY straight into the staging database: PostgreSQL takes concurrent loads."""

    conninfo: str

    def open(self, tables: Sequence[sa.Table]) -> Database:
        return PostgresDatabase(self.conninfo)


class PostgresTarget(Target):
    def __init__(self, server: str, prefix: str, directory: Path) -> None:
        try:
            self.server = sa.make_url(server)
        except sa.exc.ArgumentError:
            raise DemoError(f"not a database URL: {mask_url(server)}") from None
        if self.server.get_backend_name() != "postgresql":
            raise DemoError(f"--server must be a PostgreSQL URL, not {mask_url(server)}")
        self.prefix = prefix
        self.directory = directory.absolute()
        self.token = secrets.token_hex(4)
        self.staged: list[tuple[str, str]] = []  # (staging name, final name)
        self._preparer = postgresql.dialect().identifier_preparer

    def _admin(self) -> psycopg.Connection[Any]:
        database = self.server.database or "postgres"
        try:
            return psycopg.connect(_conninfo(self.server.set(database=database)), autocommit=True)
        except psycopg.OperationalError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else "unreachable"
            raise DemoError(f"cannot connect to {mask_url(str(self.server))}: {first}") from None

    def prepare(self) -> None:
        with self._admin():
            pass
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DemoError(
                f"cannot write the inventory to {self.directory}: {error.strerror}"
            ) from None

    def open(self, system: str) -> Database:
        staging, final = f"{self.prefix}tmp_{self.token}_{system}", f"{self.prefix}{system}"
        with self._admin() as admin:
            admin.execute(f"CREATE DATABASE {self._preparer.quote(staging)}".encode())
        self.staged.append((staging, final))
        return PostgresDatabase(_conninfo(self.server.set(database=staging)))

    def url(self, system: str) -> str:
        url = self.server.set(database=f"{self.prefix}{system}")
        if not url.password:
            return url.render_as_string(hide_password=False)
        # The inventory keeps a reference to the password, never the secret itself.
        marker = f"password{self.token}"
        text = url.set(password=marker).render_as_string(hide_password=False)
        return text.replace(marker, f"${{{PASSWORD_VARIABLE}}}", 1)

    @property
    def inventory_path(self) -> Path:
        return self.directory / INVENTORY

    @property
    def _staged_inventory(self) -> Path:
        return self.directory / f".{INVENTORY}.{self.token}"

    def stage_inventory(self, text: str) -> None:
        self._staged_inventory.write_text(text, "utf-8")

    def publish(self) -> None:
        quote = self._preparer.quote
        with self._admin() as admin:
            for staging, final in self.staged:
                admin.execute(f"DROP DATABASE IF EXISTS {quote(final)} WITH (FORCE)".encode())
                admin.execute(f"ALTER DATABASE {quote(staging)} RENAME TO {quote(final)}".encode())
        self.staged = []
        os.replace(self._staged_inventory, self.inventory_path)

    def discard(self) -> None:
        if self.staged:
            with self._admin() as admin:
                for staging, _ in self.staged:
                    quote = self._preparer.quote(staging)
                    admin.execute(f"DROP DATABASE IF EXISTS {quote} WITH (FORCE)".encode())
            self.staged = []
        self._staged_inventory.unlink(missing_ok=True)
