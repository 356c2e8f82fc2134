"""Schema migrations of dataward's own database, run in code (no alembic.ini on disk).

Migrations live in this package (``dataward/store/migrations/versions``) and ship with it.
``upgrade(engine)`` runs them at start and from ``dataward db upgrade``; it is idempotent and
safe to call from several processes at once.

Adding a table (for example the requests issue)
------------------------------------------------
1. Define the ORM model in the feature's package (``dataward/requests/models.py``), deriving
   from ``dataward.store.Base`` so it inherits the naming conventions, and list the module in
   ``MODEL_MODULES`` in ``migrations/env.py`` (that is what autogenerate compares against).
2. Write ``migrations/versions/NNNN_<what>.py`` with ``revision = "NNNN"`` (the next number)
   and ``down_revision`` = the current head (the highest number there), using ``op.*``
   calls. Do not import ORM models in a migration: it must keep describing the schema of its
   own day after the models change. To have Alembic draft it from the models::

       from alembic import command
       from dataward.store import Settings, create_engine, upgrade
       from dataward.store.migrate import alembic_config

       engine = create_engine(Settings("sqlite:////tmp/draft.db"))
       upgrade(engine)
       with engine.begin() as connection:
           command.revision(alembic_config(connection, with_models=True),
                            "add requests", autogenerate=True, rev_id="0002")

   then read and fix the draft (autogenerate misses renames and data changes).
3. Run ``pytest tests/store``: it upgrades an empty SQLite and PostgreSQL database to head
   twice, so a broken or non-idempotent migration fails there.
"""

from __future__ import annotations

import threading
import zlib
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from dataward.store.engine import read_only

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# Key of the PostgreSQL advisory lock that lets only one process migrate at a time.
MIGRATION_LOCK_KEY = zlib.crc32(b"dataward.store.migrations")

# Alembic runs env.py while importing it, so two threads of one process migrating at once can
# deadlock (one waits on the import lock, the other on a database lock held by the first).
_IN_PROCESS = threading.Lock()


def alembic_config(connection: Connection | None = None, *, with_models: bool = False) -> Config:
    """An Alembic config built in code; ``env.py`` runs on ``connection``.

    ``with_models`` makes env.py import the models in its MODEL_MODULES, which only drafting
    a migration with autogenerate needs.
    """
    config = Config()
    # ConfigParser interpolates '%': escape it in case the install path contains one.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    config.attributes["with_models"] = with_models
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest), in one transaction.

    Concurrent callers are serialised (PostgreSQL: an advisory lock; SQLite: the write lock
    that BEGIN IMMEDIATE takes), so the second one finds the work done and does nothing.
    """
    with _IN_PROCESS, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None when it was never migrated."""
    with read_only(engine).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision shipped with this version of dataward."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head
