"""``/api/v1/holds``: place, release and list legal holds."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field

from dataward.api.deps import SessionDep
from dataward.holds import HoldError, HoldRequest, HoldScope, create_hold, list_holds, release_hold
from dataward.inventory.identity import Normaliser

router = APIRouter(prefix="/api/v1/holds", tags=["holds"])


class HoldIn(BaseModel):
    case: str = Field(min_length=1, max_length=200)
    scope: HoldScope
    value: str = Field(
        min_length=1, max_length=500, description="identity, customer id, or system.dataset"
    )
    kind: str | None = Field(
        default=None, description="identity kind of a subject hold (guessed if absent)"
    )
    reason: str = Field(min_length=1)
    starts_at: datetime | None = Field(default=None, alias="from")
    ends_at: datetime | None = Field(default=None, alias="until")
    created_by: str = Field(min_length=1, max_length=255)
    region: str | None = Field(default=None, description="phone region for numbers without +CC")


class ReleaseIn(BaseModel):
    released_by: str = Field(min_length=1, max_length=255)


@router.post("", status_code=201)
def create(body: HoldIn, session: SessionDep) -> dict[str, Any]:
    """Place a legal hold; retention keeps what it covers until it ends or is released."""
    request = HoldRequest(
        case=body.case, scope=body.scope, value=body.value, reason=body.reason, kind=body.kind,
        starts_at=body.starts_at, ends_at=body.ends_at,
    )  # fmt: skip
    try:
        hold = create_hold(
            session, request, created_by=body.created_by, normaliser=Normaliser(body.region)
        )
    except HoldError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return hold.as_dict()


@router.post("/{hold_id}/release")
def release(hold_id: int, body: ReleaseIn, session: SessionDep) -> dict[str, Any]:
    """Release a hold: the next retention run deletes what is due."""
    try:
        hold = release_hold(session, hold_id, released_by=body.released_by)
    except HoldError as error:
        status = 404 if "no hold" in str(error) else 409
        raise HTTPException(status_code=status, detail=str(error)) from None
    return hold.as_dict()


@router.get("")
def holds(
    session: SessionDep,
    case: Annotated[str | None, Query(description="Only this case.")] = None,
    active_at: Annotated[datetime | None, Query(description="Only holds active then.")] = None,
) -> list[dict[str, Any]]:
    """Every legal hold, oldest first."""
    return [hold.as_dict() for hold in list_holds(session, case=case, active_at=active_at)]
