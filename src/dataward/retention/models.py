"""Retention's tables in dataward's store: runs, their steps, the batch mirror, keys, settings.

The batches themselves are first recorded in the governed database (the ledger, see
:mod:`dataward.retention.ledger`); ``retention_batch`` mirrors each ledger row once, with
the audit entry it became, and its primary key is what makes a double append impossible.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dataward.store import Base, UtcDateTime


class RetentionRun(Base):
    """One sweep at one ``as_of``; persisted with its steps before anything is deleted."""

    __tablename__ = "retention_run"
    __table_args__ = (Index("ix_retention_run_status", "status", "started_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    as_of: Mapped[datetime] = mapped_column(UtcDateTime)
    # running → finished; a crashed run stays "running" until the next run resumes it;
    # a run replaced by one with another as_of becomes "superseded".
    status: Mapped[str] = mapped_column(String(20))
    batch_size: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    rows_changed: Mapped[int] = mapped_column(BigInteger, default=0)


class RetentionRunStep(Base):
    """One rule × dataset (× customer) of a run: what it will do and how far it got."""

    __tablename__ = "retention_run_step"

    run_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("retention_run.id"), primary_key=True
    )
    step_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(64))
    dataset: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(20))
    cutoff: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # pending → done | held | blocked | failed
    status: Mapped[str] = mapped_column(String(20))
    rows_due: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    rows_done: Mapped[int] = mapped_column(BigInteger, default=0)
    batches: Mapped[int] = mapped_column(Integer, default=0)
    # Keyset position of null/pseudonymise steps (JSON), so a resumed step skips ahead.
    position_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class RetentionBatch(Base):
    """A ledger row copied into the audit log; the key stops it from being copied twice."""

    __tablename__ = "retention_batch"

    run_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    step_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    batch_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    rows: Mapped[int] = mapped_column(BigInteger)
    audit_seq: Mapped[int] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ManagedKey(Base):
    """A secret dataward generated once (pseudonymisation, suppression hashing)."""

    __tablename__ = "managed_key"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    secret_hex: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CustomerRetention(Base):
    """A customer's own retention period for the content it sends (processor instructions)."""

    __tablename__ = "customer_retention"

    customer_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    years: Mapped[int] = mapped_column(Integer, default=0)
    months: Mapped[int] = mapped_column(Integer, default=0)
    days: Mapped[int] = mapped_column(Integer, default=0)
    set_by: Mapped[str] = mapped_column(String(255))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)
