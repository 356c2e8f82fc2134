"""Processor instructions: each customer's own retention period for the content it sends.

A rule with ``period_set_by: customer`` (communications content) keeps its ``offset`` as the
documented default; a customer that instructs otherwise gets its own cutoff. Services add to
the caller's session and audit the change there; they never commit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.policy.calendar import Offset
from dataward.retention.models import CustomerRetention


def instructions(session: Session) -> dict[str, Offset]:
    """Every customer's instruction: customer id → offset."""
    rows = session.scalars(select(CustomerRetention).order_by(CustomerRetention.customer_id))
    return {row.customer_id: Offset(row.years, row.months, row.days) for row in rows}


def list_instructions(session: Session) -> list[CustomerRetention]:
    return list(session.scalars(select(CustomerRetention).order_by(CustomerRetention.customer_id)))


def set_instruction(
    session: Session,
    customer_id: str,
    offset: Offset,
    *,
    set_by: str,
    audit: AuditLog | None = None,
) -> CustomerRetention:
    """Set (or replace) a customer's period; audited as ``retention.customer_set``."""
    customer_id = customer_id.strip()
    if not customer_id:
        raise ValueError("a customer id is required")
    if offset.is_zero:
        raise ValueError("a retention period must be longer than zero")
    row = session.get(CustomerRetention, customer_id) or CustomerRetention(customer_id=customer_id)
    row.years, row.months, row.days = offset.years, offset.months, offset.days
    row.set_by, row.set_at = set_by, datetime.now(UTC)
    session.add(row)
    session.flush()
    (audit or AuditLog()).append(
        session,
        actor=set_by,
        action="retention.customer_set",
        target=f"customer:{customer_id}",
        details={"years": offset.years, "months": offset.months, "days": offset.days},
    )
    return row


def clear_instruction(
    session: Session, customer_id: str, *, cleared_by: str, audit: AuditLog | None = None
) -> bool:
    """Remove a customer's period (the default applies again); False when none was set."""
    row = session.get(CustomerRetention, customer_id.strip())
    if row is None:
        return False
    session.delete(row)
    session.flush()
    (audit or AuditLog()).append(
        session,
        actor=cleared_by,
        action="retention.customer_cleared",
        target=f"customer:{row.customer_id}",
    )
    return True
