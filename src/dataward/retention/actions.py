"""One batch of each action, inside the caller's transaction on the governed database.

Every batch is bounded by ``size`` rows, so a lock is held for one batch only. Deletions
and NULL rewrites read one row to learn where the batch ends (keyset over anchor and primary
key), then change the whole index range up to it in one statement; the next batch starts
after it, so nothing already done is scanned again. Pseudonymisation and redaction read the
batch's values, compute the new ones in Python and write them back by primary key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from dataward.redact import BatchResult as Redacted
from dataward.redact import RedactionService
from dataward.retention.compile import (
    Holds,
    Target,
    batch_end,
    delete_limited,
    delete_range,
    due,
    key_match,
    mark_visited,
    null_range,
    select_batch,
    update_by_key,
)
from dataward.retention.keys import Pseudonymiser

Position = tuple[Any, ...]


@dataclass(frozen=True)
class BatchResult:
    rows: int
    done: bool
    position: Position | None = None
    findings: dict[str, int] = field(default_factory=dict)  # redact: per type, never values


def _batch_end(
    connection: sa.Connection,
    target: Target,
    holds: Holds | None,
    dialect: str,
    size: int,
    after: Position | None,
) -> Position | None:
    """Where a batch of ``size`` rows ends (one row read); None: the rest is one batch."""
    end = connection.execute(batch_end(target, holds, dialect, size, after)).first()
    return tuple(end) if end is not None else None


def delete(
    connection: sa.Connection,
    target: Target,
    holds: Holds | None,
    dialect: str,
    size: int,
    after: Position | None,
) -> BatchResult:
    """Delete one batch: an index range between two keyset positions."""
    if dialect in ("mysql", "mariadb"):
        rows = connection.execute(delete_limited(target, holds, dialect, size)).rowcount
        return BatchResult(rows, rows < size)
    upto = _batch_end(connection, target, holds, dialect, size, after)
    rows = connection.execute(delete_range(target, holds, dialect, after, upto)).rowcount
    return BatchResult(rows, upto is None, upto)


def null(
    connection: sa.Connection,
    target: Target,
    holds: Holds | None,
    dialect: str,
    size: int,
    after: Position | None,
) -> BatchResult:
    """Find where the batch ends (one row), then NULL the range up to it in one UPDATE."""
    upto = _batch_end(connection, target, holds, dialect, size, after)
    rows = connection.execute(null_range(target, holds, dialect, after, upto)).rowcount
    return BatchResult(rows, upto is None, upto)


def pseudonymise(
    connection: sa.Connection,
    target: Target,
    holds: Holds | None,
    dialect: str,
    size: int,
    after: Position | None,
    pseudonym: Pseudonymiser,
) -> BatchResult:
    """Read one batch's values, hash them in Python, write them back by primary key."""
    columns = target.step.columns
    width = len(target.order)
    found = connection.execute(select_batch(target, holds, dialect, size, after, columns)).all()
    if not found:
        return BatchResult(0, True, after)
    lengths = {name: getattr(target.column(name).type, "length", None) for name in columns}
    names = target.primary_key
    offset = width - len(names)
    parameters = [
        {
            **{f"key_{name}": row[offset + index] for index, name in enumerate(names)},
            **{
                f"new_{name}": None
                if row[width + index] is None
                else pseudonym(row[width + index], lengths[name])
                for index, name in enumerate(columns)
            },
        }
        for row in found
    ]
    connection.execute(update_by_key(target.table, names, columns), parameters)
    return BatchResult(len(parameters), len(found) < size, tuple(found[-1][:width]))


def redact(
    connection: sa.Connection,
    target: Target,
    holds: Holds | None,
    dialect: str,
    size: int,
    after: Position | None,
    service: RedactionService,
) -> BatchResult:
    """Read one batch's free text, redact it, write back the rows that changed, mark all read.

    The rows stay locked (``FOR UPDATE``) from the read to the commit, so an application's
    edit in between is not overwritten with older text; on SQLite, which has no row locks,
    a write after someone else's commit fails instead (the step fails, and the next run
    reads the row again).
    """
    columns = target.step.columns
    width = len(target.order)
    statement = select_batch(target, holds, dialect, size, after, columns).with_for_update()
    found = connection.execute(statement).all()
    if not found:
        return BatchResult(0, True, after)
    offset = width - len(target.primary_key)
    rows = [
        dict(zip(target.primary_key, row[offset:width], strict=True))
        | dict(zip(columns, row[width:], strict=True))
        for row in found
    ]
    redacted = service.redact_batch(rows, columns)
    changed = write_back(connection, target.table, target.primary_key, columns, rows, redacted)
    connection.execute(mark_visited(target, [row[offset:width] for row in found]))
    position = tuple(found[-1][:width])
    return BatchResult(changed, len(found) < size, position, dict(redacted.counts))


def write_back(
    connection: sa.Connection,
    table: sa.TableClause,
    keys: Sequence[str],
    columns: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    redacted: Redacted,
) -> int:
    """UPDATE the rows whose text changed, by primary key (``rows`` hold the keys)."""
    parameters = [
        {f"key_{name}": rows[index][name] for name in keys}
        | {f"new_{name}": redacted.rows[index][name] for name in columns}
        for index in redacted.changed
    ]
    if parameters:
        connection.execute(update_by_key(table, keys, columns), parameters)
    return len(parameters)


def suppress_candidates(
    connection: sa.Connection, target: Target, holds: Holds | None, dialect: str, size: int
) -> list[sa.Row[Any]]:
    """The next batch's keys and contacts (read before the contacts are hashed and stored)."""
    contacts = [item.column for item in target.step.contacts]
    return list(connection.execute(select_batch(target, holds, dialect, size, None, contacts)))


def delete_keys(
    connection: sa.Connection,
    target: Target,
    holds: Holds | None,
    dialect: str,
    rows: Sequence[sa.Row[Any]],
) -> int:
    """Delete the given rows by key, re-checking that each is still due and not held."""
    offset = len(target.order) - len(target.primary_key)
    keys = [tuple(row[offset : offset + len(target.primary_key)]) for row in rows]
    statement = sa.delete(target.table).where(key_match(target, keys), due(target, holds, dialect))
    return int(connection.execute(statement).rowcount)
