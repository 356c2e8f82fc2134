"""The consent tables. Histories are append-only; a current state is derived from them.

Ids are monotonic (``sqlite_autoincrement``: SQLite never reuses a deleted row's id), which the
in-memory index relies on to read only what is new (see :mod:`dataward.consent.watermark`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from dataward.store import Base, UtcDateTime

Id = BigInteger().with_variant(Integer(), "sqlite")
IDENTITY_LENGTH = 320  # 'email:' + the longest valid address (254)


class ConsentEvent(Base):
    """One consent given or withdrawn, as the subject did it; never updated."""

    __tablename__ = "consent_event"
    __table_args__ = (
        CheckConstraint("action IN ('given', 'withdrawn')", name="action"),
        Index("ix_consent_event_subject", "identity", "purpose", "occurred_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    identity: Mapped[str] = mapped_column(String(IDENTITY_LENGTH))
    purpose: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(10))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    notice_version: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str | None] = mapped_column(String(32))


class ConsentState(Base):
    """The latest event of a subject and purpose by (occurred_at, id): the current consent.

    ``ends_at`` is when the consent ends or ended (the withdrawal, or the expiry of a given
    consent); the retention engine's ``consent_end`` anchor reads it through
    :func:`dataward.consent.ledger.ended_consents`.
    """

    __tablename__ = "consent_state"
    __table_args__ = (Index("ix_consent_state_ends", "purpose", "ends_at"),)

    identity: Mapped[str] = mapped_column(String(IDENTITY_LENGTH), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(Id, ForeignKey("consent_event.id"))
    action: Mapped[str] = mapped_column(String(10))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    notice_version: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(100))


class ProcessingFlag(Base):
    """An objection or restriction set or lifted; the latest per (identity, kind, purpose) holds.

    ``purpose`` NULL means every purpose the flag can apply to (see ``PurposeRule``).
    ``reference`` points at what caused it, such as a data-subject request.
    """

    __tablename__ = "processing_flag"
    __table_args__ = (
        CheckConstraint("kind IN ('objection', 'restriction')", name="kind"),
        Index("ix_processing_flag_subject", "identity", "occurred_at", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    identity: Mapped[str] = mapped_column(String(IDENTITY_LENGTH))
    kind: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    source: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str | None] = mapped_column(String(200))


class AgeFact(Base):
    """A birth date learned about a subject (an account's sign-up form, a verified document)."""

    __tablename__ = "age_fact"
    __table_args__ = (
        Index("ix_age_fact_identity", "identity", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    identity: Mapped[str] = mapped_column(String(IDENTITY_LENGTH))
    birth_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CookieConsent(Base):
    """A website visitor's cookie choice; the latest row of a visitor holds."""

    __tablename__ = "cookie_consent"
    __table_args__ = (
        Index("ix_cookie_consent_visitor", "visitor_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    visitor_id: Mapped[str] = mapped_column(String(64))
    granted: Mapped[str] = mapped_column(String(500))  # category ids, comma-separated, sorted
    gpc: Mapped[bool] = mapped_column(Boolean)
    notice_version: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)


ACTIVE = text("lifted_at IS NULL")


class SuppressionEntry(Base):
    """A contact never to be marketed to again, kept only as its keyed hash.

    ``contact_hash`` is ``HMAC-SHA256(key, "email:ana@example.com")`` (kind, colon, normalised
    contact: the same message the retention engine hashes), made with the key ``key_id``.
    An entry is lifted (``lifted_at``) only by a fresh consent (:class:`SuppressionLift`) and
    kept as history; a contact has at most one entry not lifted.
    """

    __tablename__ = "suppression_list"
    __table_args__ = (
        Index(
            "uq_suppression_list_active",
            "contact_hash",
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    contact_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    key_id: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SuppressionLift(Base):
    """A suppression entry lifted because the contact subscribed again: the consent event
    that proves it, for which purpose, through which source. Never updated."""

    __tablename__ = "suppression_lift"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    entry_id: Mapped[int] = mapped_column(Id, ForeignKey("suppression_list.id"))
    contact_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    consent_event_id: Mapped[int] = mapped_column(Id, ForeignKey("consent_event.id"))
    purpose: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(100))
    lifted_at: Mapped[datetime] = mapped_column(UtcDateTime)
