"""Rendering a page: template + the values every layout needs (who is logged in, CSRF)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from dataward.api.store import StoreHandle
from dataward.web import csrf
from dataward.web.keys import WebKeys
from dataward.web.state import web_state


def keys_for(request: Request) -> WebKeys:
    handle: StoreHandle = request.app.state.store
    return web_state(request).keys(handle.engine())


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` filled with ``context``; forms call ``csrf()`` for their token."""
    values: dict[str, Any] = {
        "member": getattr(request.state, "member", None),
        "path": request.url.path,
        "errors": {},
        "values": {},
        "flash": None,
        "csrf": lambda: csrf.token_for(request, keys_for(request)),
        "csrf_field": csrf.FIELD,
    }
    values.update(context)
    html = web_state(request).templates.get_template(template).render(values)
    response = HTMLResponse(html, status_code=status)
    csrf.set_visitor_cookie(request, response)
    # Pages hold personal data and one-time state: never cached, never framed elsewhere.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Referrer-Policy"] = "same-origin"
    return response
