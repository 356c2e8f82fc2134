"""Shared fixtures: a fresh, real database per test on each engine dataward supports.

SQLite is always used; PostgreSQL and MariaDB tests are marked and run in CI, where
.ci/run starts the servers. Locally, a marked test is skipped when its server is down.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get(
    "DATAWARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
MARIADB_ADMIN_URL = os.environ.get(
    "DATAWARD_TEST_MARIADB_URL", "mysql+pymysql://root@127.0.0.1:3306/test"
)


def _server_or_skip(admin_url: str) -> sa.Engine:
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as error:
        engine.dispose()
        if os.environ.get("CI"):
            raise
        pytest.skip(f"database server not reachable: {error.orig}")
    return engine


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@contextmanager
def new_postgres_database(admin: sa.Engine, prefix: str) -> Iterator[str]:
    """URL of a new, empty database on ``admin``'s PostgreSQL server, dropped after (and
    ``admin`` disposed of)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a new, empty PostgreSQL database, dropped after the test."""
    with new_postgres_database(_server_or_skip(POSTGRES_ADMIN_URL), "dataward_test") as url:
        yield url


@pytest.fixture
def mariadb_url() -> Iterator[str]:
    """URL of a new, empty MariaDB database, dropped after the test."""
    admin = _server_or_skip(MARIADB_ADMIN_URL)
    name = f"dataward_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE `{name}`"))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Runs the test once on SQLite and once on PostgreSQL."""
    return str(request.getfixturevalue(f"{request.param}_url"))
