"""One writer per subject at a time, so that no concurrent write can lose a withdrawal.

A consent write inserts its event and then recomputes the subject's current state from the
events. Two writers for the same subject that interleave could each recompute without seeing
the other's event, and the later commit would overwrite a withdrawal with a stale "given".
Taking a per-subject lock first makes the second writer wait and then see the first's event.

PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of the identity (released at
commit or rollback; unrelated subjects never wait for each other). SQLite: every dataward
transaction starts with ``BEGIN IMMEDIATE`` and already holds the database's write lock.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

_NAMESPACE = b"dataward.consent.subject\0"


def lock_key(identity: str) -> int:
    """A signed 64-bit key for ``pg_advisory_xact_lock`` (collisions only make writers wait)."""
    digest = hashlib.blake2b(_NAMESPACE + identity.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock_subject(session: Session, identity: str) -> None:
    """Hold the subject's write lock until the caller's transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(lock_key(identity))))
