"""The service retention and erasure call: batches of rows, idempotent, SQL predicate."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from dataward.redact import RedactionService, build_redactor, pending_clause

ROWS: list[dict[str, Any]] = [
    {"id": 1, "body": "Call me on +385 91 234 5678", "status": "open"},
    {"id": 2, "body": "Printer is broken again", "status": "open"},
    {"id": 3, "body": None, "status": "closed"},
    {"id": 4, "body": "I'm ana@example.hr, IBAN HR1210010051863000160", "status": "open"},
]


def service() -> RedactionService:
    return RedactionService(build_redactor(names="off"))


def test_redact_batch_changes_only_text_columns_with_findings() -> None:
    result = service().redact_batch(ROWS, ["body"])
    assert result.changed == [0, 3]
    assert result.rows[0] == {"id": 1, "body": "Call me on <PHONE>", "status": "open"}
    assert result.rows[1] == ROWS[1] and result.rows[2] == ROWS[2]
    assert result.counts == {"PHONE": 1, "EMAIL": 1, "IBAN": 1}
    assert ROWS[0]["body"] == "Call me on +385 91 234 5678"  # inputs are not modified


def test_a_replayed_batch_changes_nothing() -> None:
    once = service().redact_batch(ROWS, ["body"])
    again = service().redact_batch(once.rows, ["body"])
    assert again.changed == [] and again.rows == once.rows
    assert [service().pending(row["body"]) for row in ROWS] == [True, False, False, True]
    assert not any(service().pending(row["body"]) for row in once.rows)


def test_redact_known_batch_replaces_one_persons_identifiers() -> None:
    rows = [{"id": 9, "note": "Ana (ana@example.hr) called from 091 234 5678"}]
    known = {"email": ["ana@example.hr"], "phone": ["+385912345678"]}
    result = service().redact_known_batch(rows, ["note"], known)
    assert result.rows[0]["note"] == "Ana (<EMAIL>) called from <PHONE>"
    assert result.changed == [0]


def test_pending_clause_selects_due_rows_not_yet_redacted() -> None:
    engine = sa.create_engine("sqlite://")
    tickets = sa.Table(
        "tickets", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("redacted_at", sa.DateTime, nullable=True),
    )  # fmt: skip
    cutoff, last = datetime(2024, 1, 1, tzinfo=UTC), datetime(2023, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        tickets.create(connection)
        connection.execute(tickets.insert(), [
            {"id": 1, "resolved_at": datetime(2022, 5, 1), "redacted_at": datetime(2023, 1, 2)},
            {"id": 2, "resolved_at": datetime(2022, 6, 1), "redacted_at": None},
            {"id": 3, "resolved_at": datetime(2023, 6, 1), "redacted_at": None},
            {"id": 4, "resolved_at": datetime(2024, 6, 1), "redacted_at": None},
        ])  # fmt: skip

        def ids(clause: sa.ColumnElement[bool]) -> list[int]:
            query = sa.select(tickets.c.id).where(clause).order_by(tickets.c.id)
            return list(connection.scalars(query))

        naive = cutoff.replace(tzinfo=None)
        assert ids(pending_clause("resolved_at", naive, marker="redacted_at")) == [2, 3]
        assert ids(pending_clause("resolved_at", naive, done_before=last.replace(tzinfo=None))) == [
            3
        ]
