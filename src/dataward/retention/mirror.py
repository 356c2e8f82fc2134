"""Copying ledger rows into the audit log, exactly once (the outbox's second half)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.retention.ledger import LedgerEntry, entries
from dataward.retention.models import RetentionBatch, RetentionRunStep
from dataward.retention.runs import encode_position

# Committed batches wait at most this long (seconds) for their audit entries, which are
# then appended together in one store transaction rather than one transaction each.
MIRROR_INTERVAL = 1.0


def append_batch(session: Session, entry: LedgerEntry, audit: AuditLog, actor: str) -> bool:
    """Audit one committed batch as ``retention.batch``; False when it already was.

    Runs in the caller's store transaction. The ``retention_batch`` primary key is the
    guard: a concurrent copy of the same row fails on it and rolls back its audit entry.
    """
    key = (entry.run_id, entry.step_key, entry.batch_no)
    if session.get(RetentionBatch, key) is not None:
        return False
    step = session.get(RetentionRunStep, (entry.run_id, entry.step_key))
    rule, _, rest = entry.step_key.partition("@")
    dataset = rest.partition("#")[0]
    details: dict[str, Any] = {
        "rule": step.rule if step else rule,
        "dataset": step.dataset if step else dataset,
        "action": step.action if step else None,
        "step": entry.step_key,
        "count": entry.rows,
        "cutoff": entry.cutoff.isoformat(),
        "as_of": entry.as_of.isoformat(),
        "run": entry.run_id,
        "batch": entry.batch_no,
    }
    if entry.findings:
        details["findings"] = entry.findings
    record = audit.append(
        session,
        actor=actor,
        action="retention.batch",
        target=f"dataset:{details['dataset']}",
        details=details,
    )
    if step is not None:
        # Recomputed from the ledger, so a crash between the two commits cannot skew it.
        step.rows_done += entry.rows
        step.batches = max(step.batches, entry.batch_no)
    session.add(
        RetentionBatch(
            run_id=entry.run_id,
            step_key=entry.step_key,
            batch_no=entry.batch_no,
            rows=entry.rows,
            audit_seq=record.seq,
            recorded_at=datetime.now(UTC),
        )
    )
    session.flush()
    return True


def reconcile(
    store: sa.Engine,
    ledgers: Mapping[str, tuple[sa.Connection, sa.Table]],
    run_ids: Collection[str],
    audit: AuditLog,
    actor: str,
) -> int:
    """Copy every ledger row of ``run_ids`` that the audit log lacks; returns how many.

    ``ledgers`` maps each system to its connection and ledger table. Each copy commits on
    its own, so a crash half-way leaves nothing to undo.
    """
    copied = 0
    for connection, table in ledgers.values():
        with connection.begin():
            found = entries(connection, table, run_ids)
        if not found:
            continue
        with Session(store) as session:
            mirrored = {
                (row.run_id, row.step_key, row.batch_no)
                for row in session.scalars(
                    sa.select(RetentionBatch).where(RetentionBatch.run_id.in_(sorted(run_ids)))
                )
            }
        for entry in found:
            if (entry.run_id, entry.step_key, entry.batch_no) in mirrored:
                continue
            try:
                with Session(store) as session, session.begin():
                    copied += append_batch(session, entry, audit, actor)
            except sa.exc.IntegrityError:
                continue  # another process copied it first
    return copied


class Outbox:
    """Committed ledger rows of one step, copied into the audit log in small groups.

    Each ledger row already committed with its batch, so waiting a moment loses nothing: a
    crash before :meth:`flush` leaves rows that :func:`reconcile` copies at the next start.
    One store transaction per second instead of per batch keeps the store off the batches'
    critical path.
    """

    def __init__(
        self,
        store: sa.Engine,
        audit: AuditLog,
        actor: str,
        interval: float = MIRROR_INTERVAL,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store, self._audit, self._actor = store, audit, actor
        self._interval, self._monotonic = interval, monotonic
        self._pending: list[LedgerEntry] = []
        self._position: Sequence[Any] | None = None
        self._since = monotonic()

    def add(self, entry: LedgerEntry, position: Sequence[Any] | None) -> None:
        if not self._pending:
            self._since = self._monotonic()
        self._pending.append(entry)
        if position is not None:
            self._position = position
        if self._monotonic() - self._since >= self._interval:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with Session(self._store) as session, session.begin():
            for entry in self._pending:
                append_batch(session, entry, self._audit, self._actor)
            last = self._pending[-1]
            step = session.get(RetentionRunStep, (last.run_id, last.step_key))
            if step is not None and self._position is not None:
                # Where a resumed rewrite step continues; a stale one only rescans a little.
                step.position_key = encode_position(self._position)
        self._pending = []
