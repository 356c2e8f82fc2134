"""The privacy notice as published pages: ``GET /privacy`` (HTML) and ``/privacy.md``.

``?activity=ID`` serves the just-in-time text for one collection point instead, linking
back to the full notice.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from dataward.api.deps import PolicyDep
from dataward.policy import Policy
from dataward.policy.render import (
    NoticeFormat,
    UnknownActivityError,
    render_activity_notice,
    render_notice,
)
from dataward.requests.jurisdictions import addenda

router = APIRouter(tags=["notice"])

ActivityParam = Annotated[
    str | None, Query(description="An activity id: serve only its just-in-time text.")
]


def _render(request: Request, policy: Policy, format: NoticeFormat, activity: str | None) -> str:
    if activity is None:
        return render_notice(policy, format, addenda(policy))
    notice_url = request.url_for("privacy_page").path
    try:
        return render_activity_notice(policy, activity, format, notice_url)
    except UnknownActivityError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/privacy", response_class=HTMLResponse)
def privacy_page(
    request: Request, policy: PolicyDep, activity: ActivityParam = None
) -> HTMLResponse:
    """The privacy notice as an HTML page."""
    return HTMLResponse(_render(request, policy, NoticeFormat.html, activity))


@router.get(
    "/privacy.md", response_class=Response, responses={200: {"content": {"text/markdown": {}}}}
)
def privacy_markdown(
    request: Request, policy: PolicyDep, activity: ActivityParam = None
) -> Response:
    """The privacy notice as Markdown."""
    text = _render(request, policy, NoticeFormat.md, activity)
    return Response(text, media_type="text/markdown; charset=utf-8")
