"""The dry run: per rule and dataset, what a run at ``as_of`` would do. Changes nothing.

Counts come from the same compiled predicates the run executes, so the plan cannot promise
something the run does differently: rows due (held rows excluded), rows held back by legal
holds, the oldest due anchor. Rules without a step are listed with the reason. A redact step
counts the rows it has yet to read and redacts a sample of them in memory (findings by type,
never the text).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any

from dataward.policy.calendar import as_utc
from dataward.redact import RedactionService
from dataward.retention.compile import count_due, oldest_due
from dataward.retention.prepare import Prepared
from dataward.retention.redaction import (
    RedactionSample,
    exclude_visited,
    redact_sample,
    redaction_service,
)
from dataward.retention.sqlite import timestamp
from dataward.retention.steps import Notice, Step, StepAction
from dataward.retention.systems import Systems, Unsupported


@dataclass(frozen=True)
class PlanLine:
    step: str
    rule: str
    activity: str
    dataset: str
    action: str
    period: str
    column: str  # due when column < cutoff (column > cutoff when ``after``)
    cutoff: datetime | date
    status: str  # due | nothing_due | held | blocked | unavailable
    due: int | None = None
    held: int = 0
    oldest: datetime | None = None
    customer: str | None = None
    after: bool = False
    note: str = ""
    sample: RedactionSample | None = None  # redact steps with rows due


@dataclass(frozen=True)
class Plan:
    as_of: datetime
    lines: tuple[PlanLine, ...]
    notices: tuple[Notice, ...]

    def as_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            return value.isoformat() if isinstance(value, date) else value

        return {
            "as_of": self.as_of.isoformat(),
            "steps": [{k: plain(v) for k, v in asdict(line).items()} for line in self.lines],
            "notices": [asdict(notice) for notice in self.notices],
        }


def _customer(step: Step) -> str | None:
    if step.customer is None:
        return None
    return step.customer.only if step.customer.only is not None else "default"


def _line(step: Step, status: str, **counts: Any) -> PlanLine:
    return PlanLine(
        step=str(step.key),
        rule=step.rule,
        activity=step.activity,
        dataset=str(step.address),
        action=step.action.value,
        period=step.period,
        column=step.cutoff.column,
        cutoff=step.cutoff.value,
        after=step.cutoff.after,
        status=status,
        customer=_customer(step),
        **counts,
    )


def plan_step(
    step: Step, prepared: Prepared, systems: Systems, redaction: RedactionService
) -> PlanLine:
    """Count one step. Read-only: its transaction is rolled back."""
    system = step.address.system
    if step.blocked:
        return _line(step, "blocked", note=step.blocked)
    if system in prepared.unavailable:
        return _line(step, "unavailable", note=prepared.unavailable[system])
    try:
        target = systems.target(step)
    except Unsupported as error:
        return _line(step, "unavailable", note=str(error))
    dialect = systems.dialect(system)
    holds = prepared.holds_for(step)
    connection = systems.connection(system)
    redacts = step.action is StepAction.redact
    with connection.begin() as transaction:
        if redacts:
            target = exclude_visited(target, connection, redaction)
        total = int(connection.execute(count_due(target, None, dialect)).scalar() or 0)
        if prepared.is_held(step):
            transaction.rollback()
            return _line(step, "held", due=0, held=total, note="the dataset is under a legal hold")
        due = total
        if holds is not None and any(item.kind in holds.kinds for item in step.holds):
            due = int(connection.execute(count_due(target, holds, dialect)).scalar() or 0)
        oldest = None
        if due and step.via is None:
            oldest = _moment(connection.execute(oldest_due(target, holds, dialect)).scalar())
        found = None
        if redacts and due:
            found = redact_sample(connection, target, holds, dialect, redaction)
        transaction.rollback()
    status = "due" if due else ("held" if total else "nothing_due")
    note = "" if found is None else str(found)
    return _line(step, status, due=due, held=total - due, oldest=oldest, note=note, sample=found)


def _moment(value: Any) -> datetime | None:
    value = timestamp(value)
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def make_plan(
    prepared: Prepared, systems: Systems, redaction: RedactionService | None = None
) -> Plan:
    """The plan of every step; ``redaction`` (default: the inventory's) samples redact steps."""
    service = redaction or redaction_service(systems.inventory)
    lines = tuple(plan_step(step, prepared, systems, service) for step in prepared.steps.steps)
    return Plan(prepared.as_of, lines, prepared.steps.notices)
