"""Staff authentication: ``Authorization: Bearer dw_…`` tokens with a role.

Routers mount :func:`current_staff` as a router-wide dependency, so every route of a
staff router is authenticated unless it opts out; routes that change something also
declare :data:`~dataward.api.deps.WriterDep`, which refuses the read-only auditor role.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request
from sqlalchemy.orm import Session

from dataward.api.store import StoreHandle, StoreUnavailable
from dataward.staff import StaffMember, authenticate

_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def current_staff(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> StaffMember:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, "staff routes need Authorization: Bearer <token>", _CHALLENGE)
    handle: StoreHandle = request.app.state.store
    try:
        engine = handle.engine()
    except StoreUnavailable as error:
        raise HTTPException(status_code=503, detail=str(error)) from None
    with Session(engine) as session:
        member = authenticate(session, token.strip())
    if member is None:
        raise HTTPException(401, "unknown or revoked token", _CHALLENGE)
    return member


def require_writer(staff: Annotated[StaffMember, Depends(current_staff)]) -> StaffMember:
    if not staff.can_write:
        raise HTTPException(403, f"role {staff.role.value} may only read")
    return staff
