"""Legal holds: place one (case, scope, reason, from–until), release one, see them all."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session

from dataward.api.deps import StoreDep
from dataward.holds import HoldError, HoldRequest, HoldScope, create_hold, list_holds, release_hold
from dataward.store import read_only
from dataward.web.deps import MemberDep, WriterDep
from dataward.web.errors import PageError, page_router
from dataward.web.forms import FieldErrors
from dataward.web.forms import Form as FormModel
from dataward.web.rendering import render

router = page_router("/console/holds")
DONE = {"created": "The hold is placed.", "released": "The hold is released."}


class HoldForm(FormModel):
    case: str = Field(default="", max_length=200)
    scope: str = Field(default="subject", max_length=20)
    value: str = Field(default="", max_length=500)
    kind: str = Field(default="", max_length=64)
    reason: str = Field(default="", max_length=5000)
    starts: str = Field(default="", max_length=10)
    ends: str = Field(default="", max_length=10)


def _day(raw: str, field: str, errors: FieldErrors) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(raw), datetime.min.time(), UTC) if raw else None
    except ValueError:
        errors[field] = "a date as YYYY-MM-DD"
        return None


def hold_request(form: HoldForm) -> HoldRequest | FieldErrors:
    """The hold asked for, or what is missing; the holds package checks the rest."""
    errors: FieldErrors = {}
    for field in ("case", "value", "reason"):
        if not getattr(form, field):
            errors[field] = "required"
    if form.scope not in {scope.value for scope in HoldScope}:
        errors["scope"] = "subject, customer or dataset"
    starts, ends = _day(form.starts, "starts", errors), _day(form.ends, "ends", errors)
    if errors:
        return errors
    return HoldRequest(
        form.case, HoldScope(form.scope), form.value, form.reason, form.kind or None, starts, ends
    )


def _page(request: Request, store: StoreDep, status: int = 200, **context: object) -> HTMLResponse:
    with Session(read_only(store)) as session:
        holds = list_holds(session)
    now = datetime.now(UTC)
    return render(request, "console/holds.html.j2", status, holds=holds, now=now, **context)


@router.get("", response_class=HTMLResponse)
def index(request: Request, member: MemberDep, store: StoreDep, done: str = "") -> HTMLResponse:
    return _page(request, store, flash=DONE.get(done))


@router.post("", response_model=None)
def create(
    request: Request, form: Annotated[HoldForm, Form()], member: WriterDep, store: StoreDep
) -> Response:
    """Place a hold: retention and erasure leave what it covers alone until it ends."""
    asked = hold_request(form)
    try:
        if isinstance(asked, HoldRequest):
            with Session(store) as session, session.begin():
                create_hold(session, asked, created_by=member.actor)
            return RedirectResponse("/console/holds?done=created", 303)
    except HoldError as error:
        message = str(error)
        asked = {
            "ends" if "end after" in message else "case" if "case" in message else "value": message
        }
    return _page(request, store, 422, errors=asked, values=form.model_dump())


@router.post("/{hold_id}/release", response_model=None)
def release(request: Request, hold_id: int, member: WriterDep, store: StoreDep) -> Response:
    """Release a hold: the next retention run deletes what is due."""
    try:
        with Session(store) as session, session.begin():
            release_hold(session, hold_id, released_by=member.actor)
    except HoldError as error:
        raise PageError(404 if "no hold" in str(error) else 409, str(error)) from None
    return RedirectResponse("/console/holds?done=released", 303)
