"""Carrying out one step in bounded batches, each with its ledger row, then its audit entry.

Per batch: one transaction on the governed database runs the DELETE/UPDATE and inserts the
ledger row; after it commits, one transaction on the store copies that row into the audit
log (see :mod:`dataward.retention.ledger`). A batch that changes nothing writes nothing, so
a second run over the same data leaves no trace but its summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.keys import ContactHasher
from dataward.inventory.connectors.base import first_line
from dataward.inventory.identity import Normaliser
from dataward.redact import RedactionService
from dataward.retention import actions
from dataward.retention.compile import Holds, Target, count_due, due
from dataward.retention.keys import Pseudonymiser
from dataward.retention.ledger import LedgerEntry, last_batch, record
from dataward.retention.mirror import Outbox
from dataward.retention.models import RetentionRunStep
from dataward.retention.runs import decode_position
from dataward.retention.steps import StepAction
from dataward.retention.suppression import suppress_contacts

# Steps that pass keys as bound parameters stay well under every driver's parameter limit.
MAX_KEYED_BATCH = 5_000
# Redaction runs the detectors (a name model: ~0.1 MB/s) while the batch's rows are locked.
MAX_REDACT_BATCH = 1_000


class Progress(Protocol):
    def begin(self, key: str, label: str, total: int | None) -> None: ...
    def advance(self, key: str, rows: int) -> None: ...
    def end(self, key: str, status: str) -> None: ...


class NoProgress:
    def begin(self, key: str, label: str, total: int | None) -> None:
        pass

    def advance(self, key: str, rows: int) -> None:
        pass

    def end(self, key: str, status: str) -> None:
        pass


@dataclass(frozen=True)
class Tools:
    """What batches need besides SQL: the store, the audit log, keyed hashes, detectors."""

    store: sa.Engine
    audit: AuditLog
    actor: str
    pseudonym: Pseudonymiser
    contacts: ContactHasher
    normaliser: Normaliser
    redaction: RedactionService
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)


@dataclass(frozen=True)
class StepContext:
    run_id: str
    as_of: datetime
    connection: sa.Connection
    ledger: sa.Table
    dialect: str
    holds: Holds | None
    size: int


def check_target(target: Target) -> str | None:
    """Why a step cannot run on these columns, or None."""
    action = target.step.action
    if action in (StepAction.pseudonymise, StepAction.redact):
        for name in target.step.columns:
            if not isinstance(target.column(name).type, sa.String):
                return f"{action} writes text, but column {name!r} is not a text column"
    return None


def count(target: Target, context: StepContext) -> int:
    with context.connection.begin():
        statement = count_due(target, context.holds, context.dialect)
        return int(context.connection.execute(statement).scalar() or 0)


def estimate(target: Target, context: StepContext) -> int:
    """Rows due, for a progress bar: PostgreSQL's planner estimate, else an exact count.

    An exact count reads the whole due range once more before the work reads it again; on
    a table gaining billions of rows a month that is not worth a progress bar.
    """
    if context.dialect != "postgresql":
        return count(target, context)
    statement: sa.Select[Any] = sa.select(sa.literal_column("1")).select_from(target.table)
    statement = statement.where(due(target, context.holds, context.dialect))
    connection = context.connection
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    with connection.begin():
        plan = connection.exec_driver_sql(
            "EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params
        ).scalar()
    return int(plan[0]["Plan"]["Plan Rows"]) if plan else 0


def _rewrite_or_delete(
    target: Target, context: StepContext, tools: Tools, position: actions.Position | None
) -> actions.BatchResult:
    """One batch's statement, in the transaction the caller opened."""
    connection, holds, dialect = context.connection, context.holds, context.dialect
    action = target.step.action
    if action is StepAction.delete:
        return actions.delete(connection, target, holds, dialect, context.size, position)
    if action is StepAction.null:
        return actions.null(connection, target, holds, dialect, context.size, position)
    if action is StepAction.redact:
        size = min(context.size, MAX_REDACT_BATCH)
        return actions.redact(connection, target, holds, dialect, size, position, tools.redaction)
    keyed = min(context.size, MAX_KEYED_BATCH)
    return actions.pseudonymise(
        connection, target, holds, dialect, keyed, position, tools.pseudonym
    )


def _suppress_rows(target: Target, context: StepContext, tools: Tools) -> list[sa.Row[Any]]:
    """Read a batch and store its contacts' hashes first: a crash never loses a suppression."""
    connection = context.connection
    size = min(context.size, MAX_KEYED_BATCH)
    with connection.begin():
        rows = actions.suppress_candidates(connection, target, context.holds, context.dialect, size)
    width = len(target.order)
    contacts = [
        (item.kind, str(row[width + index]))
        for row in rows
        for index, item in enumerate(target.step.contacts)
        if row[width + index] is not None and str(row[width + index]).strip()
    ]
    if contacts:
        with Session(tools.store) as session, session.begin():
            suppress_contacts(session, contacts, target.step.rule, tools.contacts, tools.normaliser)
    return rows


def run_step(
    target: Target,
    context: StepContext,
    row: RetentionRunStep,
    tools: Tools,
    progress: Progress,
) -> int:
    """Batches until nothing is due; returns the rows changed by this call."""
    step = target.step
    key = str(step.key)
    connection = context.connection
    with connection.begin():
        batch_no = last_batch(connection, context.ledger, context.run_id, key)
    position = decode_position(row.position_key)
    outbox = Outbox(tools.store, tools.audit, tools.actor)
    try:
        return _batches(target, context, tools, progress, outbox, batch_no, position)
    finally:
        outbox.flush()


def _batches(
    target: Target,
    context: StepContext,
    tools: Tools,
    progress: Progress,
    outbox: Outbox,
    batch_no: int,
    position: actions.Position | None,
) -> int:
    step, connection, key = target.step, context.connection, str(target.step.key)
    changed = 0
    while True:
        candidates: list[sa.Row[Any]] = []
        if step.action is StepAction.suppress:
            candidates = _suppress_rows(target, context, tools)
            if not candidates:
                return changed
        with connection.begin():
            if step.action is StepAction.suppress:
                deleted = actions.delete_keys(
                    connection, target, context.holds, context.dialect, candidates
                )
                limit = min(context.size, MAX_KEYED_BATCH)
                result = actions.BatchResult(deleted, len(candidates) < limit)
            else:
                result = _rewrite_or_delete(target, context, tools, position)
            entry = LedgerEntry(
                run_id=context.run_id,
                step_key=key,
                batch_no=batch_no + 1,
                rows=result.rows,
                cutoff=_as_datetime(step.cutoff.value),
                as_of=context.as_of,
                at=tools.clock(),
                findings=result.findings,
            )
            if result.rows:
                record(connection, context.ledger, entry)
        if result.rows:
            batch_no += 1
            outbox.add(entry, result.position)
            changed += result.rows
            progress.advance(key, result.rows)
        if result.position is not None:
            position = result.position
        if result.done:
            return changed


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    assert hasattr(value, "year")
    return datetime(value.year, value.month, value.day, tzinfo=UTC)  # type: ignore[attr-defined]


def failure_note(error: BaseException) -> str:
    return first_line(error)
