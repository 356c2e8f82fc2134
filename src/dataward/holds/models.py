"""The legal hold table in dataward's store."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dataward.store import Base, UtcDateTime


class HoldScope(StrEnum):
    """What a hold covers."""

    subject = "subject"  # one person, by a normalised identity (email, phone, any kind)
    customer = "customer"  # every row reachable from a customer id
    dataset = "dataset"  # a whole dataset (``system.dataset``): retention skips it


class LegalHold(Base):
    """A legal hold: while active, retention and erasure leave the rows it covers alone.

    Active at ``as_of`` when ``starts_at <= as_of < ends_at`` (no ``ends_at``: open-ended)
    and it was not released. Rows are never deleted: a released hold stays as the record.
    """

    __tablename__ = "legal_hold"
    __table_args__ = (
        CheckConstraint("scope IN ('subject', 'customer', 'dataset')", name="scope_known"),
        Index("ix_legal_hold_case_ref", "case_ref"),
        Index("ix_legal_hold_released_at", "released_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_ref: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20))
    # The identity kind of a subject hold (email, phone, customer_id…); for a customer hold
    # the customer identity kind; for a dataset hold empty.
    kind: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    released_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    released_by: Mapped[str | None] = mapped_column(String(255), nullable=True)

    def is_active(self, as_of: datetime) -> bool:
        if self.released_at is not None:
            return False
        return self.starts_at <= as_of and (self.ends_at is None or as_of < self.ends_at)

    def as_dict(self) -> dict[str, Any]:
        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment is not None else None

        return {
            "id": self.id,
            "case": self.case_ref,
            "scope": self.scope,
            "kind": self.kind,
            "value": self.value,
            "reason": self.reason,
            "from": iso(self.starts_at),
            "until": iso(self.ends_at),
            "created_by": self.created_by,
            "created_at": iso(self.created_at),
            "released_at": iso(self.released_at),
            "released_by": self.released_by,
        }
