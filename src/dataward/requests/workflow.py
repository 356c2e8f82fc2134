"""Staff transitions that run a request against the company's systems: approve and retry.

These own their transactions (see :mod:`.erasure.run` for why). Access and portability
build the export; erasure and rectification run per system with tasks and retries;
restriction, objection, withdrawal and opt-out record consent facts. The part of a
request about processor data is forwarded to the customers first.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.requests.carry_out import (
    audit_prepared,
    carry_out_export,
    finish,
    forward,
    identifiers,
    load,
    prepare_systems,
    run_prepared,
)
from dataward.requests.context import Context
from dataward.requests.effects import apply_effect
from dataward.requests.erasure.run import request_identities
from dataward.requests.errors import RequestInputError, TransitionError
from dataward.requests.kinds import (
    APPROVABLE,
    EXPORT_TYPES,
    RETRYABLE,
    SYSTEM_TYPES,
    RequestType,
    Status,
)
from dataward.requests.locate.person import plan_for
from dataward.requests.models import DsrRequest

# Requests that only reduce processing: carried out on verification, without staff.
AUTOMATIC = frozenset({RequestType.marketing_opt_out, RequestType.withdraw_consent})


def approve(engine: Engine, context: Context, request_id: str, actor: str) -> DsrRequest:
    """Approve a verified request and carry it out.

    For erasure and rectification the approval commits together with the plan (task rows,
    cross-system keys): one transaction, before anything is changed anywhere.
    """
    prepared = None
    with Session(engine, expire_on_commit=False) as session, session.begin():
        request = load(session, request_id)
        if request.status not in APPROVABLE:
            raise TransitionError(
                f"request {request_id} is {request.status}: only a verified request can be approved"
            )
        if request.paused_at is not None:
            raise TransitionError(f"request {request_id} is paused: resume it before approving")
        request.status = Status.in_progress.value
        request.approved_at, request.approved_by = context.now(), actor
        details: dict[str, object] = {"type": request.type}
        if request.type in SYSTEM_TYPES:
            prepared = prepare_systems(session, context, request, manual=False)
            details |= prepared.planned()
        AuditLog().append(
            session,
            actor=actor,
            action="request.approved",
            target=f"request:{request_id}",
            details=details,
        )
        if prepared is not None:
            audit_prepared(session, prepared, actor)
    if prepared is not None:
        return run_prepared(engine, context, prepared, actor)
    return process(engine, context, request_id, actor, loaded=request)


def automatic(engine: Engine, context: Context, request_id: str) -> DsrRequest:
    """Approve, carry out and complete a request of an AUTOMATIC type."""
    from dataward.requests.staff import complete

    done = approve(engine, context, request_id, "dataward")
    if done.status != Status.ready:
        return done  # waits for staff, who see why
    with Session(engine, expire_on_commit=False) as session, session.begin():
        return complete(session, context, request_id, "dataward")


def retry(engine: Engine, context: Context, request_id: str, actor: str) -> DsrRequest:
    """Staff retry: only what is not done, also after the automatic retries ran out."""
    with Session(engine) as session, session.begin():
        request = load(session, request_id)
        if request.status not in RETRYABLE:
            raise TransitionError(f"request {request_id} is {request.status}: nothing to retry")
        AuditLog().append(
            session,
            actor=actor,
            action="request.retried",
            target=f"request:{request_id}",
            details={},
        )
    return process(engine, context, request_id, actor, manual=True)


def retry_due(engine: Engine, context: Context, actor: str = "dataward") -> list[DsrRequest]:
    """Automatic retries whose backoff has passed (``dataward requests retry-due``)."""
    with Session(engine) as session:
        ids = list(
            session.scalars(select(DsrRequest.id).where(DsrRequest.status == Status.failed.value))
        )
    return [process(engine, context, request_id, actor) for request_id in ids]


def process(
    engine: Engine,
    context: Context,
    request_id: str,
    actor: str,
    manual: bool = False,
    loaded: DsrRequest | None = None,
) -> DsrRequest:
    """Carry the request out; ``loaded``: the request as its caller just committed it."""
    request = loaded
    if request is None:
        with Session(engine, expire_on_commit=False) as session:
            request = load(session, request_id, lock=False)
            session.expunge(request)
    kind = RequestType(request.type)
    if kind not in EXPORT_TYPES | SYSTEM_TYPES:
        try:
            with Session(engine, expire_on_commit=False) as session, session.begin():
                request = load(session, request_id)
                effect = apply_effect(session, context.policy, request, actor)
                request.status = Status.ready.value
                request.set_result(effect=effect)
                AuditLog().append(
                    session,
                    actor=actor,
                    action="request.recorded",
                    target=f"request:{request_id}",
                    details=effect,
                )
        except RequestInputError as error:
            # Nothing was recorded (rolled back); staff see why and decide.
            return finish(
                engine,
                request_id,
                Status.waiting_for_staff,
                actor,
                "request.incomplete",
                error=str(error),
            )
        return request
    if kind in SYSTEM_TYPES:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            prepared = prepare_systems(session, context, load(session, request_id), manual)
            audit_prepared(session, prepared, actor)
        return run_prepared(engine, context, prepared, actor)
    pool = context.connectors()
    plan = plan_for(pool.inventory, context.policy, pool, request_identities(request))
    # Ids found on the way matter only for routing here (an export needs none).
    forwarded = forward(engine, context, request, plan, actor, lambda: identifiers(request, plan))
    return carry_out_export(engine, context, request, plan, actor, forwarded)


__all__ = ["AUTOMATIC", "approve", "automatic", "finish", "process", "retry", "retry_due"]
