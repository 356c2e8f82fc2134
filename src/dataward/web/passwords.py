"""Password hashes for staff logins: scrypt from the standard library, salted per user.

Stored as ``scrypt$n$r$p$salt$hash`` (base64), so the cost can be raised later and old
hashes still check. n=2**14, r=8 costs ~16 MiB and tens of milliseconds per check: cheap
for one login, expensive for someone guessing offline.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

N, R, P = 2**14, 8, 1
KEY_BYTES = 32
MIN_LENGTH = 12
MAX_LENGTH = 1024  # scrypt takes any length; a cap keeps a megabyte "password" out


class PasswordError(ValueError):
    """A password that may not be set (too short, too long)."""


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise PasswordError(f"a password has at most {MAX_LENGTH} characters")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode(), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=64 * 1024 * 1024
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def hash_password(password: str) -> str:
    check_strength(password)
    salt = os.urandom(16)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(_scrypt(password, salt, N, R, P))}"


def verify_password(password: str, stored: str) -> bool:
    """Does ``password`` match ``stored``? False for any malformed hash, never an error."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt" or len(password) > MAX_LENGTH:
            return False
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(actual, base64.b64decode(expected))
    except ValueError:
        return False


# Checked when a name is unknown, so that a wrong name takes as long as a wrong password.
DUMMY_HASH = f"scrypt${N}${R}${P}${_b64(bytes(16))}${_b64(bytes(KEY_BYTES))}"
