"""Objection and restriction flags, and birth dates: facts the decision engine honours.

The requests module writes them when it grants a data-subject request (Art. 21 objection,
Art. 18 restriction) and lifts a restriction when it ends; an account's sign-up writes the
birth date the policy's minimum age is checked against. Like the ledger, flags are appended
and the latest per (identity, kind, purpose) by (occurred_at, id) holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError
from dataward.consent.keys import ContactHasher
from dataward.consent.locking import lock_subject
from dataward.consent.models import AgeFact, ProcessingFlag
from dataward.consent.purposes import PurposeCatalogue
from dataward.inventory.identity import Identity


class FlagKind(StrEnum):
    objection = "objection"
    restriction = "restriction"


@dataclass(frozen=True)
class ActiveFlag:
    kind: FlagKind
    purpose: str | None  # None: every purpose the kind applies to
    since: datetime
    reference: str | None


def set_flag(
    session: Session,
    catalogue: PurposeCatalogue,
    identity: Identity,
    kind: FlagKind,
    *,
    active: bool = True,
    purpose: str | None = None,
    source: str,
    reference: str | None = None,
    hasher: ContactHasher,
    actor: str,
    occurred_at: datetime | None = None,
) -> None:
    """Set (``active``) or lift an objection or restriction; never commits."""
    if purpose is not None:
        catalogue.get(purpose)
    key = str(identity)
    lock_subject(session, key)
    now = datetime.now(UTC)
    session.add(
        ProcessingFlag(
            identity=key,
            kind=kind.value,
            purpose=purpose,
            active=active,
            occurred_at=occurred_at or now,
            recorded_at=now,
            source=source,
            reference=reference,
        )
    )
    AuditLog().append(
        session,
        actor=actor,
        action=f"consent.{kind.value}_{'set' if active else 'lifted'}",
        target=f"subject:{hasher.pseudonym(key)}",
        details={"purpose": purpose, "source": source, "reference": reference},
    )


def active_flags(session: Session, identity: str) -> list[ActiveFlag]:
    """The flags that hold now for ``identity``."""
    rows = session.scalars(
        select(ProcessingFlag)
        .where(ProcessingFlag.identity == identity)
        .order_by(ProcessingFlag.occurred_at, ProcessingFlag.id)
    )
    latest: dict[tuple[str, str | None], ProcessingFlag] = {}
    for row in rows:
        latest[(row.kind, row.purpose)] = row
    return [
        ActiveFlag(FlagKind(row.kind), row.purpose, row.occurred_at, row.reference)
        for row in latest.values()
        if row.active
    ]


def record_birth_date(
    session: Session,
    identity: Identity,
    birth_date: date,
    *,
    source: str,
    hasher: ContactHasher,
    actor: str,
) -> None:
    """Record what is known of a subject's birth date (the latest recorded one holds)."""
    if birth_date > datetime.now(UTC).date():
        raise ConsentInputError("birth_date", "is in the future")
    key = str(identity)
    session.add(
        AgeFact(identity=key, birth_date=birth_date, source=source, recorded_at=datetime.now(UTC))
    )
    AuditLog().append(
        session,
        actor=actor,
        action="consent.birth_date_recorded",
        target=f"subject:{hasher.pseudonym(key)}",
        details={"source": source},
    )
