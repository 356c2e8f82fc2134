"""``/api/v1/consents``: record consent given or withdrawn; read the current state and history.

``/api/v1/birth-dates``: record a subject's birth date, for the minimum-age check.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from dataward.api.auth import current_staff
from dataward.api.deps import WriterDep
from dataward.api.routers.consent.deps import ConsentDep, ConsentRoute
from dataward.consent import (
    Action,
    ConsentChange,
    ConsentInputError,
    active_flags,
    consent_history,
    current_consents,
    expiry_after,
    parse_identity,
    record_birth_date,
    record_consent,
)
from dataward.store import read_only

router = APIRouter(
    prefix="/api/v1",
    tags=["consent"],
    route_class=ConsentRoute,
    dependencies=[Depends(current_staff)],
)


class Period(BaseModel):
    """A consented period in calendar units, as a consent form states it ("24 months")."""

    years: int = Field(default=0, ge=0, le=100)
    months: int = Field(default=0, ge=0, le=1200)
    days: int = Field(default=0, ge=0, le=36500)


class ConsentRequest(BaseModel):
    identity: str = Field(max_length=320, examples=["ana@example.com"])
    purpose: str = Field(max_length=64, examples=["subscriber_marketing"])
    action: Literal["given", "withdrawn"] = "given"
    notice_version: str = Field(max_length=64, examples=["2023-02-22"])
    source: str = Field(max_length=100, examples=["webform:newsletter"])
    channel: str | None = Field(default=None, max_length=32, examples=["web"])
    occurred_at: datetime | None = Field(default=None, description="Default: now.")
    expires_at: datetime | None = None
    period: Period | None = Field(default=None, description="Instead of expires_at.")


@router.post("/consents", status_code=201)
def give_or_withdraw(body: ConsentRequest, consent: ConsentDep, staff: WriterDep) -> dict[str, Any]:
    """Append a consent event; answers with the subject's current consent for the purpose."""
    identity = parse_identity(body.identity)
    now = datetime.now(UTC)
    expires_at = body.expires_at
    if body.period is not None:
        if expires_at is not None:
            raise ConsentInputError("period", "give either expires_at or period, not both")
        start = body.occurred_at or now
        expires_at = expiry_after(start, **body.period.model_dump())
    change = ConsentChange(
        identity=identity,
        purpose=body.purpose,
        action=Action(body.action),
        notice_version=body.notice_version,
        source=body.source,
        channel=body.channel,
        occurred_at=body.occurred_at,
        expires_at=expires_at,
    )
    with consent.writing() as session:
        state = record_consent(
            session, consent.catalogue, change, hasher=consent.hasher, actor=staff.actor, now=now
        )
    return state.as_dict(now)


@router.get("/consents")
def show(
    consent: ConsentDep,
    identity: str = Query(max_length=320, examples=["ana@example.com"]),
) -> dict[str, Any]:
    """The subject's current consent per purpose, and the objections and restrictions held."""
    key = str(parse_identity(identity))
    now = datetime.now(UTC)
    with Session(read_only(consent.engine)) as session:
        states = current_consents(session, key)
        flags = active_flags(session, key)
    return {
        "identity": key,
        "consents": [state.as_dict(now) for state in states],
        "flags": [
            {"kind": flag.kind.value, "purpose": flag.purpose, "since": flag.since.isoformat()}
            for flag in flags
        ],
    }


@router.get("/consents/history")
def history(
    consent: ConsentDep,
    identity: str = Query(max_length=320),
    purpose: str | None = Query(default=None, max_length=64),
) -> dict[str, Any]:
    """Every consent event of the subject, in the order that decides the current state."""
    key = str(parse_identity(identity))
    if purpose is not None:
        consent.catalogue.get(purpose)
    with Session(read_only(consent.engine)) as session:
        events = consent_history(session, key, purpose)
    return {"identity": key, "events": [event.as_dict() for event in events]}


class BirthDateRequest(BaseModel):
    identity: str = Field(max_length=320, examples=["kid@example.com"])
    birth_date: date = Field(examples=["2011-04-02"])
    source: str = Field(max_length=100, examples=["signup_form"])


@router.post("/birth-dates", status_code=201)
def record_age(body: BirthDateRequest, consent: ConsentDep, staff: WriterDep) -> dict[str, Any]:
    """Record what is known of a subject's birth date (the one recorded last holds); under
    the policy's minimum age, decisions say ``under_age``. An account's sign-up calls this."""
    identity = parse_identity(body.identity)
    with consent.writing() as session:
        record_birth_date(
            session,
            identity,
            body.birth_date,
            source=body.source,
            hasher=consent.hasher,
            actor=staff.actor,
        )
    return {"identity": str(identity), "birth_date": body.birth_date.isoformat()}
