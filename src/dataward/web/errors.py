"""How the pages fail: an HTML page with the status, never a JSON body in a browser.

:class:`WebRoute` is the route class of every page router. It turns :class:`Redirect`
(e.g. "log in first") into a 303, and :class:`PageError`, the ``HTTPException`` of shared
API dependencies (store unavailable: 503) and bad form input into an error page.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from dataward.api.store import StoreUnavailable
from dataward.web.rendering import render

TITLES = {400: "Bad request", 403: "Not allowed", 404: "Not found", 409: "Not possible now"}


class PageError(Exception):
    def __init__(self, status: int, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.title = title or TITLES.get(status, "Something went wrong")


class Redirect(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def error_page(request: Request, status: int, message: str, title: str | None = None) -> Response:
    error = PageError(status, message, title)
    return render(request, "error.html.j2", status, title=error.title, message=error.message)


class WebRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except Redirect as redirect:
                return RedirectResponse(redirect.location, status_code=303)
            except PageError as error:
                return error_page(request, error.status, error.message, error.title)
            except HTTPException as error:
                return error_page(request, error.status_code, str(error.detail))
            except StoreUnavailable as error:
                return error_page(request, 503, f"{str(error).capitalize()}.", "Unavailable")
            except RequestValidationError as error:
                fields = ", ".join(str(item["loc"][-1]) for item in error.errors())
                return error_page(request, 422, f"The form was incomplete or invalid: {fields}.")

        return guarded


def page_router(prefix: str = "") -> APIRouter:
    """A router of pages: HTML errors (``WebRoute``), left out of the OpenAPI schema."""
    return APIRouter(prefix=prefix, route_class=WebRoute, include_in_schema=False)
