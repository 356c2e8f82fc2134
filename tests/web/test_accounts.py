"""Staff accounts: scrypt hashes, lockout after wrong passwords, server-side sessions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from dataward.staff import Role
from dataward.store import Settings, open_store
from dataward.web.accounts import (
    MAX_FAILURES,
    AccountError,
    create_user,
    disable_user,
    log_in,
)
from dataward.web.keys import WebKeys
from dataward.web.passwords import PasswordError, hash_password, verify_password
from dataward.web.sessions import end_session, load_session, start_session

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
KEYS = WebKeys.from_secret(b"k" * 32)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def session(sqlite_url: str) -> Iterator[Session]:
    engine = open_store(Settings(sqlite_url))
    with Session(engine) as session, session.begin():
        yield session
    engine.dispose()


def test_passwords_are_salted_scrypt_hashes() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt$") and first != second and PASSWORD not in first
    assert verify_password(PASSWORD, first) and verify_password(PASSWORD, second)
    assert not verify_password(PASSWORD + "!", first)
    for broken in ("", "md5$x", "scrypt$1$2$3$!!$!!", first.replace("scrypt", "bcrypt")):
        assert not verify_password(PASSWORD, broken)
    with pytest.raises(PasswordError):
        hash_password("short")


def test_wrong_passwords_lock_the_account_for_a_while(session: Session) -> None:
    create_user(
        session,
        name="dpo",
        role=Role.privacy_officer,
        password=PASSWORD,
        created_by="test",
        now=NOW,
    )
    assert log_in(session, "dpo", PASSWORD, NOW) is not None
    for _ in range(MAX_FAILURES):
        assert log_in(session, "dpo", "wrong password!", NOW) is None
    assert log_in(session, "dpo", PASSWORD, NOW) is None  # locked, even with the right one
    assert log_in(session, "dpo", PASSWORD, NOW + timedelta(minutes=16)) is not None
    assert log_in(session, "nobody", PASSWORD, NOW) is None
    with pytest.raises(AccountError):
        create_user(
            session, name="dpo", role=Role.auditor, password=PASSWORD, created_by="test", now=NOW
        )


def test_a_session_ends_on_logout_expiry_tampering_and_disabling(session: Session) -> None:
    user = create_user(
        session, name="ana", role=Role.admin, password=PASSWORD, created_by="test", now=NOW
    )
    cookie = start_session(session, user, KEYS, NOW, timedelta(hours=8))
    assert load_session(session, cookie, KEYS, NOW).user.name == "ana"  # type: ignore[union-attr]
    assert load_session(session, cookie, KEYS, NOW + timedelta(hours=9)) is None
    # The last hex digit of the signature changed (to "0", or "1" where it was "0").
    tampered = cookie[:-1] + ("1" if cookie.endswith("0") else "0")
    assert load_session(session, tampered, KEYS, NOW) is None
    assert load_session(session, cookie, WebKeys.from_secret(b"x" * 32), NOW) is None
    end_session(session, cookie, KEYS)
    assert load_session(session, cookie, KEYS, NOW) is None

    again = start_session(session, user, KEYS, NOW, timedelta(hours=8))
    disable_user(session, "ana", disabled_by="test", now=NOW)
    assert load_session(session, again, KEYS, NOW) is None
    assert log_in(session, "ana", PASSWORD, NOW) is None
