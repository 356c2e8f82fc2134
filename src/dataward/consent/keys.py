"""The suppression key, and the keyed hashes made with it.

A suppression entry is ``HMAC-SHA256(key, "kind:normalised contact")``: without the key
nobody can test whether an address is on the list, so an export can be shared with a partner
who holds the key and nobody else. The key is the store's managed ``suppression`` key
(:func:`dataward.retention.keys.managed_key`: ``DATAWARD_SUPPRESSION_KEY``, else generated
once and kept in ``managed_key``), shared with the retention engine so that both hash alike.
Every entry records the id of the key it was made with, so a changed key shows instead of
silently matching nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from dataward.consent.errors import SuppressionKeyError

if TYPE_CHECKING:
    from dataward.consent.hashindex import Hashes

MIN_KEY_BYTES = 16
_BLOCK = 64  # SHA-256 block size
_TOKEN_LABEL = b"dataward one-click unsubscribe v1"
_PSEUDONYM_LABEL = b"dataward consent audit pseudonym v1"


class ContactHasher:
    """Keyed hashes of identities (``str(Identity)``), with the HMAC state precomputed."""

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise SuppressionKeyError(f"the suppression key must be at least {MIN_KEY_BYTES} bytes")
        # HMAC (RFC 2104) from two precomputed SHA-256 states: copying a C hash object costs
        # a third of copying an ``hmac.HMAC``, and a decision hashes every contact it checks.
        block = (hashlib.sha256(key).digest() if len(key) > _BLOCK else key).ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in block))
        self._outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in block))
        self.key_id = hashlib.sha256(b"dataward suppression key id\0" + key).hexdigest()[:16]
        # Derived keys: one secret to manage, separate uses that cannot be confused.
        self.token_key = hmac.digest(key, _TOKEN_LABEL, "sha256")
        self._pseudonym_key = hmac.digest(key, _PSEUDONYM_LABEL, "sha256")

    def digest(self, identity: str) -> bytes:
        """``HMAC-SHA256(key, identity)`` for a normalised ``email:ana@example.com``."""
        inner = self._inner.copy()
        inner.update(identity.encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def hash64(self, identity: str) -> int:
        """The first 8 bytes of :meth:`digest` as an unsigned integer: the in-memory key."""
        return int.from_bytes(self.digest(identity)[:8], "big")

    def hash64_many(self, identities: Iterable[str]) -> Hashes:
        """:meth:`hash64` of each identity as a ``uint64`` array (one loop, no int objects)."""
        # NumPy loads here, not with the module: retention and the CLI hash contacts one by
        # one and start a third of a second sooner without it.
        import numpy as np

        inner_copy, outer_copy = self._inner.copy, self._outer.copy
        prefixes = []
        for identity in identities:
            inner = inner_copy()
            inner.update(identity.encode())
            outer = outer_copy()
            outer.update(inner.digest())
            prefixes.append(outer.digest()[:8])
        return np.frombuffer(b"".join(prefixes), dtype=">u8").astype(np.uint64)

    def pseudonym(self, identity: str) -> str:
        """A stable reference to a person for the audit log, which can never be erased."""
        return hmac.digest(self._pseudonym_key, identity.encode(), "sha256").hex()[:24]


def resolve_hasher(session: Session, environ: Mapping[str, str] | None = None) -> ContactHasher:
    """The hasher for the key in force (generated in ``session`` on first use)."""
    # Imported here: the retention package imports this module (one list, one hasher), and
    # its __init__ would otherwise be half-initialised when this module loads.
    from dataward.retention.keys import SUPPRESSION_KEY, managed_key

    try:
        return ContactHasher(managed_key(session, SUPPRESSION_KEY, environ))
    except ValueError as error:
        raise SuppressionKeyError(str(error)) from None
