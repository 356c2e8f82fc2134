"""Reading the ledger: a subject's consents and history, and when consents end.

:func:`consent_end` and :func:`ended_consents` are what the retention engine reads for rules
anchored at ``consent_end`` (recruitment: "for the consented period"): a consent ends when it
is withdrawn or its period expires, and a record is due once that moment has passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.consent.models import ConsentEvent, ConsentState
from dataward.consent.records import ConsentRecord, EventRecord


@dataclass(frozen=True)
class EndedConsent:
    identity: str
    purpose: str
    ended_at: datetime


def current_consents(session: Session, identity: str) -> list[ConsentRecord]:
    """Every purpose the subject ever consented to, with the consent that holds now."""
    rows = session.scalars(
        select(ConsentState).where(ConsentState.identity == identity).order_by(ConsentState.purpose)
    )
    return [ConsentRecord.of(row) for row in rows]


def current_consent(session: Session, identity: str, purpose: str) -> ConsentRecord | None:
    row = session.get(ConsentState, (identity, purpose))
    return ConsentRecord.of(row) if row is not None else None


def consent_history(
    session: Session, identity: str, purpose: str | None = None
) -> list[EventRecord]:
    """The subject's events in the order that decides the state: (occurred_at, id)."""
    statement = select(ConsentEvent).where(ConsentEvent.identity == identity)
    if purpose is not None:
        statement = statement.where(ConsentEvent.purpose == purpose)
    statement = statement.order_by(ConsentEvent.occurred_at, ConsentEvent.id)
    return [EventRecord.of(row) for row in session.scalars(statement)]


def consent_end(session: Session, identity: str, purpose: str) -> datetime | None:
    """When the subject's consent for ``purpose`` ends or ended.

    None when it never ends by itself (given without a period) or was never given: the
    caller then has no consent end to count from.
    """
    return session.execute(
        select(ConsentState.ends_at).where(
            ConsentState.identity == identity, ConsentState.purpose == purpose
        )
    ).scalar_one_or_none()


def ended_consents(
    session: Session, purposes: Iterable[str], before: datetime, batch: int = 10_000
) -> Iterator[EndedConsent]:
    """Consents for ``purposes`` that ended before ``before`` (exclusive), oldest first.

    One range scan of the ``(purpose, ends_at)`` index per purpose, streamed in batches, so the
    retention engine can pass ``rule.cutoff(as_of)`` and erase the subjects it yields.
    """
    for purpose in purposes:
        statement = (
            select(ConsentState.identity, ConsentState.purpose, ConsentState.ends_at)
            .where(ConsentState.purpose == purpose, ConsentState.ends_at < before)
            .order_by(ConsentState.ends_at)
            .execution_options(yield_per=batch)
        )
        for identity, found_purpose, ended_at in session.execute(statement):
            if ended_at is not None:  # the WHERE excludes NULL; this tells the type checker
                yield EndedConsent(identity, found_purpose, ended_at)
