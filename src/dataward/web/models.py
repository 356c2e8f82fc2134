"""The web layer's tables: staff users who log in with a password, and their sessions.

The staff package holds bearer tokens for the API; people using the console log in with a
name and a password instead, kept here as a scrypt hash (:mod:`dataward.web.passwords`).
A session row is keyed by the SHA-256 of its id, so a copy of the store does not hand out
live sessions. ``web_link_request`` counts preference links sent, to rate-limit them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dataward.store import Base, UtcDateTime


class StaffUser(Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    role: Mapped[str] = mapped_column(String(30))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class WebSession(Base):
    __tablename__ = "web_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("staff_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class WebLinkRequest(Base):
    """One preferences link sent: keyed digests of the contact and the client, and when."""

    __tablename__ = "web_link_request"
    __table_args__ = (
        Index("ix_web_link_request_contact", "contact_digest", "created_at"),
        Index("ix_web_link_request_client", "client_digest", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    contact_digest: Mapped[str] = mapped_column(String(64))
    client_digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
