"""Staff users of the console: create, log in, list, disable. Services never commit.

Roles are the staff package's (:class:`~dataward.staff.Role`): admin, privacy officer,
auditor (reads only). A logged-in user acts as a :class:`~dataward.staff.StaffMember`, so
the audit log names console and API actions alike (``staff:<name>``).

Five wrong passwords in a row lock the account for fifteen minutes: a guesser gets a
handful of tries per quarter hour, the owner waits a little.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.staff import Role, StaffMember
from dataward.web.models import StaffUser, WebSession
from dataward.web.passwords import DUMMY_HASH, hash_password, verify_password

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)


class AccountError(ValueError):
    """A user that cannot be created or changed; the message says why."""


def member_of(user: StaffUser) -> StaffMember:
    return StaffMember(user.id, user.name, Role(user.role))


def find_user(session: Session, name: str) -> StaffUser | None:
    return session.scalars(select(StaffUser).where(StaffUser.name == name.strip())).one_or_none()


def create_user(
    session: Session, *, name: str, role: Role, password: str, created_by: str, now: datetime
) -> StaffUser:
    """A new user (audited as ``staff.user_created``); raises PasswordError, AccountError."""
    clean = name.strip()
    if not clean or len(clean) > 255 or any(ch.isspace() for ch in clean):
        raise AccountError("a user name is 1-255 characters without spaces")
    if find_user(session, clean) is not None:
        raise AccountError(f"there is already a user named {clean!r}")
    user = StaffUser(
        name=clean,
        role=role.value,
        password_hash=hash_password(password),
        created_at=now,
        created_by=created_by,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    _audit(session, created_by, "staff.user_created", user)
    return user


def log_in(session: Session, name: str, password: str, now: datetime) -> StaffUser | None:
    """The user when the password is right and the account usable; counts failures."""
    user = find_user(session, name)
    if user is None:
        verify_password(password, DUMMY_HASH)
        return None
    if user.disabled_at is not None or (user.locked_until and user.locked_until > now):
        verify_password(password, DUMMY_HASH)
        return None
    if not verify_password(password, user.password_hash):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.failed_logins, user.locked_until = 0, now + LOCK_FOR
            _audit(session, "dataward", "staff.user_locked", user)
        return None
    user.failed_logins, user.locked_until = 0, None
    _audit(session, member_of(user).actor, "staff.logged_in", user)
    return user


def list_users(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.id)))


def disable_user(session: Session, name: str, *, disabled_by: str, now: datetime) -> StaffUser:
    """Disable a user and end their sessions at once (audited as ``staff.user_disabled``)."""
    user = find_user(session, name)
    if user is None:
        raise AccountError(f"no user named {name!r}")
    if user.disabled_at is None:
        user.disabled_at = now
        session.execute(delete(WebSession).where(WebSession.user_id == user.id))
        _audit(session, disabled_by, "staff.user_disabled", user)
    return user


def _audit(session: Session, actor: str, action: str, user: StaffUser) -> None:
    AuditLog().append(
        session,
        actor=actor,
        action=action,
        target=f"staff_user:{user.id}",
        details={"name": user.name, "role": user.role},
    )
