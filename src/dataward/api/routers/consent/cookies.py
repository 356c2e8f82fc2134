"""``/api/v1/cookie-consent``: the categories, a visitor's choice, and the banner script.

``Sec-GPC: 1`` (Global Privacy Control) is read from each request: it refuses advertising
cookies when a choice is recorded and whenever one is read back.

The banner runs on the company's website (``www.example.com``) and calls dataward where it
is served (``privacy.example.com``): another origin, so these routes, and only these, answer
cross-origin requests from any site (CORS ``*``). They are public and carry no credentials
(no cookie, no token), so any site may record a choice for a visitor id it already holds,
exactly as a plain HTTP client could.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request, Response
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from dataward.api.deps import PolicyDep, StoreDep
from dataward.api.routers.consent.deps import ConsentRoute
from dataward.consent.cookies import GPC_OPT_OUT, always_on, current_cookie_choice
from dataward.consent.cookies import record_cookie_choice as record
from dataward.store import read_only

CORS_HEADERS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT_HEADERS = CORS_HEADERS | {
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "86400",
}


class CookieRoute(ConsentRoute):
    """A consent route whose every answer (errors too) may be read by another origin."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def shared(request: Request) -> Response:
            # Errors are answered here, with FastAPI's own handlers, rather than by the app's
            # middleware: a browser shows a cross-origin answer without the header as a
            # network failure, hiding the 422 that says what was wrong.
            try:
                response = await handler(request)
            except RequestValidationError as error:
                response = await request_validation_exception_handler(request, error)
            except HTTPException as error:
                response = await http_exception_handler(request, error)
            response.headers.update(CORS_HEADERS)
            return response

        return shared


router = APIRouter(prefix="/api/v1/cookie-consent", tags=["consent"], route_class=CookieRoute)

GpcHeader = Annotated[str | None, Header(alias="Sec-GPC")]


class CookieChoiceRequest(BaseModel):
    visitor_id: str | None = Field(default=None, max_length=64)
    categories: dict[str, bool] = Field(examples=[{"functional": True, "advertising": False}])
    notice_version: str | None = Field(default=None, max_length=64)
    gpc: bool = Field(default=False, description="navigator.globalPrivacyControl, if sent.")


def _gpc(header: str | None) -> bool:
    return (header or "").strip() == "1"


@router.get("/categories")
def categories(policy: PolicyDep, sec_gpc: GpcHeader = None) -> dict[str, Any]:
    """The policy's cookie categories; ``required`` ones cannot be refused."""
    required = always_on(policy)
    gpc = _gpc(sec_gpc)
    return {
        "notice_version": policy.metadata.version,
        "gpc": gpc,
        "categories": [
            {
                "id": category.id,
                "name": category.name,
                "description": category.description,
                "required": category.id in required,
                "refused_by_gpc": gpc and category.id in GPC_OPT_OUT,
            }
            for category in policy.cookie_categories
        ],
    }


@router.get("/banner.js")
def banner_script() -> Response:
    """The banner snippet (docs/consent.md shows how to include it)."""
    script = files("dataward.consent").joinpath("static/banner.js").read_text("utf-8")
    return Response(
        script,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600"},
    )


@router.post("", status_code=201)
def record_choice(
    body: CookieChoiceRequest, store: StoreDep, policy: PolicyDep, sec_gpc: GpcHeader = None
) -> dict[str, Any]:
    """Record a visitor's choice; a new ``visitor_id`` is issued when none is sent."""
    gpc = _gpc(sec_gpc) or body.gpc
    # Cookie choices are not decision inputs: the routes never load the decision index.
    with Session(store) as session, session.begin():
        choice = record(
            session,
            policy,
            body.categories,
            visitor_id=body.visitor_id,
            gpc=gpc,
            notice_version=body.notice_version,
        )
    return choice.as_dict()


@router.options("", include_in_schema=False)
@router.options("/{path:path}", include_in_schema=False)
def preflight(path: str = "") -> Response:
    """The browser's CORS preflight before a JSON ``POST`` from the website's origin."""
    return Response(status_code=204, headers=PREFLIGHT_HEADERS)


@router.get("/{visitor_id}")
def read_choice(
    visitor_id: str, store: StoreDep, policy: PolicyDep, sec_gpc: GpcHeader = None
) -> dict[str, Any]:
    """The visitor's current choice (only required categories when none was recorded)."""
    with Session(read_only(store)) as session:
        choice = current_cookie_choice(session, policy, visitor_id, gpc=_gpc(sec_gpc))
    return choice.as_dict()
