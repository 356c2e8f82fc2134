"""One-time codes: the requester proves they hold each contact the request names.

A code is six random digits, stored only as an HMAC (see :mod:`.keys`), valid for
``code_ttl_minutes`` and for one use. Issuing is rate limited per contact and per client
(counted in the store, so every server process sees the same counts); a challenge locks
after ``code_max_attempts`` wrong codes. :func:`verify` returns an outcome instead of
raising, so the caller commits the failed-attempt count before answering with a 4xx.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.requests.context import Context
from dataward.requests.errors import RateLimited
from dataward.requests.keys import RequestKeys, request_keys
from dataward.requests.kinds import Status
from dataward.requests.models import DsrChallenge, DsrRequest
from dataward.requests.outbox import Message
from dataward.requests.pauses import resume_on_verification

WINDOW = timedelta(hours=1)


def _count(session: Session, column: Any, digest: str, since: datetime) -> int:
    statement = (
        select(func.count())
        .select_from(DsrChallenge)
        .where(column == digest, DsrChallenge.created_at >= since)
    )
    return int(session.execute(statement).scalar_one())


def check_rate(
    session: Session, context: Context, keys: RequestKeys, contacts: list[str], client: str
) -> None:
    since = context.now() - WINDOW
    config = context.config
    if (
        _count(session, DsrChallenge.client_digest, keys.digest(client), since)
        >= config.codes_per_client_per_hour
    ):
        raise RateLimited("client", int(WINDOW.total_seconds()))
    for contact in contacts:
        if (
            _count(session, DsrChallenge.identity_digest, keys.digest(contact), since)
            >= config.codes_per_identity_per_hour
        ):
            raise RateLimited("identity", int(WINDOW.total_seconds()))


def issue_challenges(
    session: Session,
    context: Context,
    request: DsrRequest,
    contacts: list[tuple[str, str]],
    client: str,
) -> tuple[str, ...]:
    """Send a fresh code to each (channel, contact); earlier open codes stop working."""
    keys = request_keys(session)
    check_rate(session, context, keys, [value for _, value in contacts], client)
    now = context.now()
    for old in session.scalars(
        select(DsrChallenge).where(
            DsrChallenge.request_id == request.id, DsrChallenge.consumed_at.is_(None)
        )
    ):
        old.expires_at = min(old.expires_at, now)
    ttl = timedelta(minutes=context.config.code_ttl_minutes)
    for channel, contact in contacts:
        code = f"{secrets.randbelow(10**6):06d}"
        session.add(
            DsrChallenge(
                request_id=request.id,
                channel=channel,
                identity_digest=keys.digest(contact),
                client_digest=keys.digest(client),
                code_hash=keys.code_hash(f"{request.id}:{channel}", code),
                created_at=now,
                expires_at=now + ttl,
                attempts=0,
            )
        )
        context.mailer.send(
            session,
            Message(
                channel=channel,
                recipient=contact,
                subject="Your verification code",
                body=(
                    f"Your verification code is {code}. It expires in "
                    f"{context.config.code_ttl_minutes} minutes and works once.\n"
                    "If you did not ask us about your personal data, ignore this message."
                ),
                request_id=request.id,
            ),
        )
    request.client_digest = keys.digest(client)
    session.flush()
    return tuple(channel for channel, _ in contacts)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    reason: str  # verified / more_codes_needed / wrong / expired / locked / used / not_pending
    requester_token: str | None = None


def verify(session: Session, context: Context, request: DsrRequest, code: str) -> Outcome:
    """Check ``code`` against the request's open challenges; never commits."""
    if request.status != Status.awaiting_verification:
        return Outcome(False, "used" if request.verified_at else "not_pending")
    keys = request_keys(session)
    now = context.now()
    challenges = list(
        session.scalars(
            select(DsrChallenge).where(DsrChallenge.request_id == request.id).with_for_update()
        )
    )
    open_ = [item for item in challenges if item.consumed_at is None]
    for challenge in challenges:
        if keys.code_hash(f"{request.id}:{challenge.channel}", code) != challenge.code_hash:
            continue
        if challenge.consumed_at is not None:
            return Outcome(False, "used")
        if challenge.locked_at is not None:
            return Outcome(False, "locked")
        if challenge.expires_at <= now:
            return Outcome(False, "expired")
        challenge.consumed_at = now
        return _maybe_verified(session, context, request, keys)
    locked = False
    for challenge in open_:
        challenge.attempts += 1
        if challenge.attempts >= context.config.code_max_attempts and challenge.locked_at is None:
            challenge.locked_at = now
        locked = locked or challenge.locked_at is not None
    return Outcome(False, "locked" if locked else "wrong")


def _maybe_verified(
    session: Session, context: Context, request: DsrRequest, keys: RequestKeys
) -> Outcome:
    # Every contact the request names must be proven: it is searched for in every system.
    session.flush()
    needed = {
        channel for channel, value in (("email", request.email), ("phone", request.phone)) if value
    }
    proven = set(
        session.scalars(
            select(DsrChallenge.channel).where(
                DsrChallenge.request_id == request.id, DsrChallenge.consumed_at.is_not(None)
            )
        )
    )
    if needed - proven:
        return Outcome(True, "more_codes_needed")
    token = secrets.token_urlsafe(24)
    request.requester_token_hash = keys.sign(f"requester:{request.id}:{token}")
    request.status = Status.verified.value
    request.verified_at = context.now()
    AuditLog().append(
        session,
        actor="requester",
        action="request.verified",
        target=f"request:{request.id}",
        details={},
    )
    resume_on_verification(session, context, request)
    return Outcome(True, "verified", token)


def requester_may_see(session: Session, request: DsrRequest, token: str) -> bool:
    if request.requester_token_hash is None:
        return False
    keys = request_keys(session)
    return keys.check(f"requester:{request.id}:{token}", request.requester_token_hash)
