"""The suppression list: contacts never to be marketed to again, kept only as keyed hashes.

:func:`suppress` is the one way in, for every caller: an unsubscribe, a complaint, the
retention engine reducing an unsubscribed marketing contact to the list, an import. It never
commits; the entry commits with the caller's other changes and its audit entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError
from dataward.consent.identity import contact_identity
from dataward.consent.keys import ContactHasher, resolve_hasher
from dataward.consent.models import SuppressionEntry
from dataward.inventory.identity import Identity

REASON = re.compile(r"[a-z][a-z0-9_]{0,31}")
BATCH = 10_000
ENTRIES = cast(Table, SuppressionEntry.__table__)


@dataclass(frozen=True)
class Suppressed:
    """The outcome of :func:`suppress`: ``added`` is False when the contact was already listed."""

    added: bool
    hash_hex: str
    key_id: str


def suppress(
    session: Session,
    contact: Identity | str,
    reason: str,
    source: str,
    *,
    hasher: ContactHasher | None = None,
    actor: str | None = None,
) -> Suppressed:
    """Put ``contact`` (an email or phone, raw or normalised) on the suppression list.

    Idempotent. ``reason`` is a short word (``unsubscribe``, ``complaint``, ``retention``);
    ``source`` says who asked (``api``, ``one_click``, ``retention:subscriber_unsubscribes``).
    Without ``hasher`` the key in force is read (environment, else the store).
    """
    identity = contact if isinstance(contact, Identity) else contact_identity(contact)
    if identity.kind not in ("email", "phone"):
        raise ConsentInputError("contact", f"a {identity.kind} is not a contact")
    if not REASON.fullmatch(reason):
        raise ConsentInputError("reason", f"{reason!r} is not a short lower-case word")
    if not source.strip() or len(source) > 100:
        raise ConsentInputError("source", "must be 1 to 100 characters")
    hasher = hasher or resolve_hasher(session)
    digest = hasher.digest(str(identity))
    added = insert_hashes(session, [digest], hasher.key_id, reason, source) == 1
    if added:
        AuditLog().append(
            session,
            actor=actor or source,
            action="suppression.added",
            target=f"suppression:{digest.hex()[:16]}",
            details={"reason": reason, "source": source, "key_id": hasher.key_id},
        )
    return Suppressed(added, digest.hex(), hasher.key_id)


def is_suppressed(session: Session, contact: Identity, hasher: ContactHasher) -> bool:
    """Ask the store (the in-memory index answers the same, faster)."""
    return active_entry(session, hasher.digest(str(contact))) is not None


def active_entry(session: Session, digest: bytes) -> SuppressionEntry | None:
    """The entry listing ``digest`` now (not lifted), if any."""
    return session.scalars(
        select(SuppressionEntry).where(
            SuppressionEntry.contact_hash == digest, SuppressionEntry.lifted_at.is_(None)
        )
    ).one_or_none()


def prefix_listed(session: Session, prefix: bytes) -> bool:
    """Is any contact whose hash starts with the 8 bytes ``prefix`` listed now?

    What the in-memory index keeps per contact; a range over the hashes, so that the active
    entries' unique index answers it.
    """
    return bool(
        session.execute(
            select(
                exists().where(
                    SuppressionEntry.contact_hash >= prefix + bytes(24),
                    SuppressionEntry.contact_hash <= prefix + b"\xff" * 24,
                    SuppressionEntry.lifted_at.is_(None),
                )
            )
        ).scalar()
    )


def insert_hashes(
    session: Session, digests: Iterable[bytes], key_id: str, reason: str, source: str
) -> int:
    """Insert entries, skipping hashes already listed; returns how many were new."""
    now = datetime.now(UTC)
    added = 0
    batch: list[dict[str, Any]] = []
    for digest in digests:
        batch.append(
            {
                "contact_hash": digest,
                "key_id": key_id,
                "reason": reason,
                "source": source,
                "recorded_at": now,
            }
        )
        if len(batch) >= BATCH:
            added += _insert_ignore(session, batch)
            batch = []
    if batch:
        added += _insert_ignore(session, batch)
    return added


def _insert_ignore(session: Session, rows: list[dict[str, Any]]) -> int:
    # ON CONFLICT DO NOTHING (no target: the arbiter is the partial unique index over the
    # entries not lifted): concurrent writers of the same hash cannot fail each other, an
    # import can repeat, and a contact lifted earlier is listed again by a new entry.
    # Counting what was new: SQLite's executemany sums the rows each INSERT changed (an
    # ignored conflict changes none); psycopg reports no such sum, so on PostgreSQL RETURNING
    # yields the rows actually inserted.
    if session.get_bind().dialect.name == "postgresql":
        statement = postgresql.insert(ENTRIES).on_conflict_do_nothing().returning(ENTRIES.c.id)
        return len(session.execute(statement, rows).all())
    result = session.execute(sqlite.insert(ENTRIES).on_conflict_do_nothing(), rows)
    return int(result.rowcount)  # type: ignore[attr-defined]


def list_size(session: Session, key_id: str | None = None) -> int:
    """How many contacts are listed now (made with ``key_id``, when given)."""
    statement = (
        select(func.count())
        .select_from(SuppressionEntry)
        .where(SuppressionEntry.lifted_at.is_(None))
    )
    if key_id is not None:
        statement = statement.where(SuppressionEntry.key_id == key_id)
    return int(session.execute(statement).scalar_one())


def iter_digests(session: Session, key_id: str, batch: int = 50_000) -> Iterator[bytes]:
    """Every hash made with ``key_id`` and listed now, in insertion order, streamed."""
    statement = (
        select(SuppressionEntry.contact_hash)
        .where(SuppressionEntry.key_id == key_id, SuppressionEntry.lifted_at.is_(None))
        .order_by(SuppressionEntry.id)
        .execution_options(yield_per=batch)
    )
    for (digest,) in session.execute(statement):
        yield bytes(digest)
