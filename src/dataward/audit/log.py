"""Appending to the audit log, inside the caller's transaction."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from dataward.audit.errors import AuditError
from dataward.audit.hashing import canonical_json, entry_hash
from dataward.audit.models import AuditEntry, AuditHead

# 'retention.batch', 'request.approved', 'policy.loaded': lower-case dotted words.
ACTION_PATTERN = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")
MAX_LENGTHS = {"actor": 255, "action": 100, "target": 500}
_ENTRY = cast(Table, AuditEntry.__table__)
_HEAD = cast(Table, AuditHead.__table__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class AuditLog:
    """Writes audit entries. ``clock`` is injectable so tests can fix the time."""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self._clock = clock

    def append(
        self,
        session: Session,
        *,
        actor: str,
        action: str,
        target: str = "",
        details: Mapping[str, Any] | None = None,
    ) -> AuditEntry:
        """Add an entry to ``session``'s transaction and return it; never commits.

        The entry commits or rolls back with the change it records. Appends from concurrent
        transactions take turns on the chain head (PostgreSQL: a row lock held until the
        caller's commit; SQLite: the write lock BEGIN IMMEDIATE took), so the chain cannot
        fork. Keep the transaction short after appending: other appends wait for it.

        Example::

            with Session(engine) as session, session.begin():
                deleted = run_batch(session, rule)
                audit.append(session, actor="retention", action="retention.batch",
                             target="dataset:cdr", details={"rule": rule.id, "rows": deleted})
        """
        _check_text(actor=actor, action=action, target=target)
        if not ACTION_PATTERN.fullmatch(action):
            raise ValueError(f"action {action!r} is not lower-case dotted words (e.g. x.y)")
        details_json = canonical_json(details or {})
        head_seq, head_hash = _lock_head(session)
        # Read the clock only once the head is ours, so time order follows seq order
        # (unless the system clock steps back).
        recorded_at = self._clock().astimezone(UTC)
        fields: dict[str, Any] = {
            "seq": head_seq + 1,
            "recorded_at": recorded_at,
            "actor": actor,
            "action": action,
            "target": target,
            "details_json": details_json,
            "prev_hash": head_hash,
        }
        row = {**fields, "hash": entry_hash(**fields)}
        # Core statements on the tables, not the ORM's unit of work, which cost an erasure
        # more CPU than its own statements did. The INSERT runs now, so a duplicate seq (the
        # UNIQUE last line of defence) fails here, at the append that caused it.
        stored = {
            "details" if name == "details_json" else name: value for name, value in row.items()
        }
        session.execute(insert(_ENTRY).values(stored))
        session.execute(
            update(_HEAD).where(_HEAD.c.id == 1).values(seq=row["seq"], hash=row["hash"])
        )
        return AuditEntry(**row)


def _lock_head(session: Session) -> tuple[int, str]:
    # Columns, not the ORM object: an identity-mapped head left over from an earlier
    # transaction would hand out a stale seq. FOR UPDATE is ignored by SQLite, whose
    # BEGIN IMMEDIATE already holds the database's write lock.
    row = session.execute(
        select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
    ).one_or_none()
    if row is None:
        raise AuditError(
            "the audit chain head (table audit_head) is missing: run `dataward db upgrade`, "
            "then `dataward audit verify`"
        )
    return int(row.seq), str(row.hash)


def _check_text(**fields: str) -> None:
    # The same limits on every database: SQLite would silently store longer text.
    for name, value in fields.items():
        if not value.strip() and name != "target":
            raise ValueError(f"audit {name} must not be empty")
        if len(value) > MAX_LENGTHS[name]:
            raise ValueError(f"audit {name} is longer than {MAX_LENGTHS[name]} characters")
