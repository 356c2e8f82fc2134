"""The console's view of requests: the queue by deadline, and one request's timeline.

Listing and the per-request view are the requests package's (``list_requests``,
``request_view``); this adds what a page needs on top: which rows to highlight, and the
steps of a request with who took each, read from the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit import AuditEntry
from dataward.requests.kinds import OPEN
from dataward.requests.models import DsrRequest
from dataward.requests.query import list_requests, request_row
from dataward.web.templating import when

WEEK = timedelta(days=7)
FILTERS = {
    "open": "Open",
    "overdue": "Overdue",
    "week": "Due this week",
    "awaiting_verification": "Awaiting verification",
    "all": "All",
}
STEP_WORDS = {
    "request.received": "Request received",
    "request.verified": "Identity verified (code entered)",
    "request.approved": "Approved",
    "request.planned": "Systems planned",
    "request.forwarded": "Forwarded to the customer (we are its processor)",
    "request.exported": "Export built",
    "request.system_done": "System done",
    "request.system_failed": "System failed",
    "request.recorded": "Recorded",
    "request.retried": "Retried",
    "request.extended": "Deadline extended",
    "request.rejected": "Rejected",
    "request.erased": "Erased in every system",
    "request.rectified": "Corrected in every system",
    "request.completed": "Completed, reply sent",
}


@dataclass(frozen=True)
class QueueRow:
    row: dict[str, Any]
    urgency: str  # overdue / week / "" (the CSS class and the words beside the date)


def _urgency(request: DsrRequest, now: datetime) -> str:
    if request.status not in {item.value for item in OPEN}:
        return ""
    if request.due_at <= now:
        return "overdue"
    return "week" if request.due_at <= now + WEEK else ""


def queue(session: Session, now: datetime, show: str) -> list[QueueRow]:
    """Requests by deadline, soonest first, for the filter ``show`` (see FILTERS)."""
    if show in ("overdue", "week"):
        found = list_requests(session, now, overdue=show == "overdue", due_this_week=show == "week")
    elif show == "open":
        every = [list_requests(session, now, status=status.value, limit=500) for status in OPEN]
        found = sorted((item for part in every for item in part), key=lambda r: (r.due_at, r.id))
    else:
        found = list_requests(session, now, status=None if show == "all" else show, limit=500)
    return [QueueRow(request_row(item, now), _urgency(item, now)) for item in found]


@dataclass(frozen=True)
class Step:
    at: datetime
    action: str
    words: str
    actor: str
    details: dict[str, Any]


def timeline(session: Session, request_id: str) -> list[Step]:
    """Every audited step of the request in order, with who took it."""
    statement = (
        select(AuditEntry)
        .where(AuditEntry.target == f"request:{request_id}")
        .where(AuditEntry.action.startswith("request.", autoescape=True))
        .order_by(AuditEntry.seq)
    )
    return [
        Step(
            entry.recorded_at,
            entry.action,
            STEP_WORDS.get(entry.action, entry.action),
            entry.actor,
            entry.details,
        )
        for entry in session.scalars(statement)
    ]


def details_text(details: dict[str, Any]) -> str:
    """A step's details on one line: ``system: crm · rows: 12``."""
    parts = []
    for key, value in details.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items() if v) or "none"
        elif isinstance(value, list):
            value = ", ".join(str(item) for item in value) or "none"
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return " · ".join(parts)


def result_lines(result: dict[str, Any]) -> list[tuple[str, str]]:
    """A request's result as (label, words): the scan, the export, forwarding, effects."""
    lines = []
    scan = result.get("scan")
    if isinstance(scan, dict):
        datasets = scan.get("datasets", {})
        left = {name: item for name, item in datasets.items() if item.get("status") != "clear"}
        verdict = "passed" if scan.get("passed") else "FAILED"
        detail = ", ".join(f"{name} {item.get('status')}" for name, item in left.items())
        clear = f"{len(datasets) - len(left)} of {len(datasets)} datasets clear"
        lines.append(
            ("Verification scan", f"{verdict}: {clear}" + (f"; {detail}" if detail else ""))
        )
    export = result.get("export")
    if isinstance(export, dict):
        rows = {name: count for name, count in export.get("rows", {}).items() if count}
        listed = ", ".join(f"{name} {count}" for name, count in rows.items()) or "no rows"
        lines.append(
            ("Export", f"{sum(rows.values())} rows, {export.get('bytes', 0)} bytes: {listed}")
        )
    for key in ("forwarding", "effect", "exemptions"):
        value = result.get(key)
        if isinstance(value, dict) and value:
            lines.append((key.capitalize(), details_text(value)))
        elif isinstance(value, list) and value:
            items = (details_text(item) if isinstance(item, dict) else str(item) for item in value)
            lines.append((key.capitalize(), "; ".join(items)))
    if result.get("link_expires_at"):
        lines.append(("Download link expires", when(str(result["link_expires_at"]))))
    return lines
