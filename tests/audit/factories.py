"""Building audit chains for tests, and reading them back with plain SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditLog

START = datetime(2025, 1, 31, 23, 59, 59, 123456, tzinfo=UTC)


class StepClock:
    """A clock that starts at START and advances one second per reading."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def append_entries(engine: sa.Engine, count: int, *, first: int = 1) -> None:
    """Commit ``count`` retention entries numbered from ``first`` (in details.batch)."""
    log = AuditLog(clock=StepClock())
    with Session(engine) as session, session.begin():
        for batch in range(first, first + count):
            log.append(
                session,
                actor="retention",
                action="retention.batch",
                target="dataset:cdr",
                details={"batch": batch, "rows": 1000 * batch, "rule": "cdr_phone_12m"},
            )


def rows(engine: sa.Engine) -> list[sa.Row[tuple[int, str, str]]]:
    """(seq, prev_hash, hash) of every entry in seq order."""
    with engine.connect() as connection:
        return list(
            connection.execute(sa.text("SELECT seq, prev_hash, hash FROM audit_entry ORDER BY seq"))
        )


def head(engine: sa.Engine) -> tuple[int, str]:
    with engine.connect() as connection:
        seq, hash_ = connection.execute(sa.text("SELECT seq, hash FROM audit_head")).one()
    return int(seq), str(hash_)


def execute(engine: sa.Engine, *statements: str | sa.Executable) -> None:
    """Run statements in one transaction, behind the audit log's back."""
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement) if isinstance(statement, str) else statement)
