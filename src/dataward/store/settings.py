"""The settings of dataward's own store, built explicitly and passed down (never a global)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATABASE_URL_VARIABLE = "DATAWARD_DATABASE_URL"
DEFAULT_DATABASE_PATH = Path("var") / "dataward.db"


@dataclass(frozen=True)
class Settings:
    """Where dataward keeps its own state (requests, consents, holds, runs, audit).

    ``database_url`` is any SQLAlchemy URL: ``sqlite:///path/to/dataward.db`` on one machine,
    ``postgresql+psycopg://user@host:5432/dataward`` in production.
    """

    database_url: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read DATAWARD_DATABASE_URL; default: SQLite at ./var/dataward.db.

        The default is resolved against the working directory now, so a later ``chdir`` cannot
        move the database. The folder is created by ``create_engine``, not here: reading
        settings has no side effects.
        """
        env = os.environ if environ is None else environ
        url = env.get(DATABASE_URL_VARIABLE, "").strip()
        if not url:
            url = f"sqlite:///{Path.cwd() / DEFAULT_DATABASE_PATH}"
        return cls(database_url=url)
