"""The redaction service that retention and erasure call: rows in, redacted rows out.

Idempotent by construction: placeholders and pseudonyms are never found again, so
redacting a row twice changes it once, and a batch replayed after a crash writes nothing
new. Only ``changed`` rows need an UPDATE. To avoid re-reading old rows on every run, a
rule selects pending rows with :func:`pending_clause`: a marker column set in the same
UPDATE (``marker IS NULL``), or the previous run's cutoff as a lower bound on the anchor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from dataward.redact.known import Identifiers, redact_known
from dataward.redact.model import RedactionResult
from dataward.redact.operators import Operator
from dataward.redact.redactor import Redactor


@dataclass(frozen=True)
class BatchResult:
    """Every input row (text columns redacted), which ones changed, findings per type."""

    rows: list[dict[str, Any]]
    changed: list[int]
    # For the audit entry: counts per entity type, never the values themselves.
    counts: Counter[str] = field(default_factory=Counter)


class RedactionService:
    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    def redact_batch(
        self, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]
    ) -> BatchResult:
        """Redact the free-text ``columns`` of ``rows``; other columns pass unchanged."""
        cells = [(index, column) for index, row in enumerate(rows) for column in columns
                 if isinstance(row.get(column), str)]  # fmt: skip
        results = self.redactor.redact_many([rows[index][column] for index, column in cells])
        return _assemble(rows, cells, results)

    def redact_known_batch(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[str],
        identifiers: Identifiers,
        operator: Operator | None = None,
        regions: list[str] | None = None,
    ) -> BatchResult:
        """Erasure: replace one person's own identifiers in other records' free text."""
        cells = [(index, column) for index, row in enumerate(rows) for column in columns
                 if isinstance(row.get(column), str)]  # fmt: skip
        operator = operator or self.redactor.operator
        results = [
            redact_known(rows[index][column], identifiers, regions=regions, operator=operator)
            for index, column in cells
        ]
        return _assemble(rows, cells, results)

    def pending(self, value: str | None) -> bool:
        """Whether redacting ``value`` would change it (a dry run's per-row answer)."""
        return value is not None and bool(self.redactor.analyzer.analyze(value))


def _assemble(
    rows: Sequence[Mapping[str, Any]],
    cells: list[tuple[int, str]],
    results: list[RedactionResult],
) -> BatchResult:
    out = [dict(row) for row in rows]
    changed: set[int] = set()
    counts: Counter[str] = Counter()
    for (index, column), result in zip(cells, results, strict=True):
        if result.changed:
            out[index][column] = result.text
            changed.add(index)
            counts.update(finding.entity.value for finding in result.findings)
    return BatchResult(out, sorted(changed), counts)


def pending_clause(
    anchor: str,
    cutoff: datetime,
    *,
    marker: str | None = None,
    done_before: datetime | None = None,
) -> ColumnElement[bool]:
    """Rows a redact rule still has to visit: due (``anchor < cutoff``) and not yet done.

    Done means ``marker`` is set (the run sets it to the time of redaction in the same
    UPDATE), or, without a marker column, ``anchor < done_before``: the cutoff of the last
    finished run, below which every row was already visited.
    """
    clause: ColumnElement[bool] = sa.column(anchor) < cutoff
    if marker is not None:
        clause = sa.and_(clause, sa.column(marker).is_(None))
    if done_before is not None:
        clause = sa.and_(clause, sa.column(anchor) >= done_before)
    return clause
