"""Past retention runs, read from the store, and the rows each rule removed run by run.

The runs and their steps are the retention package's tables; nothing here changes them.
A step's ``rows_done`` counts the rows its batches deleted, nulled, pseudonymised or
suppressed, which is what "removed" means on the chart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dataward.retention.models import RetentionRun, RetentionRunStep

CHART_RUNS = 24
TOP_RULES = 8
OTHER = "other rules"


def past_runs(session: Session, limit: int = 20) -> list[RetentionRun]:
    """The newest runs first."""
    statement = select(RetentionRun).order_by(RetentionRun.started_at.desc()).limit(limit)
    return list(session.scalars(statement))


@dataclass(frozen=True)
class Series:
    rule: str
    values: tuple[int, ...]  # one per run, in run order

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class RemovedPerRule:
    runs: tuple[datetime, ...]  # the moment each run judged at (its as_of), oldest first
    series: tuple[Series, ...]  # the biggest rules first; the rest summed as OTHER


def removed_per_rule(session: Session, runs: int = CHART_RUNS) -> RemovedPerRule:
    """Rows removed per rule in each of the last ``runs`` runs (those that got to work).

    Runs are placed at their ``as_of``: for the worker that is when it ran, and a run made
    later for an earlier date (catching up) lands where it belongs.
    """
    recent = select(RetentionRun.id, RetentionRun.as_of).where(RetentionRun.rows_changed > 0)
    chosen = list(session.execute(recent.order_by(RetentionRun.as_of.desc()).limit(runs)))
    chosen.reverse()
    position = {run_id: index for index, (run_id, _) in enumerate(chosen)}
    totals = (
        select(RetentionRunStep.run_id, RetentionRunStep.rule, func.sum(RetentionRunStep.rows_done))
        .where(RetentionRunStep.run_id.in_(list(position)))
        .group_by(RetentionRunStep.run_id, RetentionRunStep.rule)
    )
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0] * len(chosen))
    for run_id, rule, rows in session.execute(totals):
        per_rule[rule][position[run_id]] += int(rows or 0)
    ranked = sorted(per_rule.items(), key=lambda item: (-sum(item[1]), item[0]))
    series = [Series(rule, tuple(values)) for rule, values in ranked[:TOP_RULES] if any(values)]
    rest = [values for _, values in ranked[TOP_RULES:]]
    if rest and any(map(any, rest)):
        series.append(Series(OTHER, tuple(sum(column) for column in zip(*rest, strict=True))))
    return RemovedPerRule(tuple(started for _, started in chosen), tuple(series))
