"""Running an erasure or rectification over the systems, resumably.

This function owns its transactions, unlike the services: it interleaves writes to
dataward's store with writes to the company's databases, and each store transaction
commits an audit entry together with the state it records. The order is fides-style:

1. task rows, one per system, committed before any I/O;
2. keys of cross-system relations read from every reachable system and committed, before
   anything is erased (a retry must find rows whose parent system is already erased);
3. each due system in one transaction of its own database (children before parents),
   then its task marked done (or failed, with backoff) and audited. Systems are separate
   databases, so several run at once (``parallel_systems``): an erasure waits for each
   database's commit, and eleven of them one after another cost most of its time. The
   store's task rows and audit entries are written by the calling thread alone;
4. when every system is done, the verification scan.

A retry repeats only what is not done; the statements are idempotent (a second DELETE or
UPDATE finds nothing left), so a crash between 3 and its audit cannot erase twice.
"""

from __future__ import annotations

import json
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.inventory.connectors.base import ConnectorError, first_line
from dataward.requests.context import Context
from dataward.requests.erasure import tasks as task_rows
from dataward.requests.erasure.exemptions import Exemptions
from dataward.requests.erasure.statements import customer_exclusion
from dataward.requests.erasure.targets import ErasureTarget, erasure_target
from dataward.requests.locate.person import PersonPlan, customer_column, someone_elses_record
from dataward.requests.locate.plan import Step, erasure_order
from dataward.requests.locate.selection import cross_keys
from dataward.requests.models import DsrRequest, DsrTask


class DatasetWork(Protocol):
    """One dataset's share: rows changed. Erasure and rectification differ here.

    ``columns`` set: the rows are someone else's record that names the person; only those
    columns are erased (nulled or pseudonymised) and the rows stay.
    """

    def __call__(
        self,
        target: ErasureTarget,
        step: Step,
        table: sa.TableClause,
        condition: sa.ColumnElement[bool],
        columns: tuple[str, ...] | None = None,
    ) -> int: ...


FAILURES = (ConnectorError, sa.exc.SQLAlchemyError, ValueError, OSError)


@dataclass
class Keyed:
    """What phase 2 leaves: systems due now, tasks blocked, and every task's state."""

    due: list[str] = field(default_factory=list)
    blocked: list[DsrTask] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)


def read_keys(
    session: Session, context: Context, request_id: str, plan: PersonPlan, manual: bool = False
) -> Keyed:
    """Phase 2, in the caller's transaction: read and keep every pending system's keys.

    Due systems are marked ``running`` (a crash leaves them so, and a retry redoes them);
    tasks whose keys could not be read are blocked (the caller audits them, after its reads).
    """
    limit = context.config.max_cross_system_keys
    keyed = Keyed()
    for task in task_rows.tasks_of(session, request_id):
        keyed.states[task.system] = task.status
        if task.status == task_rows.TaskStatus.done:
            continue
        if task.keys is not None:
            plan.selector.keys.update(task.keys)
        else:
            try:
                found: dict[str, list[Any]] = {}
                for step in plan.controller_steps():
                    if step.system == task.system:
                        found.update(cross_keys(plan.selector, step, limit))
            except FAILURES as error:
                for hop_system in {h.source.system for s in plan.steps for h in s.hops}:
                    context.connectors().discard(hop_system)
                message = f"waiting for keys from another system: {first_line(error)}"
                now = context.now()
                task_rows.record_failure(
                    session, task, message, context.config, now, "", True, False
                )
                keyed.blocked.append(task)
                keyed.states[task.system] = task.status
                continue
            task.keys_json = json.dumps(found, sort_keys=True, default=str)
        if task_rows.is_due(task, context.now(), manual):
            task.status = task_rows.TaskStatus.running.value
            task.updated_at = context.now()
            keyed.due.append(task.system)
    return keyed


def system_work(
    context: Context,
    plan: PersonPlan,
    system: str,
    exemptions: Exemptions,
    work: DatasetWork,
    dry_run: bool = False,
) -> dict[str, Any]:
    """One system's share, children before parents, in one target (a transaction);
    ``dry_run``: counted only, nothing changed."""
    connector = context.connectors().connector(system)
    rows: dict[str, int] = {}
    skipped: dict[str, str] = {}
    steps = [step for step in erasure_order(plan.controller_steps()) if step.system == system]
    with erasure_target(connector, system, dry_run) as target:
        for step in steps:
            name = str(step.address)
            if name in exemptions.datasets:
                skipped[name] = exemptions.datasets[name].reason
                continue
            table = plan.selector.table(step)
            column = customer_column(plan.selector.pool.inventory, step.address, plan.policy)
            kept = customer_exclusion(table, column, list(exemptions.held_customers))
            rows[name] = _dataset(target, plan, step, table, kept, work)
        report = target.report()
    return {"rows": rows, "skipped": skipped} | report


def _dataset(
    target: ErasureTarget,
    plan: PersonPlan,
    step: Step,
    table: sa.TableClause,
    kept: sa.ColumnElement[bool] | None,
    work: DatasetWork,
) -> int:
    def scoped(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
        return condition if kept is None else sa.and_(condition, kept)

    shared = someone_elses_record(plan.selector.pool.inventory, step)
    if shared is None:
        condition = plan.selector.condition(step)
        return 0 if condition is None else work(target, step, table, scoped(condition))
    changed = 0
    owned = plan.selector.hop_condition(step)
    if owned is not None:
        changed += work(target, step, table, scoped(owned))
    named = plan.selector.identity_condition(step)
    if named is not None:
        changed += work(target, step, table, scoped(named), shared)
    return changed


def run_systems(
    engine: Engine,
    context: Context,
    request_id: str,
    plan: PersonPlan,
    exemptions: Exemptions,
    work: DatasetWork,
    actor: str,
    due: list[str],
) -> dict[str, str]:
    """Phase 3: every due system, one transaction each; returns each one's new state."""
    states: dict[str, str] = {}
    if not due:
        return states
    workers = min(len(due), context.config.parallel_systems)
    with ThreadPoolExecutor(workers, thread_name_prefix="erasure") as pool:
        running = {
            pool.submit(system_work, context, plan, system, exemptions, work): system
            for system in due
        }
        pending = set(running)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            # The systems that finished meanwhile are recorded in one store transaction:
            # each commit waits for the disk, and eleven of them were a third of an erasure.
            with Session(engine) as session, session.begin():
                done: dict[str, dict[str, Any]] = {}
                for future in finished:
                    system = running[future]
                    states[system] = _record(
                        session, context, request_id, system, future, actor, done
                    )
                task_rows.record_done(session, request_id, done, context.now(), actor)
    return states


def _record(
    session: Session,
    context: Context,
    request_id: str,
    system: str,
    finished: Future[dict[str, Any]],
    actor: str,
    done: dict[str, dict[str, Any]],
) -> str:
    """Record a failed system (with backoff), or add a done one's result to ``done``, to
    be recorded with the others; returns the system's new state."""
    try:
        result = finished.result()
    except FAILURES as error:
        context.connectors().discard(system)
        failed = session.get(DsrTask, (request_id, system))
        assert failed is not None
        task_rows.record_failure(
            session, failed, first_line(error), context.config, context.now(), actor
        )
        return failed.status
    done[system] = result
    return task_rows.TaskStatus.done.value


def request_identities(request: DsrRequest) -> dict[str, list[str]]:
    identities: dict[str, list[str]] = {}
    if request.email:
        identities["email"] = [request.email]
    if request.phone:
        identities["phone"] = [request.phone]
    return identities
