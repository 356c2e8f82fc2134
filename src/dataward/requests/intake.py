"""Taking a request in: validate every field, compute the deadline, send the codes.

The answer to a submission is the same whether or not the company knows the person:
nothing is looked up before the person proves they hold the contact they gave.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.inventory.identity import EMAIL, PHONE, normalise_email, normalise_phone
from dataward.policy.model import LegalBasis, Policy
from dataward.requests.context import Context
from dataward.requests.errors import RequestInputError
from dataward.requests.jurisdictions import deadlines_for, jurisdiction_code, normalise_country
from dataward.requests.kinds import RequestType, Status
from dataward.requests.models import DsrRequest
from dataward.requests.verification import issue_challenges


@dataclass(frozen=True)
class Submission:
    type: str
    country: str
    relationship: str
    email: str | None = None
    phone: str | None = None
    changes: dict[str, str] = field(default_factory=dict)
    purposes: list[str] = field(default_factory=list)
    note: str = ""


def _type(raw: str) -> RequestType:
    try:
        return RequestType(raw)
    except ValueError:
        known = ", ".join(item.value for item in RequestType)
        raise RequestInputError("type", f"unknown request type {raw!r}; one of: {known}") from None


def _relationship(policy: Policy, raw: str) -> str:
    known = {item.id for item in policy.relationships}
    by_subject = {item.id: item.relationship for item in policy.subject_categories}
    value = raw.strip().lower().replace("-", "_").replace(" ", "_")
    if value in known:
        return value
    if value in by_subject:
        return by_subject[value]
    raise RequestInputError(
        "relationship", f"unknown relationship {raw!r}; one of: {', '.join(sorted(known))}"
    )


def _contacts(submission: Submission, country: str) -> tuple[str | None, str | None]:
    if not (submission.email or "").strip() and not (submission.phone or "").strip():
        raise RequestInputError("email", "give an email address and/or a phone number")
    email = phone = None
    if (submission.email or "").strip():
        try:
            email = normalise_email(submission.email or "")
        except ValueError as error:
            raise RequestInputError("email", str(error)) from None
    if (submission.phone or "").strip():
        region = country.split("-")[0] if len(country) >= 2 and country != "EU" else None
        try:
            phone = normalise_phone(submission.phone or "", region)
        except ValueError as error:
            raise RequestInputError("phone", str(error)) from None
    return email, phone


def _purposes(policy: Policy, kind: RequestType, names: list[str]) -> list[str]:
    wanted = {
        RequestType.objection: LegalBasis.legitimate_interests,
        RequestType.withdraw_consent: LegalBasis.consent,
    }.get(kind)
    if wanted is None:
        return []
    allowed = {p.id for a in policy.activities for p in a.purposes if p.legal_basis is wanted}
    for index, name in enumerate(names):
        if name not in allowed:
            raise RequestInputError(
                f"purposes[{index}]",
                f"{name!r} is not a purpose based on {wanted.value.replace('_', ' ')}",
            )
    if kind is RequestType.objection and not names:
        raise RequestInputError("purposes", "name the purposes you object to")
    return list(dict.fromkeys(names))


def _details(policy: Policy, kind: RequestType, submission: Submission) -> dict[str, object]:
    details: dict[str, object] = {}
    if kind is RequestType.rectification:
        if not submission.changes:
            raise RequestInputError("changes", "say which fields to correct, and to what")
        changes = {}
        for name, value in submission.changes.items():
            if not name.strip() or len(name) > 128 or len(str(value)) > 1000:
                raise RequestInputError(
                    f"changes.{name}", "field names up to 128, values up to 1000 characters"
                )
            # A corrected contact must be valid now, not fail the run later.
            checks = {EMAIL: normalise_email, PHONE: normalise_phone}
            try:
                changes[name] = checks[name](value) if name in checks else value
            except ValueError as error:
                raise RequestInputError(f"changes.{name}", str(error)) from None
        details["changes"] = changes
    purposes = _purposes(policy, kind, submission.purposes)
    if purposes:
        details["purposes"] = purposes
    if submission.note:
        if len(submission.note) > 2000:
            raise RequestInputError("note", "at most 2000 characters")
        details["note"] = submission.note
    return details


@dataclass(frozen=True)
class Received:
    request: DsrRequest
    channels: tuple[str, ...]


def submit(session: Session, context: Context, submission: Submission, client: str) -> Received:
    """Record a request and send a one-time code to each contact it names; never commits."""
    kind = _type(submission.type)
    country = normalise_country(submission.country)
    relationship = _relationship(context.policy, submission.relationship)
    email, phone = _contacts(submission, country)
    details = _details(context.policy, kind, submission)
    now = context.now()
    code = jurisdiction_code(country)
    deadlines = deadlines_for(context.table, code, kind, now, context.rules)
    response = deadlines[0]
    acknowledgement = next((item for item in deadlines[1:] if item.kind == "acknowledgement"), None)
    request = DsrRequest(
        id=str(uuid.uuid4()),
        type=kind.value,
        status=Status.awaiting_verification.value,
        country=country,
        jurisdiction=code,
        relationship=relationship,
        email=email,
        phone=phone,
        details_json=json.dumps(details, sort_keys=True),
        received_at=now,
        due_at=response.due_at,
        ack_due_at=acknowledgement.due_at if acknowledgement else None,
        deadline_json=json.dumps(
            response.as_dict()
            | ({"acknowledgement": acknowledgement.as_dict()} if acknowledgement else {}),
            sort_keys=True,
        ),
        extension_total=0,
        extensions_json="[]",
        result_json="{}",
    )
    session.add(request)
    session.flush()
    contacts = [(EMAIL, email), (PHONE, phone)]
    channels = issue_challenges(
        session, context, request, [(k, v) for k, v in contacts if v], client
    )
    AuditLog().append(
        session,
        actor="requester",
        action="request.received",
        target=f"request:{request.id}",
        details={"type": kind.value, "jurisdiction": code, "due_at": response.due_at.isoformat()},
    )
    return Received(request, channels)
