"""Cookie settings for this browser: the policy's categories, Global Privacy Control honoured.

The same choice the banner script records (``dataward.consent.cookies``), made with a plain
form; the visitor id dataward issues is kept in a cookie of its own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session

from dataward.api.deps import PolicyDep, StoreDep
from dataward.consent.cookies import GPC_OPT_OUT, VISITOR_ID, always_on, current_cookie_choice
from dataward.consent.cookies import record_cookie_choice as record
from dataward.store import read_only
from dataward.web.errors import page_router
from dataward.web.forms import Form as FormModel
from dataward.web.rendering import render

router = page_router("/privacy-center/cookies")
VISITOR_COOKIE = "dataward_visitor"
YEAR = 365 * 86400


def gpc_of(request: Request) -> bool:
    return request.headers.get("Sec-GPC", "").strip() == "1"


def back_to(raw: str) -> str:
    """Only a page of the privacy center: a form must not redirect anywhere else."""
    ok = raw.startswith("/privacy-center/") and "//" not in raw and "\\" not in raw
    return raw if ok else "/privacy-center/cookies"


@router.get("", response_class=HTMLResponse)
def settings(request: Request, policy: PolicyDep, store: StoreDep, saved: str = "") -> Response:
    visitor = request.cookies.get(VISITOR_COOKIE, "")
    with Session(read_only(store)) as session:
        choice = current_cookie_choice(session, policy, visitor, gpc=gpc_of(request))
    flash = "Your cookie choice is saved." if saved else None
    return render(
        request,
        "public/cookies.html.j2",
        policy=policy,
        cookies=choice,
        required_ids=always_on(policy),
        gpc_opt_out=GPC_OPT_OUT,
        flash=flash,
    )


class CookieForm(FormModel):
    category: list[str] = Field(default_factory=list, max_length=20)
    next: str = Field(default="", max_length=500)


@router.post("", response_model=None)
def save(
    request: Request, form: Annotated[CookieForm, Form()], policy: PolicyDep, store: StoreDep
) -> Response:
    """Record the ticked categories (every other consent-based one is refused)."""
    chosen = {item.id: item.id in form.category for item in policy.cookie_categories}
    visitor = request.cookies.get(VISITOR_COOKIE, "")
    with Session(store) as session, session.begin():
        choice = record(
            session,
            policy,
            chosen,
            gpc=gpc_of(request),
            visitor_id=visitor if VISITOR_ID.fullmatch(visitor) else None,
        )
    target = back_to(form.next)
    response = RedirectResponse(f"{target}{'&' if '?' in target else '?'}saved=cookies", 303)
    response.set_cookie(
        VISITOR_COOKIE,
        choice.visitor_id,
        max_age=YEAR,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response
