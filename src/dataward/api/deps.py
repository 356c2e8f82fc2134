"""Dependencies the routers declare, as ``Annotated`` aliases (``policy: PolicyDep``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.api.auth import current_staff, require_writer
from dataward.api.settings import ApiSettings
from dataward.api.store import StoreHandle, StoreUnavailable
from dataward.policy import Policy
from dataward.requests.context import Context
from dataward.requests.handle import ContextHandle
from dataward.staff import StaffMember


def get_policy(request: Request) -> Policy:
    policy: Policy = request.app.state.policy
    return policy


def get_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.settings
    return settings


PolicyDep = Annotated[Policy, Depends(get_policy)]
SettingsDep = Annotated[ApiSettings, Depends(get_settings)]


def get_store(request: Request) -> Engine:
    handle: StoreHandle = request.app.state.store
    try:
        return handle.engine()
    except StoreUnavailable as error:
        raise HTTPException(status_code=503, detail=str(error)) from None


def get_session(store: Annotated[Engine, Depends(get_store)]) -> Iterator[Session]:
    """A store session whose transaction the request owns: committed if the handler returns."""
    with Session(store) as session, session.begin():
        yield session


StoreDep = Annotated[Engine, Depends(get_store)]
# scope="function": the transaction commits before the response is sent, so a client that
# got 2xx can read what it wrote, and a failed commit is an error response, not a lost write.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

# Staff authentication (dataward.api.auth) and the requests context (dataward.requests).
StaffDep = Annotated[StaffMember, Depends(current_staff)]
WriterDep = Annotated[StaffMember, Depends(require_writer)]


def get_requests_context(request: Request) -> Context:
    handle: ContextHandle = request.app.state.requests
    return handle.context()


RequestsDep = Annotated[Context, Depends(get_requests_context)]
