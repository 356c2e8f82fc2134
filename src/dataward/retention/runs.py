"""Runs in the store: persisted with one row per step before any row is touched (fides-style).

A run that dies (kill -9, power loss) stays ``running``; the next ``retention run`` with the
same ``as_of`` (or without one) resumes it: finished steps are skipped, an unfinished step
continues at its keyset position with the next batch number its ledger shows.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.retention.models import RetentionRun, RetentionRunStep
from dataward.retention.steps import Step

RUNNING, FINISHED, FAILED, SUPERSEDED = "running", "finished", "failed", "superseded"
PENDING, DONE, HELD, BLOCKED, STEP_FAILED = "pending", "done", "held", "blocked", "failed"
SKIPPED = "skipped"


def unfinished_runs(session: Session) -> list[RetentionRun]:
    """Runs that never finished, newest first."""
    statement = (
        select(RetentionRun)
        .where(RetentionRun.status == RUNNING)
        .order_by(RetentionRun.started_at.desc())
    )
    return list(session.scalars(statement))


def _cutoff(step: Step) -> datetime:
    value = step.cutoff.value
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _step_row(run_id: str, position: int, step: Step) -> RetentionRunStep:
    return RetentionRunStep(
        run_id=run_id,
        step_key=str(step.key),
        position=position,
        rule=step.rule,
        dataset=str(step.address),
        action=step.action.value,
        cutoff=_cutoff(step),
        status=BLOCKED if step.blocked else PENDING,
        rows_due=None,
        rows_done=0,
        batches=0,
        note=step.blocked or "",
    )


def start_run(
    session: Session,
    steps: Sequence[Step],
    *,
    as_of: datetime,
    batch_size: int,
    actor: str,
    resume: RetentionRun | None = None,
) -> RetentionRun:
    """Create the run and its step rows, or add rows for steps a resumed run lacks."""
    if resume is None:
        run = RetentionRun(
            id=str(uuid.uuid4()),
            as_of=as_of,
            status=RUNNING,
            batch_size=batch_size,
            actor=actor,
            started_at=datetime.now(UTC),
            rows_changed=0,
        )
        session.add(run)
        session.flush()
    else:
        run = resume
    known = step_rows(session, run.id)
    for position, step in enumerate(steps):
        if str(step.key) not in known:
            session.add(_step_row(run.id, position, step))
    wanted = {str(step.key) for step in steps}
    for key, row in known.items():
        if key not in wanted and row.status == PENDING:
            # The policy or inventory changed since the run started: the step is gone.
            row.status, row.note = SKIPPED, "no longer derived from the policy and inventory"
    session.flush()
    return run


def supersede(session: Session, runs: Sequence[RetentionRun]) -> None:
    """Unfinished runs at another ``as_of`` are replaced, not resumed."""
    for run in runs:
        run.status = SUPERSEDED
        run.finished_at = datetime.now(UTC)
    session.flush()


def step_rows(session: Session, run_id: str) -> dict[str, RetentionRunStep]:
    statement = select(RetentionRunStep).where(RetentionRunStep.run_id == run_id)
    return {row.step_key: row for row in session.scalars(statement)}


def encode_position(position: Sequence[Any] | None) -> str | None:
    """A keyset position as JSON (datetimes as ISO text)."""
    if position is None:
        return None
    return json.dumps([_plain(value) for value in position])


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    return value


def decode_position(text: str | None) -> tuple[Any, ...] | None:
    if not text:
        return None
    values = json.loads(text)
    return tuple(
        datetime.fromisoformat(value["datetime"]) if isinstance(value, dict) else value
        for value in values
    )
