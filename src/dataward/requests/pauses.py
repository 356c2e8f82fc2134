"""Stopping the response clock while the company waits for the requester ("stop the clock").

Under the UK's Data (Use and Access) Act 2025 the time to answer pauses while the
controller waits for information it needs (proof of identity, what the request is about)
and restarts when it arrives. Staff pause a request with a reason, which the requester
is told (it is what they must send); resuming moves the deadline by the days it was
paused. Both are audited. Never commit: the caller owns the transaction.

Where a pause is allowed, and what it is called:

- the jurisdiction's data states the rule (``pause`` in ``data/clocks.yaml``; today the
  UK): the pause is *law*, with the citation and source;
- the deadline is the company's own default (no statutory number applies): pausing its
  own clock is *policy, not law*, and labelled so;
- anywhere else the law's clock keeps running, and a pause is refused saying why.

A request paused before the requester proved their identity resumes by itself once they
do: the information awaited has arrived.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.requests.context import Context
from dataward.requests.errors import TransitionError
from dataward.requests.jurisdictions import POLICY_LABEL, Deadline
from dataward.requests.jurisdictions.deadlines import due_after, paused_for
from dataward.requests.kinds import Status
from dataward.requests.models import DsrRequest
from dataward.requests.staff import checked_reason, get_request, tell_requester

# Statuses a request may be paused in: before it is carried out (in progress, ready and
# the final statuses have nothing left to wait for).
PAUSABLE = frozenset(
    {Status.awaiting_verification, Status.verified, Status.failed, Status.waiting_for_staff}
)


def _basis(context: Context, request: DsrRequest) -> dict[str, str]:
    """What allows pausing this request's clock (law or policy); TransitionError if nothing."""
    deadline = Deadline.from_dict(request.deadline)
    if deadline.basis == "policy":
        return {"basis": "policy", "label": POLICY_LABEL, "citation": "", "source": ""}
    jurisdiction = context.table.get(request.jurisdiction)
    rule = jurisdiction.pause if jurisdiction else None
    if rule is None:
        name = jurisdiction.name if jurisdiction else request.jurisdiction
        raise TransitionError(
            f"request {request.id}: the law of {name} ({deadline.citation or 'its deadline'}) "
            "does not stop the clock while the company waits: the deadline keeps running"
        )
    return {
        "basis": "law",
        "label": f"law: {rule.citation}",
        "citation": rule.citation,
        "source": rule.source,
    }


def pause(
    session: Session, context: Context, request_id: str, reason: str, actor: str
) -> DsrRequest:
    """Stop the request's clock until :func:`resume`; the requester is told what is awaited."""
    text = checked_reason(reason)
    request = get_request(session, request_id, lock=True)
    if request.paused_at is not None:
        raise TransitionError(f"request {request_id} is already paused")
    if request.status not in PAUSABLE:
        raise TransitionError(
            f"request {request_id} is {request.status}: only a request not yet carried out "
            "can be paused"
        )
    now = context.now()
    if now >= request.due_at:
        raise TransitionError(f"request {request_id} is overdue: its clock cannot be stopped now")
    basis = _basis(context, request)
    request.paused_at = now
    entry = {"paused_at": now.isoformat(), "by": actor, "reason": text, "status": request.status}
    entry |= basis
    request.pauses_json = json.dumps([*request.pauses, entry], sort_keys=True)
    tell_requester(
        session,
        context,
        request,
        "We need something from you",
        f"Before we can go on with your request we need: {text}\n"
        "The time we have to answer is paused until we receive it.",
    )
    AuditLog().append(
        session,
        actor=actor,
        action="request.paused",
        target=f"request:{request.id}",
        details={"reason": text, "due_at": request.due_at.isoformat()} | basis,
    )
    return request


def resume(
    session: Session, context: Context, request_id: str, actor: str, note: str = ""
) -> DsrRequest:
    """Restart the clock: the deadline moves by the time it was paused."""
    request = get_request(session, request_id, lock=True)
    if request.paused_at is None:
        raise TransitionError(f"request {request_id} is not paused")
    return _resume(session, context, request, actor, note.strip())


def resume_on_verification(session: Session, context: Context, request: DsrRequest) -> None:
    """The requester proved their identity: a pause that waited for it ends."""
    pauses = request.pauses
    if (
        request.paused_at is not None
        and pauses
        and pauses[-1]["status"] == (Status.awaiting_verification)
    ):
        _resume(session, context, request, "requester", "identity verified")


def _resume(
    session: Session, context: Context, request: DsrRequest, actor: str, note: str
) -> DsrRequest:
    assert request.paused_at is not None
    now = context.now()
    deadline = Deadline.from_dict(request.deadline)
    moved = paused_for(request.paused_at, now, deadline.period.unit)
    pauses: list[dict[str, Any]] = request.pauses
    pauses[-1] |= {
        "resumed_at": now.isoformat(),
        "resumed_by": actor,
        "moved_seconds": int(moved.total_seconds()),
    } | ({"note": note} if note else {})
    request.pauses_json = json.dumps(pauses, sort_keys=True)
    request.paused_at = None
    previous = request.due_at
    jurisdiction = context.table.get(request.jurisdiction)
    roll = bool(jurisdiction and jurisdiction.roll_forward and deadline.basis == "law")
    request.due_at = due_after(
        deadline, request.clock_start, request.extension_total, context.rules, roll
    )
    last_day = (request.due_at - timedelta(microseconds=1)).date()
    tell_requester(
        session,
        context,
        request,
        "Your request is going ahead",
        f"Thank you: we have what we needed. We will answer by {last_day:%d %B %Y}.",
    )
    AuditLog().append(
        session,
        actor=actor,
        action="request.resumed",
        target=f"request:{request.id}",
        details={
            "from": previous.isoformat(),
            "to": request.due_at.isoformat(),
            "moved_days": moved.days,
            "note": note,
        },
    )
    return request
