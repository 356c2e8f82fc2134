"""Staff tokens for the decision routes, remembered until any token is revoked.

A sender asks before every message, and a database lookup per decision would cost more than
the decision, so a token once checked is remembered. What makes that safe is the revocation
watermark: how many tokens are revoked and when the latest was, one aggregate over the small
``staff_token`` table. Each process reads it at most every ``REVOCATION_CHECK_SECONDS`` and
forgets every remembered token when it moved, so a token revoked anywhere (``dataward staff
revoke`` in another process, another server) stops deciding within that bound; a token
revoked while no decision is asked is never trusted again. Routes that write check the token
on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Header, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dataward.api.auth import current_staff
from dataward.api.store import StoreHandle, StoreUnavailable
from dataward.staff import StaffMember
from dataward.staff.models import StaffToken

REVOCATION_CHECK_SECONDS = 1.0
MAX_TOKENS = 10_000  # a flood of distinct tokens cannot grow the cache forever

Watermark = tuple[int, datetime | None]


def revocation_watermark(engine: Engine) -> Watermark:
    """(tokens revoked, latest revocation): it moves with every revocation."""
    with Session(engine) as session:
        revoked, latest = session.execute(
            select(func.count(StaffToken.revoked_at), func.max(StaffToken.revoked_at))
        ).one()
    return int(revoked), latest


class TokenCache:
    """Staff members by token, forgotten whenever the revocation watermark moves."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._held: dict[str, StaffMember] = {}
        self._watermark: Watermark | None = None
        self.generation = 0  # moves with the watermark
        self._checked_at = float("-inf")
        self._clock = clock

    def due(self) -> bool:
        """Is the watermark to be read again? Claims the check (one caller, not a herd)."""
        now = self._clock()
        if now - self._checked_at < REVOCATION_CHECK_SECONDS:
            return False
        self._checked_at = now
        return True

    def observe(self, watermark: Watermark) -> None:
        if watermark != self._watermark:
            self._held.clear()
            self._watermark = watermark
            self.generation += 1

    def get(self, token: str) -> StaffMember | None:
        return self._held.get(token)

    def put(self, token: str, member: StaffMember, generation: int) -> None:
        """Remember ``member``, checked during ``generation``: a check that a revocation
        overtook (the watermark moved meanwhile) is used once, not remembered."""
        if generation != self.generation:
            return
        if len(self._held) >= MAX_TOKENS:
            self._held.clear()
        self._held[token] = member


def _watermark(request: Request) -> Watermark:
    handle: StoreHandle = request.app.state.store
    try:
        engine = handle.engine()
    except StoreUnavailable as error:
        raise HTTPException(status_code=503, detail=str(error)) from None
    return revocation_watermark(engine)


async def cached_staff(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> StaffMember:
    """:func:`~dataward.api.auth.current_staff`, remembered per token until a revocation."""
    cache: TokenCache | None = getattr(request.app.state, "consent_tokens", None)
    if cache is None:
        cache = request.app.state.consent_tokens = TokenCache()
    if cache.due():
        cache.observe(await run_in_threadpool(_watermark, request))
    member = cache.get(authorization or "")
    if member is None:
        generation = cache.generation
        member = await run_in_threadpool(current_staff, request, authorization)
        cache.put(authorization or "", member, generation)
    return member
