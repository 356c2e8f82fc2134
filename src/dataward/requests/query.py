"""Listing requests for staff: open ones by deadline, what is late, what is due this week."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.requests.erasure.tasks import summary, tasks_of
from dataward.requests.kinds import OPEN
from dataward.requests.models import DsrDelivery, DsrRequest

MAX_LIST = 500


def list_requests(
    session: Session,
    now: datetime,
    *,
    status: str | None = None,
    overdue: bool = False,
    due_this_week: bool = False,
    limit: int = 100,
) -> list[DsrRequest]:
    """Requests by deadline, soonest first. ``overdue``/``due_this_week`` imply open ones."""
    statement = (
        select(DsrRequest).order_by(DsrRequest.due_at, DsrRequest.id).limit(min(limit, MAX_LIST))
    )
    if status is not None:
        statement = statement.where(DsrRequest.status == status)
    if overdue or due_this_week:
        # A paused request's clock is stopped: it cannot run late until it is resumed.
        statement = statement.where(
            DsrRequest.status.in_([item.value for item in OPEN]), DsrRequest.paused_at.is_(None)
        )
    if overdue:
        statement = statement.where(DsrRequest.due_at <= now)
    if due_this_week:
        statement = statement.where(
            DsrRequest.due_at > now, DsrRequest.due_at <= now + timedelta(days=7)
        )
    return list(session.scalars(statement))


def last_day(due_at: datetime) -> str:
    """The last day to answer (``due_at`` is the exclusive end of that day)."""
    return (due_at - timedelta(microseconds=1)).date().isoformat()


def request_row(request: DsrRequest, now: datetime) -> dict[str, Any]:
    deadline = request.deadline
    open_ = request.status in {item.value for item in OPEN}
    return {
        "id": request.id,
        "type": request.type,
        "status": request.status,
        "country": request.country,
        "jurisdiction": request.jurisdiction,
        "relationship": request.relationship,
        "received_at": request.received_at.isoformat(),
        "due_at": request.due_at.isoformat(),
        "due_by": last_day(request.due_at),
        "deadline_basis": deadline.get("basis"),
        "deadline_label": deadline.get("label"),
        "overdue": open_ and request.paused_at is None and request.due_at <= now,
        "extended": request.extension_total > 0,
        "paused_since": request.paused_at.isoformat() if request.paused_at else None,
    }


def request_view(session: Session, request: DsrRequest, now: datetime) -> dict[str, Any]:
    """Everything staff see about one request: deadline, extensions, tasks, result, deliveries."""
    deliveries = session.scalars(select(DsrDelivery).where(DsrDelivery.request_id == request.id))
    return request_row(request, now) | {
        "email": request.email,
        "phone": request.phone,
        "details": request.details,
        "deadline": request.deadline,
        "acknowledge_by": last_day(request.ack_due_at) if request.ack_due_at else None,
        "extensions": request.extensions,
        "pauses": request.pauses,
        "verified_at": request.verified_at.isoformat() if request.verified_at else None,
        "approved_by": request.approved_by,
        "closed_by": request.closed_by,
        "close_reason": request.close_reason,
        "tasks": summary(tasks_of(session, request.id)),
        "result": request.result,
        "deliveries": [
            {
                "customer": item.customer_id,
                "channel": item.channel,
                "status": item.status,
                "attempts": item.attempts,
                "error": item.last_error,
            }
            for item in deliveries
        ],
    }
