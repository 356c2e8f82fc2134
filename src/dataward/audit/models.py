"""The audit tables: the entries, and the one-row head that records the last entry."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from dataward.audit.errors import AuditError
from dataward.store import Base, UtcDateTime


class AuditEntry(Base):
    """One link of the chain. Rows are only ever inserted, by ``AuditLog.append``."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        CheckConstraint("seq >= 1", name="seq_positive"),
        Index("ix_audit_entry_action", "action", "seq"),
        # The console shows one request's timeline: WHERE target = ? ORDER BY seq.
        Index("ix_audit_entry_target", "target", "seq"),
    )

    # The primary key is also the UNIQUE(seq) that makes a forked chain impossible to commit.
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(500))
    # Stored as the exact canonical text that was hashed, not as a JSON column: a database that
    # re-serialises JSON (jsonb reorders keys, rewrites numbers) would break every hash.
    details_json: Mapped[str] = mapped_column("details", Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    @property
    def details(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.details_json)
        return value

    def as_dict(self) -> dict[str, Any]:
        """The entry as plain JSON-ready data (for ``--json`` output and exports)."""
        return {
            "seq": self.seq,
            "recorded_at": self.recorded_at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


class AuditHead(Base):
    """The seq and hash of the newest entry; row id 1 only.

    Appends lock this row to take turns, and ``verify`` compares the end of the chain with
    it, which exposes entries deleted from, or added at, the end of the chain.
    """

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper: Mapper[Any], _connection: Any, entry: AuditEntry) -> None:
    # Catches a bug early; the chain itself is what catches anyone who bypasses the ORM.
    raise AuditError(f"audit entry {entry.seq} is append-only: it cannot be changed")
