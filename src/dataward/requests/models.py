"""The requests tables in dataward's store.

A request row holds the person's normalised contacts only for as long as the request
needs them to be handled; codes, requester tokens and client addresses are stored as
keyed hashes. JSON columns are Text (not a JSON type): SQLite and PostgreSQL then hold
exactly the same text, and nothing reorders it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dataward.store import Base, UtcDateTime


def _load(text: str | None) -> Any:
    return json.loads(text) if text else None


class DsrRequest(Base):
    __tablename__ = "dsr_request"
    __table_args__ = (
        Index("ix_dsr_request_status_due", "status", "due_at"),
        Index("ix_dsr_request_received_at", "received_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(30))
    country: Mapped[str] = mapped_column(String(10))
    jurisdiction: Mapped[str] = mapped_column(String(10))
    relationship: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    details_json: Mapped[str] = mapped_column("details", Text, default="{}")
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(255), nullable=True)
    close_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ack_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    deadline_json: Mapped[str] = mapped_column("deadline", Text)
    extension_total: Mapped[int] = mapped_column(Integer, default=0)
    extensions_json: Mapped[str] = mapped_column("extensions", Text, default="[]")
    # Set while the response clock is stopped (awaiting the requester); see requests.pauses.
    paused_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    pauses_json: Mapped[str] = mapped_column("pauses", Text, default="[]")
    result_json: Mapped[str] = mapped_column("result", Text, default="{}")
    export_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    requester_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    client_digest: Mapped[str] = mapped_column(String(64), default="")

    @property
    def details(self) -> dict[str, Any]:
        return dict(_load(self.details_json) or {})

    @property
    def deadline(self) -> dict[str, Any]:
        return dict(_load(self.deadline_json) or {})

    @property
    def extensions(self) -> list[dict[str, Any]]:
        return list(_load(self.extensions_json) or [])

    @property
    def pauses(self) -> list[dict[str, Any]]:
        return list(_load(self.pauses_json) or [])

    @property
    def clock_start(self) -> datetime:
        """When the response clock started: receipt, moved later by every finished pause."""
        moved = sum(item.get("moved_seconds", 0) for item in self.pauses)
        return self.received_at + timedelta(seconds=moved)

    @property
    def result(self) -> dict[str, Any]:
        return dict(_load(self.result_json) or {})

    def set_result(self, **values: Any) -> None:
        self.result_json = json.dumps(self.result | values, sort_keys=True, default=str)


class DsrChallenge(Base):
    """A one-time code sent to one contact of a request; only its keyed hash is kept."""

    __tablename__ = "dsr_challenge"
    __table_args__ = (
        Index("ix_dsr_challenge_identity", "identity_digest", "created_at"),
        Index("ix_dsr_challenge_client", "client_digest", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(String(36), ForeignKey("dsr_request.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    identity_digest: Mapped[str] = mapped_column(String(64))
    client_digest: Mapped[str] = mapped_column(String(64))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    consumed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    locked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DsrTask(Base):
    """One system's share of an erasure or rectification; written before any I/O."""

    __tablename__ = "dsr_task"

    request_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("dsr_request.id"), primary_key=True
    )
    system: Mapped[str] = mapped_column(String(128), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # Values of cross-system relations into this system, read before anything was erased.
    keys_json: Mapped[str | None] = mapped_column("keys", Text, nullable=True)
    result_json: Mapped[str] = mapped_column("result", Text, default="{}")
    error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    @property
    def keys(self) -> dict[str, list[Any]] | None:
        value = _load(self.keys_json)
        return None if value is None else dict(value)

    @property
    def result(self) -> dict[str, Any]:
        return dict(_load(self.result_json) or {})


class DsrOutboxMessage(Base):
    """A message to a requester, kept in the store: the default outbox for local use."""

    __tablename__ = "dsr_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    channel: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DsrCustomerEndpoint(Base):
    """Where a customer (we are its processor) receives its end-users' requests."""

    __tablename__ = "dsr_customer_endpoint"

    customer_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    secret_hex: Mapped[str] = mapped_column(String(128))
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DsrDelivery(Base):
    """One forwarding of a request to a customer, and how it went."""

    __tablename__ = "dsr_delivery"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(String(36), ForeignKey("dsr_request.id"), index=True)
    customer_id: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(10))  # webhook / email / none
    status: Mapped[str] = mapped_column(String(20))  # delivered / failed / no_endpoint
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
