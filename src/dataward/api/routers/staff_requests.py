"""``/api/v1/staff/requests``: the privacy team's view and actions, bearer-token only.

Every route is authenticated (router dependency); those that change something need a
writer role (admin or privacy officer): an auditor reads only. Each transition is
audited by the service it calls, in the same transaction.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from dataward.api.auth import current_staff
from dataward.api.deps import RequestsDep, SessionDep, StaffDep, StoreDep, WriterDep
from dataward.audit import AuditLog
from dataward.requests import pauses, staff, workflow
from dataward.requests.context import NoInventory
from dataward.requests.errors import NotFound, RequestInputError, TransitionError
from dataward.requests.kinds import Status
from dataward.requests.models import DsrCustomerEndpoint
from dataward.requests.outbox import DeliveryError, outbox_messages
from dataward.requests.preview import preview as dry_run
from dataward.requests.query import list_requests, request_row, request_view
from dataward.staff import Role

router = APIRouter(prefix="/api/v1/staff", tags=["staff"], dependencies=[Depends(current_staff)])


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=2000)


class ExtendIn(ReasonIn):
    by: int | None = Field(
        default=None,
        ge=1,
        le=366,
        description="units of the deadline; default: the rest of the cap",
    )


class CompleteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(default="", max_length=2000)


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = Field(default=None, pattern=r"^https?://", max_length=2000)
    email: str | None = Field(default=None, max_length=320)


def _errors(error: Exception) -> HTTPException:
    if isinstance(error, NotFound):
        return HTTPException(404, str(error))
    if isinstance(error, TransitionError):
        return HTTPException(409, str(error))
    if isinstance(error, RequestInputError):
        return HTTPException(422, {"field": error.field, "message": error.message})
    if isinstance(error, NoInventory | DeliveryError):
        return HTTPException(503, str(error))
    raise error


@router.get("/requests")
def index(
    session: SessionDep,
    context: RequestsDep,
    status: Annotated[Status | None, Query()] = None,
    overdue: bool = False,
    due_this_week: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Requests by deadline; ``overdue=true`` / ``due_this_week=true`` for what needs action."""
    now = context.now()
    found = list_requests(
        session,
        now,
        status=status.value if status else None,
        overdue=overdue,
        due_this_week=due_this_week,
        limit=limit,
    )
    return [request_row(item, now) for item in found]


@router.get("/requests/{request_id}")
def show(request_id: str, session: SessionDep, context: RequestsDep) -> dict[str, Any]:
    try:
        return request_view(session, staff.get_request(session, request_id), context.now())
    except NotFound as error:
        raise _errors(error) from None


@router.get("/requests/{request_id}/preview")
def preview(request_id: str, session: SessionDep, context: RequestsDep) -> dict[str, Any]:
    """What approving this erasure or rectification would change, per system and dataset
    (rows counted, exemptions, Parquet files to rewrite); nothing is changed or recorded."""
    try:
        return dry_run(session, context, request_id)
    except (NotFound, TransitionError, NoInventory) as error:
        raise _errors(error) from None


@router.post("/requests/{request_id}/approve")
def approve(
    request_id: str, member: WriterDep, store: StoreDep, context: RequestsDep
) -> dict[str, Any]:
    """Approve a verified request and carry it out (export, erasure, …) now."""
    try:
        done = workflow.approve(store, context, request_id, member.actor)
    except (NotFound, TransitionError, NoInventory, RequestInputError) as error:
        raise _errors(error) from None
    return request_row(done, context.now()) | {"result": done.result}


@router.post("/requests/{request_id}/retry")
def retry(
    request_id: str, member: WriterDep, store: StoreDep, context: RequestsDep
) -> dict[str, Any]:
    """Retry the systems that failed (only those); done systems are not touched again."""
    try:
        done = workflow.retry(store, context, request_id, member.actor)
    except (NotFound, TransitionError, NoInventory) as error:
        raise _errors(error) from None
    return request_row(done, context.now()) | {"result": done.result}


@router.post("/requests/{request_id}/extend")
def extend(
    request_id: str, body: ExtendIn, member: WriterDep, session: SessionDep, context: RequestsDep
) -> dict[str, Any]:
    """Extend the deadline with a reason, within the jurisdiction's cap; the requester is told."""
    try:
        return request_row(
            staff.extend(session, context, request_id, body.reason, body.by, member.actor),
            context.now(),
        )
    except (NotFound, TransitionError, RequestInputError) as error:
        raise _errors(error) from None


@router.post("/requests/{request_id}/reject")
def reject(
    request_id: str, body: ReasonIn, member: WriterDep, session: SessionDep, context: RequestsDep
) -> dict[str, Any]:
    try:
        return request_row(
            staff.reject(session, context, request_id, body.reason, member.actor), context.now()
        )
    except (NotFound, TransitionError, RequestInputError) as error:
        raise _errors(error) from None


@router.post("/requests/{request_id}/complete")
def complete(
    request_id: str, body: CompleteIn, member: WriterDep, session: SessionDep, context: RequestsDep
) -> dict[str, Any]:
    """Close a ready request and send the reply (exports: a signed, expiring link)."""
    try:
        return request_row(
            staff.complete(session, context, request_id, member.actor, body.note), context.now()
        )
    except (NotFound, TransitionError) as error:
        raise _errors(error) from None


@router.post("/requests/{request_id}/pause")
def pause(
    request_id: str, body: ReasonIn, member: WriterDep, session: SessionDep, context: RequestsDep
) -> dict[str, Any]:
    """Stop the clock while waiting for the requester, where the law allows it (UK: "stop
    the clock"); the reason is what they are asked for."""
    try:
        return request_row(
            pauses.pause(session, context, request_id, body.reason, member.actor), context.now()
        )
    except (NotFound, TransitionError, RequestInputError) as error:
        raise _errors(error) from None


@router.post("/requests/{request_id}/resume")
def resume(
    request_id: str, body: CompleteIn, member: WriterDep, session: SessionDep, context: RequestsDep
) -> dict[str, Any]:
    """Restart a paused request's clock: the deadline moves by the days it was paused."""
    try:
        return request_row(
            pauses.resume(session, context, request_id, member.actor, body.note), context.now()
        )
    except (NotFound, TransitionError) as error:
        raise _errors(error) from None


@router.get("/outbox")
def outbox(
    member: WriterDep, session: SessionDep, request_id: str | None = None
) -> list[dict[str, Any]]:
    """Messages in the store outbox (codes included: writers only)."""
    return [
        {
            "id": m.id,
            "request_id": m.request_id,
            "channel": m.channel,
            "to": m.recipient,
            "subject": m.subject,
            "body": m.body,
            "at": m.created_at.isoformat(),
        }
        for m in outbox_messages(session, request_id=request_id)
    ]


@router.put("/customers/{customer_id}/endpoint")
def set_endpoint(
    customer_id: str, body: EndpointIn, member: StaffDep, session: SessionDep
) -> dict[str, Any]:
    """Where a customer receives its end-users' requests; the signing secret is shown once."""
    if member.role is not Role.admin:
        raise HTTPException(403, "only an admin sets customer endpoints")
    if not body.url and not body.email:
        raise HTTPException(422, {"field": "url", "message": "give a webhook url or an email"})
    secret = secrets.token_hex(32)
    row = session.get(DsrCustomerEndpoint, customer_id) or DsrCustomerEndpoint(
        customer_id=customer_id
    )
    row.url, row.email, row.secret_hex, row.created_at = (
        body.url,
        body.email,
        secret,
        datetime.now(UTC),
    )
    session.add(row)
    AuditLog().append(
        session,
        actor=member.actor,
        action="request.endpoint_set",
        target=f"customer:{customer_id}",
        details={"url": body.url, "email": body.email},
    )
    return {"customer_id": customer_id, "url": body.url, "email": body.email, "secret": secret}
