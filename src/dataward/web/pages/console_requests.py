"""The request queue, one request with its timeline, and the staff actions on it.

Every action is a POST carrying the CSRF token, by a writer (admin or privacy officer):
an auditor's POST is refused before anything runs.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, Response

from dataward.api.deps import RequestsDep, StoreDep
from dataward.requests.outbox import outbox_messages
from dataward.web import request_actions as act
from dataward.web.deps import MemberDep, ReadDep, WriterDep
from dataward.web.errors import page_router
from dataward.web.forms import ExtendForm, NoteForm, RejectForm
from dataward.web.queue import FILTERS, queue
from dataward.web.rendering import render
from dataward.web.request_page import DONE, outcome, request_page

router = page_router("/console")
Id = str


@router.get("/requests", response_class=HTMLResponse)
def index(
    request: Request, member: MemberDep, session: ReadDep, context: RequestsDep, show: str = "open"
) -> HTMLResponse:
    """Requests by deadline; overdue and due-this-week ones stand out."""
    rows = queue(session, context.now(), show)
    return render(request, "console/requests.html.j2", rows=rows, show=show, filters=FILTERS)


@router.get("/requests/{request_id}", response_class=HTMLResponse)
def show(
    request: Request, request_id: Id, member: MemberDep, store: StoreDep, context: RequestsDep
) -> HTMLResponse:
    flash = DONE.get(request.query_params.get("done", ""))
    return request_page(request, store, context, request_id, member, flash=flash)


@router.post("/requests/{request_id}/approve", response_model=None)
def approve(
    request: Request, request_id: Id, member: WriterDep, store: StoreDep, context: RequestsDep
) -> Response:
    """Approve a verified request and carry it out now (export, erasure, …)."""
    action = partial(act.approve, store, context, request_id, member.actor)
    return outcome(request, store, context, request_id, "approved", action)


@router.post("/requests/{request_id}/retry", response_model=None)
def retry(
    request: Request, request_id: Id, member: WriterDep, store: StoreDep, context: RequestsDep
) -> Response:
    """Retry only the systems that are not done."""
    action = partial(act.retry, store, context, request_id, member.actor)
    return outcome(request, store, context, request_id, "retried", action)


@router.post("/requests/{request_id}/extend", response_model=None)
def extend(
    request: Request,
    request_id: Id,
    form: Annotated[ExtendForm, Form()],
    member: WriterDep,
    store: StoreDep,
    context: RequestsDep,
) -> Response:
    """Extend within the jurisdiction's cap, with a reason the requester is told."""
    action = partial(act.extend, store, context, request_id, member.actor, form)
    values = form.model_dump()
    return outcome(request, store, context, request_id, "extended", action, "extend_", values)


@router.post("/requests/{request_id}/reject", response_model=None)
def reject(
    request: Request,
    request_id: Id,
    form: Annotated[RejectForm, Form()],
    member: WriterDep,
    store: StoreDep,
    context: RequestsDep,
) -> Response:
    action = partial(act.reject, store, context, request_id, member.actor, form)
    values = form.model_dump()
    return outcome(request, store, context, request_id, "rejected", action, "reject_", values)


@router.post("/requests/{request_id}/complete", response_model=None)
def complete(
    request: Request,
    request_id: Id,
    form: Annotated[NoteForm, Form()],
    member: WriterDep,
    store: StoreDep,
    context: RequestsDep,
) -> Response:
    """Close a ready request and send the reply (for an export: the signed link)."""
    action = partial(act.complete, store, context, request_id, member.actor, form)
    return outcome(request, store, context, request_id, "completed", action)


@router.get("/outbox", response_class=HTMLResponse)
def outbox(request: Request, member: WriterDep, session: ReadDep) -> HTMLResponse:
    """Messages kept in the store outbox (codes included: writers only), newest first."""
    return render(request, "console/outbox.html.j2", messages=outbox_messages(session, limit=100))
