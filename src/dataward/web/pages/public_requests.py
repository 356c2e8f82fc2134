"""A request from the public: the form, the code, the status page with the download.

The requester token that verification hands out is kept in an HttpOnly cookie scoped to
the request's own pages: the status page then needs no secret in its address.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dataward.api.deps import PolicyDep, RequestsDep, StoreDep
from dataward.requests.jurisdictions import load_table
from dataward.web import intake
from dataward.web.deps import ReadDep
from dataward.web.errors import page_router
from dataward.web.forms import CodeForm, RequestForm
from dataward.web.rendering import render
from dataward.web.views import STATUS_WORDS, request_form_context

router = page_router("/privacy-center/requests")
COOKIE_DAYS = 90


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/new", response_class=HTMLResponse)
def new(request: Request, policy: PolicyDep, type: str = "access") -> HTMLResponse:
    """The request form, for every right; ``?type=erasure`` preselects one."""
    context = request_form_context(policy, load_table(), {"type": type})
    return render(request, "public/request_form.html.j2", **context)


@router.post("/new", response_model=None)
def create(
    request: Request,
    form: Annotated[RequestForm, Form()],
    policy: PolicyDep,
    store: StoreDep,
    context: RequestsDep,
) -> Response:
    outcome = intake.submit_form(store, context, form, _client(request))
    if isinstance(outcome, dict):
        values = form.model_dump()
        page = request_form_context(policy, context.table, values)
        return render(request, "public/request_form.html.j2", 422, errors=outcome, **page)
    return RedirectResponse(f"/privacy-center/requests/{outcome.request.id}/verify", 303)


@router.get("/{request_id}/verify", response_class=HTMLResponse)
def code_page(request: Request, request_id: str, session: ReadDep) -> HTMLResponse:
    """Where the one-time code is entered; says where it was sent, not the contact."""
    found = intake.find(session, request_id)
    return render(request, "public/verify.html.j2", found=found, sent=request.query_params)


@router.post("/{request_id}/verify", response_model=None)
def enter_code(
    request: Request,
    request_id: str,
    form: Annotated[CodeForm, Form()],
    store: StoreDep,
    context: RequestsDep,
) -> Response:
    found, outcome = intake.check_code(store, context, request_id, form.code)
    if not outcome.ok:
        errors = {"code": intake.CODE_PROBLEMS[outcome.reason]}
        return render(request, "public/verify.html.j2", 422, found=found, errors=errors, sent={})
    if outcome.reason == "more_codes_needed":
        return RedirectResponse(f"/privacy-center/requests/{request_id}/verify?more=1", 303)
    response = RedirectResponse(f"/privacy-center/requests/{request_id}", 303)
    response.set_cookie(
        intake.COOKIE,
        outcome.requester_token or "",
        max_age=COOKIE_DAYS * 86400,
        path=f"/privacy-center/requests/{request_id}",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/{request_id}/resend", response_model=None)
def resend(request: Request, request_id: str, store: StoreDep, context: RequestsDep) -> Response:
    """Fresh codes (the earlier ones stop working); rate limited like a new request."""
    intake.resend(store, context, request_id, _client(request))
    return RedirectResponse(f"/privacy-center/requests/{request_id}/verify?resent=1", 303)


@router.get("/{request_id}", response_class=HTMLResponse)
def status(
    request: Request, request_id: str, session: ReadDep, context: RequestsDep
) -> HTMLResponse:
    """The requester's view: status, deadline, extensions, and the download when ready."""
    token = request.cookies.get(intake.COOKIE, "")
    view = intake.requester_view(session, request_id, token, context.now())
    return render(request, "public/status.html.j2", view=view, status_words=STATUS_WORDS)
