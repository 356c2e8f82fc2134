"""The privacy center's side of a request: submit, verify, and what the requester may see.

Thin compositions of the requests package, in the order its API routes use them; each
opens its own transaction so that the change (and its audit entry, and a wrong code's
attempt count) has committed before the page answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.requests import workflow
from dataward.requests.context import Context
from dataward.requests.errors import NotFound, RateLimited, RequestInputError
from dataward.requests.export.links import sign_link
from dataward.requests.intake import Received, Submission, submit
from dataward.requests.keys import request_keys
from dataward.requests.kinds import RequestType, Status
from dataward.requests.models import DsrRequest
from dataward.requests.outbox import DeliveryError
from dataward.requests.staff import get_request
from dataward.requests.verification import Outcome, issue_challenges, requester_may_see, verify
from dataward.web.errors import PageError
from dataward.web.forms import FieldErrors, RequestForm, form_field, parse_changes

COOKIE = "dataward_requester"

CODE_PROBLEMS = {
    "wrong": "That code is not right. Check the message we sent and try again.",
    "expired": "That code has expired. Ask for a new one below.",
    "locked": "Too many wrong codes: this code no longer works. Ask for a new one below.",
    "used": "That code was already used.",
    "not_pending": "This request needs no code.",
}


def submit_form(
    engine: Engine, context: Context, form: RequestForm, client: str
) -> Received | FieldErrors:
    """Record the request, or the problems with the form (nothing is recorded then)."""
    changes = parse_changes(form.changes) if form.type == RequestType.rectification else {}
    if isinstance(changes, str):
        return {"changes": changes}
    submission = Submission(
        type=form.type,
        country=form.country,
        relationship=form.relationship,
        email=form.email or None,
        phone=form.phone or None,
        changes=changes,
        purposes=form.purposes(),
        note=form.note,
    )
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            return submit(session, context, submission, client)
    except RequestInputError as error:
        return {form_field(error.field, form.type): error.message}
    except RateLimited as error:
        raise PageError(429, f"Too many requests. {error}.", "Please wait") from None
    except DeliveryError:
        raise PageError(503, "We could not send your code. Please try again later.") from None


def check_code(
    engine: Engine, context: Context, request_id: str, code: str
) -> tuple[DsrRequest, Outcome]:
    """Check a code; a verified request of an automatic type (opt-out) is carried out."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        found = find(session, request_id, lock=True)
        outcome = verify(session, context, found, code.strip())
    if outcome.reason == "verified" and found.type in workflow.AUTOMATIC:
        found = workflow.automatic(engine, context, request_id)
    return found, outcome


def resend(engine: Engine, context: Context, request_id: str, client: str) -> tuple[str, ...]:
    with Session(engine) as session, session.begin():
        found = find(session, request_id, lock=True)
        if found.status != Status.awaiting_verification:
            raise PageError(409, "This request needs no code.")
        contacts = [(k, v) for k, v in (("email", found.email), ("phone", found.phone)) if v]
        try:
            return issue_challenges(session, context, found, contacts, client)
        except RateLimited as error:
            raise PageError(429, f"Too many codes asked for. {error}.", "Please wait") from None
        except DeliveryError:
            raise PageError(503, "We could not send your code. Please try again later.") from None


def find(session: Session, request_id: str, lock: bool = False) -> DsrRequest:
    try:
        return get_request(session, request_id, lock=lock)
    except NotFound:
        raise PageError(404, "There is no such request.") from None


@dataclass(frozen=True)
class RequesterView:
    request: DsrRequest
    download_url: str | None
    link_expires_at: datetime | None


def requester_view(session: Session, request_id: str, token: str, now: datetime) -> RequesterView:
    """What the requester sees; the same 404 for unknown ids and for another browser."""
    try:
        found = get_request(session, request_id)
    except NotFound:
        found = None
    if found is None or not token or not requester_may_see(session, found, token):
        raise PageError(
            404,
            "There is no such request, or it was verified in another browser: "
            "the status is shown only where the code was entered.",
        )
    expires = found.result.get("link_expires_at")
    expires_at = datetime.fromisoformat(expires) if expires else None
    url = None
    if found.status == Status.completed and found.export_path and expires_at and expires_at > now:
        # The same signed link the reply carries: signing at its expiry with no extra time.
        url = sign_link(request_keys(session), "", found.id, expires_at, timedelta(0))[0]
    return RequesterView(found, url, expires_at)
