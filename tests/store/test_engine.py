from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from dataward.store import Settings, create_engine, read_only


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = create_engine(Settings(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'd.db'}"))
    yield engine
    engine.dispose()


def _pragma(connection: sa.Connection, name: str) -> object:
    return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_folder_is_created(tmp_path: Path, sqlite_engine: sa.Engine) -> None:
    with sqlite_engine.connect():
        pass
    assert (tmp_path / "nested" / "dir" / "d.db").is_file()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(
    sqlite_engine: sa.Engine,
) -> None:
    with sqlite_engine.connect() as connection:
        assert _pragma(connection, "journal_mode") == "wal"
        assert _pragma(connection, "foreign_keys") == 1
        assert _pragma(connection, "busy_timeout") == 30_000


def _other_writer(tmp_path: Path) -> sqlite3.Connection:
    # A second connection that gives up at once instead of waiting for the lock.
    return sqlite3.connect(tmp_path / "nested" / "dir" / "d.db", timeout=0, isolation_level=None)


def test_sqlite_transactions_take_the_write_lock_at_begin(
    tmp_path: Path, sqlite_engine: sa.Engine
) -> None:
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM t").scalar()  # read only, so far
        other = _other_writer(tmp_path)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO t VALUES (1)")
        finally:
            other.close()


def test_read_only_sqlite_transactions_leave_writers_alone(
    tmp_path: Path, sqlite_engine: sa.Engine
) -> None:
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with read_only(sqlite_engine).begin() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0
        other = _other_writer(tmp_path)
        try:
            other.execute("INSERT INTO t VALUES (1)")
        finally:
            other.close()
        # The snapshot taken by the first read does not see the other writer's row.
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0


def test_sqlite_rolls_back(sqlite_engine: sa.Engine) -> None:
    with sqlite_engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    with sqlite_engine.connect() as connection:
        connection.exec_driver_sql("INSERT INTO t VALUES (1)")
        connection.rollback()
        assert connection.exec_driver_sql("SELECT count(*) FROM t").scalar() == 0


@pytest.mark.postgres
def test_read_only_postgres_transactions_refuse_writes(postgres_url: str) -> None:
    engine = create_engine(Settings(postgres_url))
    try:
        with (
            pytest.raises(sa.exc.InternalError, match="read-only"),
            read_only(engine).begin() as connection,
        ):
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    finally:
        engine.dispose()
