"""``/api/v1/requests``: data subjects submit, verify, follow and download their requests.

Public (no staff token): the requester proves who they are with one-time codes, then
holds a requester token for status, and a signed link for the download. Before
verification every answer is the same whether or not the person is known.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from dataward.api.deps import RequestsDep, SessionDep, StoreDep
from dataward.requests import workflow
from dataward.requests.errors import RateLimited, RequestInputError
from dataward.requests.export.links import check_link
from dataward.requests.intake import Submission, submit
from dataward.requests.jurisdictions.report import deadline_rows
from dataward.requests.keys import request_keys
from dataward.requests.kinds import RequestType, Status
from dataward.requests.outbox import DeliveryError
from dataward.requests.query import last_day
from dataward.requests.staff import get_request
from dataward.requests.verification import issue_challenges, requester_may_see, verify

router = APIRouter(prefix="/api/v1/requests", tags=["requests"])

# A failed verification is answered with these statuses; the attempt count still commits.
VERIFY_STATUS = {"wrong": 400, "expired": 410, "locked": 423, "used": 409, "not_pending": 409}


async def limit_body(request: Request, context: RequestsDep) -> None:
    """Refuse oversized payloads before parsing them (413 names the limit)."""
    limit = context.config.max_payload_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the body is larger than {limit} bytes")
    if len(await request.body()) > limit:
        raise HTTPException(413, f"the body is larger than {limit} bytes")


Limited = [Depends(limit_body)]


class RequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str = Field(max_length=40, description=", ".join(item.value for item in RequestType))
    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    country: str = Field(max_length=10, description="ISO 3166 code: HR, BR, US-CA")
    relationship: str = Field(max_length=64, description="customer, customer_contact, end_user, …")
    changes: dict[str, str] = Field(
        default_factory=dict, description="rectification: field → value"
    )
    purposes: list[str] = Field(
        default_factory=list, max_length=50, description="objection/withdrawal"
    )
    note: str = Field(default="", max_length=2000)


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^\d{6}$")


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def input_error(error: RequestInputError) -> HTTPException:
    return HTTPException(422, {"field": error.field, "message": error.message})


def rate_limited(error: RateLimited) -> HTTPException:
    return HTTPException(429, str(error), {"Retry-After": str(error.retry_after)})


def undelivered(error: DeliveryError) -> HTTPException:
    # Nothing was recorded (the transaction rolled back): the requester may simply try again.
    return HTTPException(503, f"the code could not be sent; try again later ({error})")


@router.post("", status_code=202, dependencies=Limited)
def create(
    body: RequestIn, request: Request, session: SessionDep, context: RequestsDep
) -> dict[str, Any]:
    """Submit a request; a one-time code goes to each contact given."""
    submission = Submission(**body.model_dump())
    try:
        received = submit(session, context, submission, client_of(request))
    except RequestInputError as error:
        raise input_error(error) from None
    except RateLimited as error:
        raise rate_limited(error) from None
    except DeliveryError as error:
        raise undelivered(error) from None
    return {
        "id": received.request.id,
        "status": received.request.status,
        "codes_sent_to": list(received.channels),
        "message": "We sent a code to each contact you gave. Enter it to confirm the request.",
    }


@router.post("/{request_id}/verify", dependencies=Limited)
def verify_code(request_id: str, body: CodeIn, store: StoreDep, context: RequestsDep) -> Any:
    """Enter a code. When every contact is proven, the answer holds a requester token."""
    # Own transaction: a wrong code's attempt count must commit although the answer is 4xx.
    with Session(store, expire_on_commit=False) as session, session.begin():
        try:
            found = get_request(session, request_id, lock=True)
        except LookupError:
            raise HTTPException(404, "no such request") from None
        outcome = verify(session, context, found, body.code)
    if not outcome.ok:
        return JSONResponse(
            {"detail": f"code {outcome.reason}", "field": "code"}, VERIFY_STATUS[outcome.reason]
        )
    answer = {
        "status": found.status,
        "requester_token": outcome.requester_token,
        "due_by": last_day(found.due_at),
    }
    if outcome.reason == "verified" and found.type in workflow.AUTOMATIC:
        # Saying no to marketing needs nobody's approval: carried out at once.
        answer["status"] = workflow.automatic(store, context, request_id).status
    return answer


@router.post("/{request_id}/resend", status_code=202, dependencies=Limited)
def resend(
    request_id: str, request: Request, session: SessionDep, context: RequestsDep
) -> dict[str, Any]:
    """Send fresh codes (the earlier ones stop working); rate limited like submission."""
    try:
        found = get_request(session, request_id, lock=True)
    except LookupError:
        raise HTTPException(404, "no such request") from None
    if found.status != Status.awaiting_verification:
        raise HTTPException(409, "this request needs no code")
    contacts = [(k, v) for k, v in (("email", found.email), ("phone", found.phone)) if v]
    try:
        channels = issue_challenges(session, context, found, contacts, client_of(request))
    except RateLimited as error:
        raise rate_limited(error) from None
    except DeliveryError as error:
        raise undelivered(error) from None
    return {"codes_sent_to": list(channels)}


@router.get("/deadlines")
def deadlines(type: str = "access") -> list[dict[str, str]]:
    """The deadline per jurisdiction for a request type: law (verified) or policy, not law."""
    try:
        return deadline_rows(type)
    except RequestInputError as error:
        raise input_error(error) from None


@router.get("/{request_id}")
def status(
    request_id: str, session: SessionDep, x_requester_token: Annotated[str, Header()] = ""
) -> dict[str, Any]:
    """The requester's view: status and deadline (needs the token from verification)."""
    try:
        found = get_request(session, request_id)
    except LookupError:
        found = None
    if found is None or not requester_may_see(session, found, x_requester_token):
        raise HTTPException(404, "no such request")
    return {
        "id": found.id,
        "type": found.type,
        "status": found.status,
        "due_by": last_day(found.due_at),
        "deadline": found.deadline.get("label"),
        "extensions": [
            {"reason": item["reason"], "due_at": item["due_at"]} for item in found.extensions
        ],
    }


@router.get("/{request_id}/export", response_class=FileResponse)
def download(
    request_id: str, expires: int, signature: str, session: SessionDep, context: RequestsDep
) -> FileResponse:
    """The export ZIP, through the signed link sent with the reply (it expires)."""
    problem = check_link(request_keys(session), request_id, expires, signature, context.now())
    if problem == "bad signature":
        raise HTTPException(403, "this link is not valid")
    if problem == "expired":
        raise HTTPException(410, "this link has expired: ask us for a new one")
    found = get_request(session, request_id)
    if not found.export_path or not Path(found.export_path).exists():
        raise HTTPException(404, "no export for this request")
    return FileResponse(
        found.export_path, media_type="application/zip", filename=f"{request_id}.zip"
    )
