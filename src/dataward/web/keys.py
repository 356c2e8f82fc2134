"""The web layer's secrets, derived from the store's managed pseudonym key.

One secret to manage (``DATAWARD_PSEUDONYM_KEY``, else generated once in the store, as the
requests package does), separate keys per use, so that a session cookie's signature can
never pass as a CSRF token or a preferences link.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dataward.retention.keys import PSEUDONYM_KEY, managed_key


def _derive(secret: bytes, label: str) -> bytes:
    return hmac.digest(secret, f"dataward web {label} v1".encode(), "sha256")


@dataclass(frozen=True)
class WebKeys:
    sessions: bytes
    csrf: bytes
    links: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> WebKeys:
        return cls(_derive(secret, "sessions"), _derive(secret, "csrf"), _derive(secret, "links"))

    @staticmethod
    def sign(key: bytes, message: str) -> str:
        return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()

    @classmethod
    def check(cls, key: bytes, message: str, signature: str) -> bool:
        return hmac.compare_digest(cls.sign(key, message), signature)


def web_keys(session: Session) -> WebKeys:
    """The keys in force; the secret is created in ``session`` on first use (commit it)."""
    return WebKeys.from_secret(managed_key(session, PSEUDONYM_KEY))
