"""Recording consent given or withdrawn: append the event, re-derive the current state.

The history (``consent_event``) is only ever appended to. The current state of a subject and
purpose (``consent_state``) is the latest event ordered by ``(occurred_at, id)``: a
late-arriving old "given" (an import, a retried form post) can never override a newer
withdrawal. Two guards keep concurrent writers from losing one: each write holds the subject's
lock (:mod:`dataward.consent.locking`), and the state only moves forward in that order
(a conditional upsert), which also makes bulk imports safe without any lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, insert, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError
from dataward.consent.keys import ContactHasher
from dataward.consent.locking import lock_subject
from dataward.consent.models import ConsentEvent, ConsentState
from dataward.consent.purposes import PurposeCatalogue
from dataward.consent.records import Action, ConsentRecord
from dataward.inventory.identity import Identity
from dataward.policy.calendar import Offset

EVENTS = cast(Table, ConsentEvent.__table__)
STATES = cast(Table, ConsentState.__table__)
# How far in the future a caller's clock may be: a "given" stamped tomorrow would otherwise
# outrank every withdrawal made until then.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class ConsentChange:
    """What a caller asks to record. Times are aware; ``occurred_at`` defaults to now."""

    identity: Identity
    purpose: str
    action: Action
    notice_version: str
    source: str
    channel: str | None = None
    occurred_at: datetime | None = None
    expires_at: datetime | None = None


def expiry_after(start: datetime, *, years: int = 0, months: int = 0, days: int = 0) -> datetime:
    """The end of a consented period ("24 months"), in calendar months clamped like retention."""
    return Offset(years=years, months=months, days=days).after(start)


def record_consent(
    session: Session,
    catalogue: PurposeCatalogue,
    change: ConsentChange,
    *,
    hasher: ContactHasher,
    actor: str,
    now: datetime | None = None,
    audit: AuditLog | None = None,
) -> ConsentRecord:
    """Append ``change`` to the ledger and return the subject's current consent; never commits."""
    now = now or datetime.now(UTC)
    row = event_row(catalogue, change, now)
    lock_subject(session, row["identity"])
    (event_id,) = insert_events(session, [row])
    advance_states(session, [{**row, "id": event_id}])
    state = session.get(ConsentState, (row["identity"], row["purpose"]), populate_existing=True)
    assert state is not None  # advance_states has just written it
    (audit or AuditLog()).append(
        session,
        actor=actor,
        action=f"consent.{change.action.value}",
        target=f"subject:{hasher.pseudonym(row['identity'])}",
        details={
            "purpose": row["purpose"],
            "event_id": event_id,
            "notice_version": change.notice_version,
            "source": change.source,
            "expires_at": change.expires_at.isoformat() if change.expires_at else None,
        },
    )
    return ConsentRecord.of(state)


def event_row(catalogue: PurposeCatalogue, change: ConsentChange, now: datetime) -> dict[str, Any]:
    """The ``consent_event`` row for ``change``, after every check that names a field."""
    rule = catalogue.consent_purpose(change.purpose)
    occurred_at = _occurred_at(change, now)
    _check_text("notice_version", change.notice_version, 64)
    _check_text("source", change.source, 100)
    if change.channel is not None:
        _check_text("channel", change.channel, 32)
    expires_at = change.expires_at
    if expires_at is not None:
        if expires_at.tzinfo is None:
            raise ConsentInputError("expires_at", "needs a time zone (e.g. 2028-05-01T00:00:00Z)")
        if change.action is Action.withdrawn:
            raise ConsentInputError("expires_at", "only a consent given can have an expiry")
        if expires_at <= occurred_at:
            raise ConsentInputError("expires_at", "must be after the time the consent was given")
    elif change.action is Action.given and rule.needs_period:
        raise ConsentInputError(
            "expires_at",
            f"purpose {rule.id!r} needs the consented period (its data is erased when the "
            "consent ends): give expires_at or a period",
        )
    return {
        "identity": str(change.identity),
        "purpose": rule.id,
        "action": change.action.value,
        "occurred_at": occurred_at,
        "recorded_at": now,
        "expires_at": expires_at,
        "notice_version": change.notice_version,
        "source": change.source,
        "channel": change.channel,
    }


def insert_events(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert event rows; their ids, in the order of ``rows``."""
    statement = insert(EVENTS).returning(EVENTS.c.id, sort_by_parameter_order=True)
    return list(session.execute(statement, rows).scalars())


def advance_states(session: Session, events: list[dict[str, Any]]) -> None:
    """Move each subject's state to ``events`` that are newer by (occurred_at, id).

    The update is conditional, so it only ever moves forward: whatever order concurrent
    writers (or a bulk import) commit in, every state ends at its latest event.
    """
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        key = (event["identity"], event["purpose"])
        held = latest.get(key)
        if held is None or (event["occurred_at"], event["id"]) > (held["occurred_at"], held["id"]):
            latest[key] = event
    rows = [
        {
            "identity": event["identity"],
            "purpose": event["purpose"],
            "event_id": event["id"],
            "action": event["action"],
            "occurred_at": event["occurred_at"],
            "expires_at": event["expires_at"],
            "ends_at": event["expires_at"]
            if event["action"] == Action.given.value
            else event["occurred_at"],
            "notice_version": event["notice_version"],
            "source": event["source"],
        }
        for event in latest.values()
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(STATES)
    new, old = upsert.excluded, STATES.c
    newer = or_(
        new.occurred_at > old.occurred_at,
        and_(new.occurred_at == old.occurred_at, new.event_id > old.event_id),
    )
    changed = {name: new[name] for name in rows[0] if name not in ("identity", "purpose")}
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=[old.identity, old.purpose], set_=changed, where=newer
        ),
        rows,
    )


def _occurred_at(change: ConsentChange, now: datetime) -> datetime:
    if change.occurred_at is None:
        return now
    if change.occurred_at.tzinfo is None:
        raise ConsentInputError("occurred_at", "needs a time zone (e.g. 2026-05-01T10:00:00Z)")
    if change.occurred_at > now + CLOCK_SKEW:
        raise ConsentInputError("occurred_at", "is in the future")
    return change.occurred_at.astimezone(UTC)


def _check_text(field: str, value: str, limit: int) -> None:
    if not value.strip():
        raise ConsentInputError(field, "must not be empty")
    if len(value) > limit:
        raise ConsentInputError(field, f"is longer than {limit} characters")
