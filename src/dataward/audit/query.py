"""Reading the audit log back."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit.models import AuditEntry


def list_entries(
    session: Session, *, limit: int = 20, action: str | None = None
) -> list[AuditEntry]:
    """The newest ``limit`` entries, newest first.

    ``action`` filters by exact action (``retention.batch``), or by prefix when it ends in
    ``.*`` (``retention.*`` matches every retention action).
    """
    statement = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if action is not None and action.endswith(".*"):
        statement = statement.where(AuditEntry.action.startswith(action[:-1], autoescape=True))
    elif action is not None:
        statement = statement.where(AuditEntry.action == action)
    return list(session.scalars(statement))
