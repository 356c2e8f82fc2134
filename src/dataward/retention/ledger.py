"""The transactional outbox: a ledger row per batch in the governed database, then the audit.

The governed database and dataward's store are different databases, so no transaction spans
both. Each batch therefore writes one row to ``dataward_retention_ledger`` *in the governed
database, in the same transaction as its DELETE/UPDATE*: the batch and the proof of it
commit together or not at all. After that commit the row is copied into the hash-chained
audit log in the store, together with a ``retention_batch`` row whose primary key
``(run_id, step_key, batch_no)`` makes a second copy impossible. A crash between the two
commits leaves a ledger row without its audit entry; :func:`dataward.retention.mirror.reconcile`
copies it at the start and the end of every run. Same code path when both are one database.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

LEDGER_TABLE = "dataward_retention_ledger"


@dataclass(frozen=True)
class LedgerEntry:
    run_id: str
    step_key: str
    batch_no: int
    rows: int
    cutoff: datetime
    as_of: datetime
    at: datetime
    # Redact batches: what was found, per type ({"EMAIL": 3}); never the values.
    findings: dict[str, int] = field(default_factory=dict)


def ledger_table(schema: str | None = None) -> sa.Table:
    """The ledger's definition; created in each governed database on the first run."""
    return sa.Table(
        LEDGER_TABLE,
        sa.MetaData(),
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("step_key", sa.String(255), nullable=False),
        sa.Column("batch_no", sa.Integer, nullable=False),
        sa.Column("rows", sa.BigInteger, nullable=False),
        # Naive UTC: the same text on every database, whatever its session time zone.
        sa.Column("cutoff", sa.DateTime(timezone=False), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=False), nullable=False),
        sa.Column("findings", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("run_id", "step_key", "batch_no", name=f"pk_{LEDGER_TABLE}"),
        schema=schema,
    )


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def ensure_ledger(connection: sa.Connection, table: sa.Table) -> None:
    """Create the ledger if missing, in its own transaction (``connection`` must be idle).

    Also serves the other bookkeeping tables of the governed databases (the redact visits).
    A table created by an older dataward gains the columns added since (nullable ones).
    """
    try:
        with connection.begin():
            table.create(connection, checkfirst=True)
    except sa.exc.DBAPIError:
        # Another run created it between the check and the CREATE: fine, if it is there.
        with connection.begin():
            if not sa.inspect(connection).has_table(table.name, schema=table.schema):
                raise
    with connection.begin():
        present = {c["name"] for c in sa.inspect(connection).get_columns(table.name, table.schema)}
        operations = Operations(MigrationContext.configure(connection))
        for column in table.columns:
            if column.name not in present:
                added = sa.Column(column.name, column.type, nullable=True)
                operations.add_column(table.name, added, schema=table.schema)


def record(connection: sa.Connection, table: sa.Table, entry: LedgerEntry) -> None:
    """Write the batch's ledger row inside the batch's own transaction."""
    connection.execute(
        table.insert().values(
            run_id=entry.run_id,
            step_key=entry.step_key,
            batch_no=entry.batch_no,
            rows=entry.rows,
            cutoff=_naive(entry.cutoff),
            as_of=_naive(entry.as_of),
            at=_naive(entry.at),
            findings=json.dumps(entry.findings, sort_keys=True) if entry.findings else None,
        )
    )


def last_batch(connection: sa.Connection, table: sa.Table, run_id: str, step_key: str) -> int:
    """The highest batch number of a step so far (0: none); a resumed step continues after it."""
    statement = sa.select(sa.func.max(table.c.batch_no)).where(
        table.c.run_id == run_id, table.c.step_key == step_key
    )
    return int(connection.execute(statement).scalar() or 0)


def entries(
    connection: sa.Connection, table: sa.Table, run_ids: Collection[str]
) -> list[LedgerEntry]:
    """The ledger rows of ``run_ids`` in batch order."""
    if not run_ids:
        return []
    statement = (
        sa.select(table)
        .where(table.c.run_id.in_(sorted(run_ids)))
        .order_by(table.c.run_id, table.c.step_key, table.c.batch_no)
    )
    return [
        LedgerEntry(
            run_id=row.run_id,
            step_key=row.step_key,
            batch_no=int(row.batch_no),
            rows=int(row.rows),
            cutoff=_aware(row.cutoff),
            as_of=_aware(row.as_of),
            at=_aware(row.at),
            findings=json.loads(row.findings) if row.findings else {},
        )
        for row in connection.execute(statement)
    ]
