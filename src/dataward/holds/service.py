"""Creating, releasing and listing legal holds; services add to the caller's session, never commit.

Each change is written to the audit log in the same transaction, so a hold and the record
of who placed it commit together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.holds.models import HoldScope, LegalHold
from dataward.inventory.identity import EMAIL, PHONE, Normaliser

# The identity kind a customer hold is matched against (inventory ``kind: customer_id``).
CUSTOMER_KIND = "customer_id"


class HoldError(ValueError):
    """A hold request that cannot be carried out; the message says why."""


@dataclass(frozen=True)
class HoldRequest:
    """What a user asks to hold. ``kind`` is guessed for subjects when left out."""

    case: str
    scope: HoldScope
    value: str
    reason: str
    kind: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None


def guess_kind(value: str) -> str:
    """``ana@example.com`` is an email, ``+385 91 …`` a phone; anything else needs ``kind``."""
    text = value.strip()
    if "@" in text:
        return EMAIL
    if text.startswith("+") and any(character.isdigit() for character in text):
        return PHONE
    raise HoldError(f"cannot tell what kind of identity {value!r} is: give its kind")


def _normalised(request: HoldRequest, normaliser: Normaliser) -> tuple[str, str]:
    value = request.value.strip()
    if not value:
        raise HoldError("a hold needs a value: the identity, customer id or dataset")
    if request.scope is HoldScope.dataset:
        if value.count(".") != 1:
            raise HoldError(f"a dataset hold names system.dataset, got {value!r}")
        return "", value
    if request.scope is HoldScope.customer:
        return request.kind or CUSTOMER_KIND, value
    kind = request.kind or guess_kind(value)
    try:
        return kind, normaliser.value(kind, value)
    except ValueError as error:
        raise HoldError(str(error)) from None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def create_hold(
    session: Session,
    request: HoldRequest,
    *,
    created_by: str,
    normaliser: Normaliser | None = None,
    audit: AuditLog | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> LegalHold:
    """Place a hold (audited as ``hold.created``); the caller commits."""
    if not request.case.strip() or not request.reason.strip():
        raise HoldError("a hold needs a case reference and a reason")
    kind, value = _normalised(request, normaliser or Normaliser())
    now = clock()
    starts_at = _utc(request.starts_at) if request.starts_at else now
    ends_at = _utc(request.ends_at) if request.ends_at else None
    if ends_at is not None and ends_at <= starts_at:
        raise HoldError("a hold must end after it starts")
    hold = LegalHold(
        case_ref=request.case.strip(),
        scope=request.scope.value,
        kind=kind,
        value=value,
        reason=request.reason.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=created_by,
        created_at=now,
    )
    session.add(hold)
    session.flush()
    (audit or AuditLog()).append(
        session,
        actor=created_by,
        action="hold.created",
        target=f"hold:{hold.id}",
        details=_details(hold),
    )
    return hold


def release_hold(
    session: Session,
    hold_id: int,
    *,
    released_by: str,
    audit: AuditLog | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> LegalHold:
    """Release a hold (audited as ``hold.released``): the next retention run may delete."""
    hold = session.get(LegalHold, hold_id, with_for_update=True)
    if hold is None:
        raise HoldError(f"no hold with id {hold_id}")
    if hold.released_at is not None:
        raise HoldError(f"hold {hold_id} was already released at {hold.released_at:%Y-%m-%d}")
    hold.released_at = clock()
    hold.released_by = released_by
    session.flush()
    (audit or AuditLog()).append(
        session,
        actor=released_by,
        action="hold.released",
        target=f"hold:{hold.id}",
        details=_details(hold),
    )
    return hold


def list_holds(
    session: Session, *, case: str | None = None, active_at: datetime | None = None
) -> list[LegalHold]:
    """Holds, oldest first; only one case's, or only those active at ``active_at``."""
    statement = select(LegalHold).order_by(LegalHold.id)
    if case is not None:
        statement = statement.where(LegalHold.case_ref == case)
    holds = list(session.scalars(statement))
    if active_at is not None:
        holds = [hold for hold in holds if hold.is_active(_utc(active_at))]
    return holds


def active_holds(session: Session, as_of: datetime, now: datetime | None = None) -> list[LegalHold]:
    """The holds a retention run judged at ``as_of`` must respect.

    A hold active at ``as_of`` *or* now counts: a run judged as of a past date still deletes
    today, when today's holds apply, and a plan for a future date shows the holds by then.
    """
    moments = [_utc(as_of), _utc(now or datetime.now(UTC))]
    statement = select(LegalHold).where(LegalHold.released_at.is_(None)).order_by(LegalHold.id)
    return [
        hold
        for hold in session.scalars(statement)
        if any(hold.is_active(moment) for moment in moments)
    ]


def _details(hold: LegalHold) -> dict[str, object]:
    # The value is kept out of the audit details: an audit entry outlives the hold, and a
    # subject's email there would be personal data kept forever.
    return {
        "case": hold.case_ref,
        "scope": hold.scope,
        "kind": hold.kind,
        "from": hold.starts_at.isoformat(),
        "until": hold.ends_at.isoformat() if hold.ends_at else None,
        "reason": hold.reason,
    }
