"""dataward's own database: settings, engine, declarative base and migrations.

Build it explicitly where the program starts and pass it down; nothing here runs at import::

    settings = Settings.from_env()          # DATAWARD_DATABASE_URL or ./var/dataward.db
    engine = open_store(settings)           # create_engine(settings) + upgrade(engine)
    with Session(engine) as session, session.begin():
        ...                                 # services add to the session; the caller commits

Tables derive from ``Base``; how to add one and its migration: ``dataward.store.migrate``.
"""

from dataward.store.base import Base
from dataward.store.engine import create_engine, read_only
from dataward.store.migrate import current_revision, head_revision, upgrade
from dataward.store.settings import Settings
from dataward.store.startup import open_store
from dataward.store.types import UtcDateTime

__all__ = [
    "Base",
    "Settings",
    "UtcDateTime",
    "create_engine",
    "current_revision",
    "head_revision",
    "open_store",
    "read_only",
    "upgrade",
]
