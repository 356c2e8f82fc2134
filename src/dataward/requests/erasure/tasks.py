"""Per-system task rows: the plan of an erasure or rectification, persisted before any I/O.

One row per system the person's controller data lives in. A row says what happened there
(done with counts, failed with the error, blocked waiting for another system's keys) and
when the next automatic attempt is due. Retries are bounded: after
``max_system_attempts`` failures the task waits for staff, and so does the request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from dataward.audit import AuditLog, NewEntry
from dataward.requests.config import RequestsConfig
from dataward.requests.kinds import Status, TaskStatus
from dataward.requests.models import DsrRequest, DsrTask

_TASKS = cast(Table, DsrTask.__table__)
WORKABLE = frozenset(
    {TaskStatus.pending, TaskStatus.running, TaskStatus.failed, TaskStatus.blocked}
)


def tasks_of(session: Session, request_id: str) -> list[DsrTask]:
    statement = select(DsrTask).where(DsrTask.request_id == request_id).order_by(DsrTask.position)
    return list(session.scalars(statement))


def plan_tasks(session: Session, request: DsrRequest, systems: list[str], now: datetime) -> bool:
    """Create the request's tasks (one per system, in plan order) unless they exist.

    True when created: the caller audits ``request.planned`` once its transaction has done
    its reads, so that the audit chain's lock is held only at the end.
    """
    if tasks_of(session, request.id):
        return False
    for position, system in enumerate(systems):
        session.add(
            DsrTask(
                request_id=request.id,
                system=system,
                position=position,
                status=TaskStatus.pending.value,
                attempts=0,
                result_json="{}",
                error="",
                updated_at=now,
            )
        )
    session.flush()
    return True


def audit_planned(session: Session, request: DsrRequest, planned: dict[str, list[str]]) -> None:
    AuditLog().append(
        session,
        actor="dataward",
        action="request.planned",
        target=f"request:{request.id}",
        details={"type": request.type, **planned},
    )


def is_due(task: DsrTask, now: datetime, manual: bool) -> bool:
    if task.status == TaskStatus.waiting_for_staff:
        return manual
    if task.status not in WORKABLE:
        return False
    return manual or task.next_attempt_at is None or task.next_attempt_at <= now


def record_done(
    session: Session,
    request_id: str,
    results: Mapping[str, dict[str, Any]],
    now: datetime,
    actor: str,
) -> None:
    """Mark systems done and audit what each changed: one UPDATE by key for all of them
    (no read first), and the audit entries appended together.

    The UPDATE is on the table, not the ORM class: no task object of this session needs
    it, and the ORM's bulk update costs several times the statement's CPU.
    """
    if not results:
        return
    session.execute(
        update(_TASKS)
        .where(_TASKS.c.request_id == request_id, _TASKS.c.system == bindparam("task_system"))
        .values(
            status=TaskStatus.done.value,
            result=bindparam("task_result"),
            error="",
            next_attempt_at=None,
            updated_at=now,
        ),
        [
            {"task_system": system, "task_result": json.dumps(result, sort_keys=True, default=str)}
            for system, result in results.items()
        ],
    )
    entries = [
        NewEntry(
            actor,
            "request.system_done",
            f"request:{request_id}",
            {"system": system} | {key: result.get(key, {}) for key in ("rows", "skipped")},
        )
        for system, result in results.items()
    ]
    AuditLog().append_all(session, entries)


def record_failure(
    session: Session,
    task: DsrTask,
    error: str,
    config: RequestsConfig,
    now: datetime,
    actor: str,
    blocked: bool = False,
    audit: bool = True,
) -> None:
    """Count the failure; schedule a retry with backoff, or hand the task to staff."""
    task.attempts += 1
    task.error = error[:2000]
    task.updated_at = now
    if task.attempts >= config.max_system_attempts:
        task.status = TaskStatus.waiting_for_staff.value
        task.next_attempt_at = None
    else:
        task.status = (TaskStatus.blocked if blocked else TaskStatus.failed).value
        delay = config.retry_backoff_seconds * 2 ** (task.attempts - 1)
        task.next_attempt_at = now + timedelta(seconds=delay)
    if audit:
        audit_failure(session, task, actor)


def audit_failure(session: Session, task: DsrTask, actor: str) -> None:
    AuditLog().append(
        session,
        actor=actor,
        action="request.system_failed",
        target=f"request:{task.request_id}",
        details={
            "system": task.system,
            "attempt": task.attempts,
            "status": task.status,
            "error": task.error,
        },
    )


def overall(states: Iterable[str]) -> Status:
    """The request status the task states add up to (before the verification scan)."""
    found = set(states)
    if found <= {TaskStatus.done.value}:
        return Status.ready
    if TaskStatus.waiting_for_staff.value in found:
        return Status.waiting_for_staff
    return Status.failed


def summary(tasks: list[DsrTask]) -> list[dict[str, Any]]:
    return [
        {
            "system": task.system,
            "status": task.status,
            "attempts": task.attempts,
            "next_attempt_at": task.next_attempt_at.isoformat() if task.next_attempt_at else None,
            "error": task.error,
            "result": task.result,
        }
        for task in tasks
    ]
