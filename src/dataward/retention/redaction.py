"""The ``redact`` action: personal data removed from free text, each row read once.

SQL cannot tell whether a text still holds personal data, so a redact step reads every due
row's free-text columns once and records the visit in ``dataward_redacted`` (in the
governed database, in the batch's own transaction). Its rows are ``(scope, row_key)``:
``scope`` names the rule, the dataset, and a digest of the columns and the detectors'
settings, so a new free-text column or a newly installed name model reads every row once
more; ``row_key`` is the primary key as text. Statements exclude visited rows with a
``NOT EXISTS`` probe into that table's primary key, beside the legal-hold probes.

The plan (a dry run) counts the rows still to read and redacts a small sample of them in
memory, reporting how many would change and what was found, by type only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

import sqlalchemy as sa

from dataward.inventory.model import Inventory
from dataward.redact import RedactionService, build_redactor, region_settings
from dataward.retention.compile import Holds, Target, Visited, select_batch
from dataward.retention.steps import Step

VISITED_TABLE = "dataward_redacted"
SAMPLE_ROWS = 100  # due rows the plan redacts in memory to show what a run would find


def visited_table(schema: str | None = None) -> sa.Table:
    """The table of visits; created in a governed database by its first redact step."""
    return sa.Table(
        VISITED_TABLE,
        sa.MetaData(),
        sa.Column("scope", sa.String(400), nullable=False),
        sa.Column("row_key", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("scope", "row_key", name=f"pk_{VISITED_TABLE}"),
        schema=schema,
    )


def redaction_service(inventory: Inventory) -> RedactionService:
    """The detectors retention and erasure use: national phones of the inventory's region
    too, and names when the model is installed."""
    return RedactionService(build_redactor(region_settings(inventory.identity.default_region)))


def scope(step: Step, service: RedactionService) -> str:
    """``rule@system.dataset:<digest of the columns and the detector settings>``."""
    detectors = [
        [detector.name, detector.config.model_dump(mode="json")]
        for detector in service.redactor.analyzer.detectors
    ]
    text = json.dumps([list(step.columns), detectors], sort_keys=True)
    return f"{step.rule}@{step.address}:{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def exclude_visited(target: Target, connection: sa.Connection, service: RedactionService) -> Target:
    """``target`` with rows read by earlier batches left out, once the table of visits exists.

    Without it (a plan before the first run) nothing was read yet. Call inside a transaction.
    """
    table = visited_table()
    if not sa.inspect(connection).has_table(table.name, schema=table.schema):
        return target
    return replace(target, visited=Visited(table, scope(target.step, service)))


@dataclass(frozen=True)
class RedactionSample:
    """The plan's look at the first due rows: how many would change, findings per type."""

    rows: int
    changed: int
    findings: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        found = ", ".join(f"{kind} {count}" for kind, count in sorted(self.findings.items()))
        text = f"sample of {self.rows} rows: {self.changed} would change"
        return f"{text} ({found})" if found else text


def redact_sample(
    connection: sa.Connection,
    target: Target,
    holds: Holds | None,
    dialect: str,
    service: RedactionService,
    size: int = SAMPLE_ROWS,
) -> RedactionSample:
    """Redact the first ``size`` due rows in memory; nothing is written."""
    columns = target.step.columns
    width = len(target.order)
    found = connection.execute(select_batch(target, holds, dialect, size, None, columns)).all()
    rows = [dict(zip(columns, row[width:], strict=True)) for row in found]
    redacted = service.redact_batch(rows, columns)
    return RedactionSample(len(rows), len(redacted.changed), dict(redacted.counts))
