"""What every entry point (CLI command, web app) does first with the store."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from dataward.store.engine import create_engine
from dataward.store.migrate import upgrade
from dataward.store.settings import Settings


def open_store(settings: Settings) -> Engine:
    """Create the engine and migrate the database to the newest schema (a no-op when current)."""
    engine = create_engine(settings)
    upgrade(engine)
    return engine
