"""The one router the app includes: every page, the stylesheet, CSRF on every POST.

Kept apart from ``dataward.web`` itself so that importing the web tables (the CLI, the
migrations) does not import FastAPI and every page.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, Depends, Response

from dataward.web.deps import csrf_guard
from dataward.web.errors import WebRoute
from dataward.web.pages import (
    console_audit,
    console_holds,
    console_login,
    console_policy,
    console_requests,
    console_retention,
    public_cookies,
    public_notice,
    public_preferences,
    public_requests,
    public_unsubscribe,
)

router = APIRouter(
    include_in_schema=False, route_class=WebRoute, dependencies=[Depends(csrf_guard)]
)
for module in (
    public_notice,
    public_requests,
    public_preferences,
    public_cookies,
    public_unsubscribe,
    console_login,
    console_requests,
    console_retention,
    console_holds,
    console_audit,
    console_policy,
):
    router.include_router(module.router)

STATIC = {"style.css": "text/css", "form.js": "text/javascript"}


@router.get("/web-static/{name}")
def static(name: str) -> Response:
    """The stylesheet and the one small script (the pages work without it)."""
    if name not in STATIC:
        return Response("not found", status_code=404, media_type="text/plain")
    body = files("dataward.web").joinpath("static").joinpath(name).read_text("utf-8")
    headers = {"Cache-Control": "public, max-age=3600"}
    return Response(body, media_type=f"{STATIC[name]}; charset=utf-8", headers=headers)
