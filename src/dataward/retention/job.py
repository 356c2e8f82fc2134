"""A whole retention run: resume or start, reconcile, run every step, reconcile, finish.

This is what ``dataward retention run`` and the worker call. The store transactions are
opened here, one per unit of work, so each commits with the audit entries that record it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.keys import ContactHasher
from dataward.inventory.identity import Normaliser
from dataward.inventory.model import Inventory
from dataward.policy.calendar import as_utc
from dataward.policy.model import Policy
from dataward.retention import runs
from dataward.retention.execute import (
    NoProgress,
    Progress,
    StepContext,
    Tools,
    check_target,
    count,
    estimate,
    failure_note,
    run_step,
)
from dataward.retention.keys import PSEUDONYM_KEY, SUPPRESSION_KEY, Pseudonymiser, managed_key
from dataward.retention.ledger import ensure_ledger, ledger_table
from dataward.retention.mirror import reconcile
from dataward.retention.models import RetentionBatch, RetentionRun, RetentionRunStep
from dataward.retention.prepare import Prepared, prepare
from dataward.retention.redaction import exclude_visited, redaction_service, visited_table
from dataward.retention.steps import Step, StepAction
from dataward.retention.systems import Systems, Unsupported
from dataward.store import read_only

DEFAULT_BATCH_SIZE = 10_000
ACTOR = "dataward-retention"


@dataclass(frozen=True)
class StepOutcome:
    step: str
    rule: str
    dataset: str
    action: str
    status: str
    rows: int
    batches: int
    note: str = ""


@dataclass(frozen=True)
class RunReport:
    run_id: str
    as_of: datetime
    resumed: bool
    outcomes: tuple[StepOutcome, ...]
    reconciled: int

    @property
    def rows(self) -> int:
        return sum(outcome.rows for outcome in self.outcomes)


@dataclass(frozen=True)
class RunOptions:
    batch_size: int = DEFAULT_BATCH_SIZE
    count: bool = True  # estimate the due rows first (progress bars with a total)


def _tools(store: sa.Engine, inventory: Inventory, environ: Mapping[str, str] | None) -> Tools:
    with Session(store) as session, session.begin():
        pseudonym = managed_key(session, PSEUDONYM_KEY, environ)
        suppression = managed_key(session, SUPPRESSION_KEY, environ)
    normaliser = Normaliser(inventory.identity.default_region)
    return Tools(
        store,
        AuditLog(),
        ACTOR,
        Pseudonymiser(pseudonym),
        ContactHasher(suppression),
        normaliser,
        redaction_service(inventory),
    )


def _ledgers(prepared: Prepared, systems: Systems) -> dict[str, tuple[sa.Connection, sa.Table]]:
    ledgers = {}
    for system in prepared.holds:  # the systems whose connection is open and usable
        connection = systems.connection(system)
        table = ledger_table()
        ensure_ledger(connection, table)
        ledgers[system] = (connection, table)
    return ledgers


def _execute(
    step: Step,
    row: RetentionRunStep,
    run: RetentionRun,
    prepared: Prepared,
    systems: Systems,
    ledgers: Mapping[str, tuple[sa.Connection, sa.Table]],
    tools: Tools,
    progress: Progress,
    options: RunOptions,
) -> tuple[str, str]:
    """Run one step; returns its final status and note."""
    if row.status in (runs.DONE, runs.BLOCKED) or step.blocked:
        return row.status, row.note
    system = step.address.system
    if system not in ledgers:
        return runs.STEP_FAILED, prepared.unavailable.get(system, "system unavailable")
    try:
        target = systems.target(step)
    except Unsupported as error:
        return runs.STEP_FAILED, str(error)
    problem = check_target(target)
    if problem:
        return runs.BLOCKED, problem
    connection, ledger = ledgers[system]
    if step.action is StepAction.redact:
        ensure_ledger(connection, visited_table())
        with connection.begin():
            target = exclude_visited(target, connection, tools.redaction)
    context = StepContext(
        run.id,
        run.as_of,
        connection,
        ledger,
        systems.dialect(system),
        prepared.holds_for(step),
        options.batch_size,
    )
    label = f"{step.rule} · {step.address}" + (f" · {step.key.part}" if step.key.part else "")
    if prepared.is_held(step):
        held = count(target, replace(context, holds=None))
        return runs.HELD, f"dataset under a legal hold: {held} due rows kept"
    # The bar counts rows changed; a redact step reads many rows that need no change.
    counted = options.count and step.action is not StepAction.redact
    total = estimate(target, context) if counted else None
    progress.begin(str(step.key), label, total)
    try:
        run_step(target, context, row, tools, progress)
    except sa.exc.DBAPIError as error:
        progress.end(str(step.key), runs.STEP_FAILED)
        return runs.STEP_FAILED, failure_note(error)
    progress.end(str(step.key), runs.DONE)
    return runs.DONE, ""


def run_retention(
    store: sa.Engine,
    policy: Policy,
    inventory: Inventory,
    systems: Systems,
    *,
    as_of: datetime | None = None,
    options: RunOptions | None = None,
    progress: Progress | None = None,
    environ: Mapping[str, str] | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> RunReport:
    """Resume the unfinished run (same ``as_of``) or start one, and carry it out."""
    progress = progress or NoProgress()
    options = options or RunOptions()
    tools = _tools(store, inventory, environ)
    # Read-only: on SQLite a writing session would hold the store's write lock while the
    # holds are resolved against the governed databases (possibly the same file).
    with Session(read_only(store)) as session:
        unfinished = runs.unfinished_runs(session)
        as_of = as_utc(as_of) if as_of else (unfinished[0].as_of if unfinished else clock())
        prepared = prepare(session, policy, inventory, as_of, systems)
    ledgers = _ledgers(prepared, systems)
    reconciled = reconcile(store, ledgers, [run.id for run in unfinished], tools.audit, ACTOR)
    with Session(store) as session, session.begin():
        stale = [run for run in runs.unfinished_runs(session) if run.as_of != as_of]
        runs.supersede(session, stale)
        resume = next((run for run in runs.unfinished_runs(session) if run.as_of == as_of), None)
        run = runs.start_run(
            session,
            prepared.steps.steps,
            as_of=as_of,
            batch_size=options.batch_size,
            actor=ACTOR,
            resume=resume,
        )
        run_id = run.id
    for step in prepared.steps.steps:
        with Session(store) as session:
            run = session.get_one(RetentionRun, run_id)
            row = session.get_one(RetentionRunStep, (run_id, str(step.key)))
            session.expunge_all()
        status, note = _execute(
            step, row, run, prepared, systems, ledgers, tools, progress, options
        )
        with Session(store) as session, session.begin():
            stored = session.get_one(RetentionRunStep, (run_id, str(step.key)))
            stored.status, stored.note = status, note
    reconciled += reconcile(store, ledgers, [run_id], tools.audit, ACTOR)
    return _finish(store, run_id, as_of, resume is not None, reconciled, tools)


def _finish(
    store: sa.Engine, run_id: str, as_of: datetime, resumed: bool, reconciled: int, tools: Tools
) -> RunReport:
    with Session(store) as session, session.begin():
        run = session.get_one(RetentionRun, run_id)
        rows = runs.step_rows(session, run_id)
        totals = dict(
            session.execute(
                sa.select(RetentionBatch.step_key, sa.func.sum(RetentionBatch.rows))
                .where(RetentionBatch.run_id == run_id)
                .group_by(RetentionBatch.step_key)
            ).all()
        )
        outcomes = tuple(
            StepOutcome(
                step=row.step_key,
                rule=row.rule,
                dataset=row.dataset,
                action=row.action,
                status=row.status,
                rows=int(totals.get(row.step_key) or 0),
                batches=row.batches,
                note=row.note,
            )
            for row in sorted(rows.values(), key=lambda item: item.position)
        )
        failed = [outcome.step for outcome in outcomes if outcome.status == runs.STEP_FAILED]
        run.status = runs.FAILED if failed else runs.FINISHED
        run.finished_at = datetime.now(UTC)
        run.rows_changed = sum(outcome.rows for outcome in outcomes)
        tools.audit.append(
            session,
            actor=ACTOR,
            action="retention.run",
            target=f"run:{run_id}",
            details={
                "run": run_id,
                "as_of": as_of.isoformat(),
                "rows": run.rows_changed,
                "resumed": resumed,
                "failed_steps": failed,
            },
        )
    return RunReport(run_id, as_of, resumed, outcomes, reconciled)
