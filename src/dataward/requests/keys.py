"""Keyed hashes and signatures of the requests package, from one managed secret.

Codes are six digits: a plain hash of one falls to a million guesses, so every code,
requester token and download link is an HMAC under a key derived from the store's
pseudonym key (``DATAWARD_PSEUDONYM_KEY`` or ``managed_key``). Deriving keeps one secret
to manage while the uses stay separate (a code hash can never pass as a link signature).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dataward.retention.keys import PSEUDONYM_KEY, managed_key


def _derive(key: bytes, label: str) -> bytes:
    return hmac.digest(key, f"dataward requests {label} v1".encode(), "sha256")


@dataclass(frozen=True)
class RequestKeys:
    codes: bytes
    identities: bytes
    links: bytes

    @classmethod
    def from_secret(cls, secret: bytes) -> RequestKeys:
        return cls(
            _derive(secret, "codes"), _derive(secret, "identities"), _derive(secret, "links")
        )

    def code_hash(self, challenge: str, code: str) -> str:
        return hmac.new(self.codes, f"{challenge}:{code}".encode(), hashlib.sha256).hexdigest()

    def digest(self, value: str) -> str:
        """For rate limits: who asked, without keeping who it was."""
        return hmac.new(self.identities, value.encode(), hashlib.sha256).hexdigest()

    def sign(self, message: str) -> str:
        return hmac.new(self.links, message.encode(), hashlib.sha256).hexdigest()

    def check(self, message: str, signature: str) -> bool:
        return hmac.compare_digest(self.sign(message), signature)


def request_keys(session: Session) -> RequestKeys:
    """The keys in force (the secret is created in ``session`` on first use)."""
    return RequestKeys.from_secret(managed_key(session, PSEUDONYM_KEY))
