"""The consent runtime behind the routes, staff authentication for them, and 4xx answers.

The runtime (key, in-memory index) is built on the first request that needs it, not when the
app is created: loading 10 million suppression hashes should not slow down an app that only
serves the notice. It runs on the app's store (``app.state.store``).

Decisions authenticate with the same staff bearer tokens as every staff route, remembered
until a token is revoked (:mod:`.tokens`); routes that write check the token every time.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from dataward.api.routers.consent.tokens import cached_staff
from dataward.api.settings import ApiSettings
from dataward.api.store import StoreHandle, StoreUnavailable
from dataward.consent import ConsentInputError, ConsentRuntime, SuppressionKeyError
from dataward.consent.profiles import profile_erasers
from dataward.consent.purposes import PurposeCatalogue
from dataward.policy import Policy
from dataward.retention.sweep import inventory_path

_BUILDING = threading.Lock()
_INDEX = re.compile(r"\[(\d+)\]")


def build_runtime(app: FastAPI) -> ConsentRuntime:
    """The app's consent runtime, built once (the lock keeps two first requests from both)."""
    with _BUILDING:
        runtime: ConsentRuntime | None = getattr(app.state, "consent", None)
        if runtime is None:
            handle: StoreHandle = app.state.store
            try:
                engine = handle.engine()
            except StoreUnavailable as error:
                raise HTTPException(status_code=503, detail=str(error)) from None
            settings: ApiSettings = app.state.settings
            policy: Policy = app.state.policy
            erasers = profile_erasers(
                PurposeCatalogue(policy), engine, inventory_path(settings.inventory_path)
            )
            runtime = ConsentRuntime.open(engine, policy, erasers=erasers)
            app.state.consent = runtime
        return runtime


async def current_runtime(request: Request) -> ConsentRuntime:
    """An async dependency: a decision then never waits for a thread-pool hop."""
    runtime: ConsentRuntime | None = getattr(request.app.state, "consent", None)
    if runtime is None:
        runtime = await run_in_threadpool(build_runtime, request.app)
    if runtime.is_due():
        await run_in_threadpool(runtime.refresh, wait=False)
    return runtime


async def deciding_runtime(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> ConsentRuntime:
    """Staff check (remembered) and runtime in one dependency: each costs a decision ~50 µs."""
    await cached_staff(request, authorization)
    return await current_runtime(request)


ConsentDep = Annotated[ConsentRuntime, Depends(current_runtime)]
DecidingDep = Annotated[ConsentRuntime, Depends(deciding_runtime)]


def field_location(request: Request, field: str) -> list[str | int]:
    """``identities[3]`` → ``["body", "identities", 3]``, the shape FastAPI's own 422s use."""
    where: str = "query" if request.method == "GET" else "body"
    location: list[str | int] = [where]
    for part in field.split("."):
        name, *indexes = _INDEX.split(part)
        location.append(name)
        location.extend(int(index) for index in indexes if index)
    return location


class ConsentRoute(APIRoute):
    """Answers :class:`ConsentInputError` with a 422 that names the field at fault."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except ConsentInputError as error:
                detail: dict[str, Any] = {
                    "type": "consent_input",
                    "loc": field_location(request, error.field),
                    "msg": error.message,
                }
                return JSONResponse({"detail": [detail]}, status_code=422)
            except SuppressionKeyError as error:
                return JSONResponse({"detail": str(error)}, status_code=409)

        return guarded
