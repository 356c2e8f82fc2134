"""The staff token table: who may use the staff API, with which role."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dataward.store import Base, UtcDateTime


class StaffToken(Base):
    """A bearer token; only its SHA-256 is stored (tokens are 256-bit random, not passwords)."""

    __tablename__ = "staff_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(String(255))
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
