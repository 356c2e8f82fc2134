"""Each holds test gets its own store (SQLite, and PostgreSQL when marked)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from dataward.store import Settings, open_store


@pytest.fixture
def store(database_url: str) -> Iterator[sa.Engine]:
    engine = open_store(Settings(database_url))
    yield engine
    engine.dispose()
