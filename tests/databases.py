"""Test databases made from SQLAlchemy metadata and rows, on any engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

Rows = Mapping[str, Sequence[Mapping[str, Any]]]


def create_filled(url: str, metadata: sa.MetaData, rows: Rows) -> None:
    """Create ``metadata``'s tables in the database at ``url`` and insert ``rows`` (by table
    name; every table has an entry), parents before children."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            for table in metadata.sorted_tables:
                if rows[table.name]:
                    connection.execute(table.insert(), rows[table.name])
    finally:
        engine.dispose()
