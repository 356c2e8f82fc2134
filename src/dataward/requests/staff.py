"""Staff transitions that touch only the store: extend, reject, complete. Never commit.

Each is audited in the caller's transaction. Approve and retry run the request against
the company's systems and live in :mod:`.workflow`.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.requests.context import Context
from dataward.requests.errors import ExtensionError, NotFound, RequestInputError, TransitionError
from dataward.requests.export.links import sign_link
from dataward.requests.jurisdictions import Deadline, extended_due_at
from dataward.requests.keys import request_keys
from dataward.requests.kinds import COMPLETABLE, OPEN, REJECTABLE, RequestType, Status
from dataward.requests.models import DsrRequest
from dataward.requests.outbox import Message
from dataward.requests.replies import reply_text


def get_request(session: Session, request_id: str, lock: bool = False) -> DsrRequest:
    request = session.get(DsrRequest, request_id, with_for_update=lock)
    if request is None:
        raise NotFound(f"no request {request_id}")
    return request


def checked_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise RequestInputError("reason", "a reason is required")
    if len(text) > 2000:
        raise RequestInputError("reason", "at most 2000 characters")
    return text


def tell_requester(
    session: Session, context: Context, request: DsrRequest, subject: str, body: str
) -> None:
    channel, recipient = ("email", request.email) if request.email else ("phone", request.phone)
    if recipient:
        context.mailer.send(session, Message(channel, recipient, subject, body, request.id))


def extend(
    session: Session, context: Context, request_id: str, reason: str, by: int | None, actor: str
) -> DsrRequest:
    """Extend the deadline within the law's cap, telling the requester why (the notice rule)."""
    text = checked_reason(reason)
    request = get_request(session, request_id, lock=True)
    if request.status not in OPEN:
        raise TransitionError(
            f"request {request_id} is {request.status}: only open requests can be extended"
        )
    if request.paused_at is not None:
        raise TransitionError(f"request {request_id} is paused: resume it before extending")
    deadline = Deadline.from_dict(request.deadline)
    jurisdiction = context.table.get(request.jurisdiction)
    roll = bool(jurisdiction and jurisdiction.roll_forward and deadline.basis == "law")
    try:
        total, due = extended_due_at(
            deadline,
            request.clock_start,
            request.extension_total,
            by,
            context.now(),
            request.due_at,
            context.rules,
            roll,
        )
    except ExtensionError as error:
        raise RequestInputError("by" if by is not None else "reason", str(error)) from None
    previous = request.due_at
    request.extension_total, request.due_at = total, due
    entry = {
        "at": context.now().isoformat(),
        "by": actor,
        "reason": text,
        "added": total,
        "due_at": due.isoformat(),
    }
    request.extensions_json = json.dumps([*request.extensions, entry], sort_keys=True)
    last_day = (due - timedelta(microseconds=1)).date()
    tell_requester(
        session,
        context,
        request,
        "We need more time for your request",
        f"We will answer by {last_day:%d %B %Y}. Why: {text}",
    )
    AuditLog().append(
        session,
        actor=actor,
        action="request.extended",
        target=f"request:{request.id}",
        details={
            "from": previous.isoformat(),
            "to": due.isoformat(),
            "reason": text,
            "cap": deadline.as_dict()["extension_cap"],
        },
    )
    return request


def reject(
    session: Session, context: Context, request_id: str, reason: str, actor: str
) -> DsrRequest:
    text = checked_reason(reason)
    request = get_request(session, request_id, lock=True)
    if request.status not in REJECTABLE:
        raise TransitionError(f"request {request_id} is {request.status}: it cannot be rejected")
    request.status, request.closed_at, request.closed_by, request.close_reason = (
        Status.rejected.value,
        context.now(),
        actor,
        text,
    )
    if request.paused_at is not None:
        # A request rejected while it waited for the requester: the wait ends with it.
        pauses = request.pauses
        pauses[-1] |= {"ended_at": context.now().isoformat(), "ended_by": "rejection"}
        request.pauses_json, request.paused_at = json.dumps(pauses, sort_keys=True), None
    tell_requester(
        session,
        context,
        request,
        "Your request",
        f"We cannot carry out your request: {text}\nYou may complain to a supervisory authority.",
    )
    AuditLog().append(
        session,
        actor=actor,
        action="request.rejected",
        target=f"request:{request.id}",
        details={"reason": text},
    )
    return request


def complete(
    session: Session, context: Context, request_id: str, actor: str, note: str = ""
) -> DsrRequest:
    """Close a ready request and send the reply (for an export: a signed, expiring link)."""
    request = get_request(session, request_id, lock=True)
    if request.status not in COMPLETABLE:
        raise TransitionError(
            f"request {request_id} is {request.status}: only a ready request can be completed"
        )
    link = None
    if request.type in (RequestType.access, RequestType.portability) and request.export_path:
        ttl = timedelta(hours=context.config.link_ttl_hours)
        url, expires_at = sign_link(
            request_keys(session), context.config.base_url, request.id, context.now(), ttl
        )
        link = (url, expires_at)
        request.set_result(link_expires_at=expires_at.isoformat())
    request.status, request.closed_at, request.closed_by = (
        Status.completed.value,
        context.now(),
        actor,
    )
    request.close_reason = note.strip() or None
    tell_requester(
        session, context, request, "Your request is complete", reply_text(request, link, note)
    )
    AuditLog().append(
        session,
        actor=actor,
        action="request.completed",
        target=f"request:{request.id}",
        details={"late": request.closed_at > request.due_at},
    )
    return request
