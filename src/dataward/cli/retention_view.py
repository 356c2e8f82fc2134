"""How retention looks on a terminal: the plan table, progress bars, the summary table."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from dataward.retention.job import RunReport
from dataward.retention.plan import Plan

NOTICE_TITLES = {
    "review": "Needs a person (the notice leaves the period open)",
    "handled_outside": "Handled outside dataward",
    "unbound": "Bound to no dataset (fix the inventory)",
}


def _when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(" 00:00:00")
    return value.isoformat()


def plan_tables(plan: Plan) -> list[Table]:
    table = Table(title=f"Retention plan as of {_when(plan.as_of)} UTC (dry run: nothing changed)")
    for heading in ("rule", "dataset", "action", "due when", "due", "held", "oldest due", "status"):
        table.add_column(
            heading, overflow="fold", justify="right" if heading in ("due", "held") else "left"
        )
    for line in plan.lines:
        rule = line.rule + (f" [{line.customer}]" if line.customer else "")
        status = line.status + (f": {line.note}" if line.note else "")
        due = "" if line.due is None else f"{line.due:,}"
        cutoff = f"{line.column} {'>' if line.after else '<'} {_when(line.cutoff)}"
        held = f"{line.held:,}" if line.held else ""
        table.add_row(
            rule, line.dataset, line.action, cutoff, due, held, _when(line.oldest), status
        )
    tables = [table]
    grouped = defaultdict(list)
    for notice in plan.notices:
        grouped[notice.kind].append(notice)
    for kind, title in NOTICE_TITLES.items():
        if not grouped[kind]:
            continue
        extra = Table(title=title)
        extra.add_column("rule")
        extra.add_column("activity")
        extra.add_column("why", overflow="fold")
        for notice in grouped[kind]:
            extra.add_row(notice.rule, notice.activity, notice.reason)
        tables.append(extra)
    return tables


def summary_table(report: RunReport) -> Table:
    verb = "resumed" if report.resumed else "run"
    table = Table(title=f"Retention {verb} {report.run_id[:8]} as of {_when(report.as_of)} UTC")
    for heading in ("rule", "dataset", "action", "rows", "batches", "status"):
        table.add_column(
            heading, overflow="fold", justify="right" if heading in ("rows", "batches") else "left"
        )
    for outcome in report.outcomes:
        status = outcome.status + (f": {outcome.note}" if outcome.note else "")
        part = outcome.step.partition("#")[2]
        rule = outcome.rule + (f" [{part}]" if part else "")
        table.add_row(
            rule, outcome.dataset, outcome.action, f"{outcome.rows:,}", str(outcome.batches), status
        )
    table.add_section()
    table.add_row("total", "", "", f"{report.rows:,}", "", "")
    return table


class RichProgress:
    """One bar per step (rule × dataset), as :class:`dataward.retention.execute.Progress`."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def begin(self, key: str, label: str, total: int | None) -> None:
        self._tasks[key] = self._progress.add_task(label, total=total)

    def advance(self, key: str, rows: int) -> None:
        self._progress.advance(self._tasks[key], rows)

    def end(self, key: str, status: str) -> None:
        task = self._tasks[key]
        done = self._progress.tasks[task].completed if task in self._progress.task_ids else 0
        self._progress.update(task, total=done, completed=done)
