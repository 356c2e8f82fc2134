"""The privacy center's front page, the notice, and what changed since the last version."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from dataward.api.deps import PolicyDep
from dataward.web.errors import page_router
from dataward.web.forms import request_types
from dataward.web.notice import changes_since, notice_parts
from dataward.web.rendering import render
from dataward.web.state import web_state

router = page_router("/privacy-center")


@router.get("", response_class=HTMLResponse)
def home(request: Request, policy: PolicyDep) -> HTMLResponse:
    """Rights, preferences, cookies and the notice, one click away each."""
    previous = web_state(request).previous()
    return render(
        request,
        "public/home.html.j2",
        policy=policy,
        rights=request_types(policy),
        has_previous=previous.policy is not None,
    )


@router.get("/notice", response_class=HTMLResponse)
def notice(request: Request, policy: PolicyDep) -> HTMLResponse:
    """The notice rendered from the policy, with its last-updated date."""
    previous = web_state(request).previous()
    return render(
        request,
        "public/notice.html.j2",
        notice=notice_parts(policy),
        previous=previous,
        policy=policy,
    )


@router.get("/changes", response_class=HTMLResponse)
def changes(request: Request, policy: PolicyDep) -> HTMLResponse:
    """What changed since the previous version, one promise per line (dataward.policy.diff)."""
    previous = web_state(request).previous()
    found = changes_since(previous.policy, previous.problem, policy)
    return render(request, "public/changes.html.j2", policy=policy, found=found)
