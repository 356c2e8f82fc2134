"""Creating the engine of dataward's own database, with the settings each dialect needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine

from dataward.store.settings import Settings

# How long a SQLite writer waits for the write lock before failing with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Execution option that marks an engine's transactions as read-only (see ``read_only``).
READ_ONLY_OPTION = "dataward_read_only"


def create_engine(settings: Settings) -> Engine:
    """The engine for ``settings.database_url``.

    On SQLite: the database folder is created, and every connection gets WAL (readers do not
    block the writer), enforced foreign keys and a busy timeout. Every transaction starts with
    ``BEGIN IMMEDIATE``, which takes the write lock up front: a transaction that reads and
    then writes (such as an audit append reading the chain head) can then never be refused
    with SQLITE_BUSY half-way, and concurrent writers queue instead of interleaving.
    Use ``read_only(engine)`` for long reads that should not hold the write lock.
    """
    url = sa.make_url(settings.database_url)
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url)
    _create_sqlite_folder(url)
    engine = sa.create_engine(url)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def read_only(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions only read.

    On SQLite its transactions start with a plain (deferred) ``BEGIN``: a snapshot that does
    not block writers, for long reads such as verifying the audit chain. On PostgreSQL the
    transactions are ``READ ONLY``, so a bug cannot write through them.
    """
    options: dict[str, Any] = {READ_ONLY_OPTION: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    return engine.execution_options(**options)


def _create_sqlite_folder(url: URL) -> None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Take BEGIN away from the sqlite3 module (it would skip it before SELECTs and DDL);
    # _begin_sqlite_transaction emits our own. With isolation_level None the PRAGMAs below run
    # outside any transaction, which journal_mode requires.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY_OPTION):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
