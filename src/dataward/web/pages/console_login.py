"""Staff log in with a name and password; the session lives in the store (logout ends it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session

from dataward.api.deps import StoreDep
from dataward.web.accounts import log_in
from dataward.web.errors import page_router
from dataward.web.forms import Form as FormModel
from dataward.web.rendering import keys_for, render
from dataward.web.sessions import COOKIE, end_session, start_session
from dataward.web.state import web_state

router = page_router("/console")


class LoginForm(FormModel):
    name: str = Field(default="", max_length=255)
    password: str = Field(default="", max_length=1024)
    next: str = Field(default="", max_length=500)


def _next(raw: str) -> str:
    """Back to the console page that asked for a login, and nowhere else."""
    ok = raw.startswith("/console/") and "//" not in raw and "\\" not in raw
    return raw if ok else "/console/requests"


@router.get("", include_in_schema=False)
def start() -> RedirectResponse:
    return RedirectResponse("/console/requests", 303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "", out: bool = False) -> HTMLResponse:
    flash = "You are logged out." if out else None
    values = {"next": _next(next)}
    return render(request, "console/login.html.j2", values=values, flash=flash)


@router.post("/login", response_model=None)
def login(request: Request, form: Annotated[LoginForm, Form()], store: StoreDep) -> Response:
    """A wrong name and a wrong password get the same answer (and take as long)."""
    keys, now = keys_for(request), datetime.now(UTC)
    lifetime = timedelta(hours=web_state(request).settings.session_hours)
    with Session(store) as session, session.begin():
        user = log_in(session, form.name, form.password, now)
        cookie = start_session(session, user, keys, now, lifetime) if user else None
    if cookie is None:
        errors = {"password": "That name and password do not match an active account."}
        values = {"name": form.name, "next": _next(form.next)}
        return render(request, "console/login.html.j2", 401, errors=errors, values=values)
    response = RedirectResponse(_next(form.next), 303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/logout", response_model=None)
def logout(request: Request, store: StoreDep) -> Response:
    with Session(store) as session, session.begin():
        end_session(session, request.cookies.get(COOKIE, ""), keys_for(request))
    response = RedirectResponse("/console/login?out=1", 303)
    response.delete_cookie(COOKIE, httponly=True, samesite="lax")
    return response
