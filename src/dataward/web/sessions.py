"""Server-side console sessions: the cookie carries a signed random id, the store the rest.

Logging out or disabling a user deletes the row, so the cookie stops working at once; a
signed cookie alone could not be taken back. The row is keyed by the id's SHA-256.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from dataward.web.keys import WebKeys
from dataward.web.models import StaffUser, WebSession

COOKIE = "dataward_session"


@dataclass(frozen=True)
class LoggedIn:
    user: StaffUser
    session_id: str


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(
    session: Session, user: StaffUser, keys: WebKeys, now: datetime, lifetime: timedelta
) -> str:
    """A new session for ``user``; returns the cookie value. Expired rows are swept here."""
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    session_id = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            id_hash=_hash(session_id), user_id=user.id, created_at=now, expires_at=now + lifetime
        )
    )
    return f"{session_id}.{keys.sign(keys.sessions, session_id)}"


def _session_id(cookie: str, keys: WebKeys) -> str | None:
    session_id, _, signature = cookie.partition(".")
    if not session_id or not WebKeys.check(keys.sessions, session_id, signature):
        return None
    return session_id


def load_session(session: Session, cookie: str, keys: WebKeys, now: datetime) -> LoggedIn | None:
    """The user of a live session, or None (bad signature, expired, ended, user disabled)."""
    session_id = _session_id(cookie, keys)
    if session_id is None:
        return None
    row = session.get(WebSession, _hash(session_id))
    if row is None or row.expires_at <= now:
        return None
    user = session.get(StaffUser, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    return LoggedIn(user, session_id)


def end_session(session: Session, cookie: str, keys: WebKeys) -> None:
    session_id = _session_id(cookie, keys)
    if session_id is not None:
        session.execute(delete(WebSession).where(WebSession.id_hash == _hash(session_id)))
