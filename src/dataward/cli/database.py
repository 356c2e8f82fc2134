"""The ``--database-url`` option and engine shared by the commands on dataward's own database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from sqlalchemy.engine import Engine

from dataward.store import Settings, create_engine, open_store
from dataward.store.settings import DATABASE_URL_VARIABLE

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar=DATABASE_URL_VARIABLE,
        help="SQLAlchemy URL of dataward's database. Default: SQLite at ./var/dataward.db.",
        show_default=False,
    ),
]


@contextmanager
def store_engine(database_url: str | None, *, migrate: bool = True) -> Iterator[Engine]:
    """The engine for a command, migrated to the newest schema first unless ``migrate`` is off."""
    settings = Settings(database_url) if database_url else Settings.from_env()
    engine = open_store(settings) if migrate else create_engine(settings)
    try:
        yield engine
    finally:
        engine.dispose()
