"""Creating, checking and revoking staff bearer tokens; services never commit.

Roles: ``admin`` (everything, including tokens), ``privacy_officer`` (handles requests),
``auditor`` (reads only). A token is shown once, at creation; the store keeps its hash.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.staff.models import StaffToken

PREFIX = "dw_"


class Role(StrEnum):
    admin = "admin"
    privacy_officer = "privacy_officer"
    auditor = "auditor"


# Roles that may change things (every role may read).
WRITERS = frozenset({Role.admin, Role.privacy_officer})


@dataclass(frozen=True)
class StaffMember:
    """Who is calling: the token's name and role (the secret itself is never kept)."""

    id: int
    name: str
    role: Role

    @property
    def actor(self) -> str:
        return f"staff:{self.name}"

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, *, name: str, role: Role, created_by: str
) -> tuple[str, StaffToken]:
    """A new token (returned once, in clear) and its row; audited as ``staff.token_created``."""
    if not name.strip():
        raise ValueError("a token needs a name (whose it is)")
    token = PREFIX + secrets.token_urlsafe(32)
    row = StaffToken(
        name=name.strip(),
        role=role.value,
        token_hash=token_hash(token),
        created_at=datetime.now(UTC),
        created_by=created_by,
    )
    session.add(row)
    session.flush()
    AuditLog().append(
        session,
        actor=created_by,
        action="staff.token_created",
        target=f"staff_token:{row.id}",
        details={"name": row.name, "role": row.role},
    )
    return token, row


def authenticate(session: Session, token: str) -> StaffMember | None:
    """The staff member holding ``token``, or None (unknown or revoked)."""
    if not token.startswith(PREFIX):
        return None
    row = session.scalars(
        select(StaffToken).where(StaffToken.token_hash == token_hash(token))
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return StaffMember(row.id, row.name, Role(row.role))


def revoke_token(session: Session, token_id: int, *, revoked_by: str) -> StaffToken:
    row = session.get(StaffToken, token_id)
    if row is None:
        raise ValueError(f"no token with id {token_id}")
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        AuditLog().append(
            session,
            actor=revoked_by,
            action="staff.token_revoked",
            target=f"staff_token:{row.id}",
            details={"name": row.name, "role": row.role},
        )
    return row


def list_tokens(session: Session) -> list[StaffToken]:
    return list(session.scalars(select(StaffToken).order_by(StaffToken.id)))
