"""``/api/v1/retention/plan`` (the dry run) and customers' own retention periods."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from dataward.api.deps import PolicyDep, SessionDep, SettingsDep, StoreDep
from dataward.inventory.loader import load_inventory
from dataward.inventory.problems import InventoryError
from dataward.policy.calendar import Offset, as_utc
from dataward.retention import customers
from dataward.retention.plan import make_plan
from dataward.retention.prepare import prepare
from dataward.retention.sweep import inventory_path
from dataward.retention.systems import Systems
from dataward.store import read_only

router = APIRouter(prefix="/api/v1", tags=["retention"])


class PeriodIn(BaseModel):
    years: int = Field(default=0, ge=0, le=100)
    months: int = Field(default=0, ge=0, le=1200)
    days: int = Field(default=0, ge=0, le=36500)
    set_by: str = Field(min_length=1, max_length=255)


@router.get("/retention/plan")
def retention_plan(
    policy: PolicyDep,
    settings: SettingsDep,
    store: StoreDep,
    as_of: Annotated[datetime | None, Query(description="Judge at this time (UTC).")] = None,
) -> dict[str, Any]:
    """The retention plan: per rule and dataset, the rows due, held and the cutoff."""
    try:
        inventory = load_inventory(inventory_path(settings.inventory_path))
    except InventoryError as error:
        raise HTTPException(status_code=500, detail=[str(p) for p in error.problems]) from None
    moment = as_utc(as_of) if as_of else datetime.now(UTC)
    with Systems(inventory) as systems, Session(read_only(store)) as session:
        plan = make_plan(prepare(session, policy, inventory, moment, systems), systems)
    return plan.as_dict()


@router.get("/customers/retention")
def customer_periods(session: SessionDep) -> list[dict[str, Any]]:
    """Every customer's own retention period for its message content."""
    return [
        {"customer_id": row.customer_id, "years": row.years, "months": row.months,
         "days": row.days, "set_by": row.set_by, "set_at": row.set_at.isoformat()}
        for row in customers.list_instructions(session)
    ]  # fmt: skip


@router.put("/customers/{customer_id}/retention")
def set_customer_period(customer_id: str, body: PeriodIn, session: SessionDep) -> dict[str, Any]:
    """Set a customer's retention period for the content it sends (processor instruction)."""
    try:
        row = customers.set_instruction(
            session, customer_id, Offset(body.years, body.months, body.days), set_by=body.set_by
        )
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return {"customer_id": row.customer_id, "years": row.years, "months": row.months,
            "days": row.days, "set_by": row.set_by, "set_at": row.set_at.isoformat()}  # fmt: skip


@router.delete("/customers/{customer_id}/retention", status_code=204)
def clear_customer_period(
    customer_id: str,
    session: SessionDep,
    cleared_by: Annotated[str, Query(min_length=1, description="Who clears it.")] = "api",
) -> Response:
    """Remove a customer's own period: the policy's default applies again."""
    if not customers.clear_instruction(session, customer_id, cleared_by=cleared_by):
        raise HTTPException(status_code=404, detail=f"customer {customer_id} set no period")
    return Response(status_code=204)
