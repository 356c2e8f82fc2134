"""Managed keys and pseudonyms: keyed hashes that still group rows, under a kept secret.

Both are HMAC-SHA256 under a secret dataward generates once and keeps in its store
(``managed_key``), unless the environment supplies it (``DATAWARD_PSEUDONYM_KEY``,
``DATAWARD_SUPPRESSION_KEY``: 64 hex digits), e.g. from a secret manager. Separate keys
keep the two uses apart: a leaked pseudonym key cannot test contacts against the
suppression list (whose hashes :mod:`dataward.consent.keys` makes with the ``suppression``
key). Rotating a key breaks grouping across the rotation; keep it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from dataward.retention.compile import PSEUDONYM_PREFIX
from dataward.retention.models import ManagedKey

PSEUDONYM_KEY = "pseudonym"
SUPPRESSION_KEY = "suppression"
KEY_VARIABLES = {
    PSEUDONYM_KEY: "DATAWARD_PSEUDONYM_KEY",
    SUPPRESSION_KEY: "DATAWARD_SUPPRESSION_KEY",
}
# Shortest pseudonym worth writing: 64 bits of HMAC after the prefix.
MIN_HEX = 16


def managed_key(session: Session, name: str, environ: Mapping[str, str] | None = None) -> bytes:
    """The secret ``name``: from the environment, else the store, else generated and added.

    Generating adds a row to ``session``; the caller commits it before first use, so every
    later run (and every other process) reads the same key.
    """
    environ = os.environ if environ is None else environ
    supplied = environ.get(KEY_VARIABLES[name], "").strip()
    if supplied:
        try:
            key = bytes.fromhex(supplied)
        except ValueError:
            raise ValueError(f"{KEY_VARIABLES[name]} must be hex digits") from None
        if len(key) < 16:
            raise ValueError(f"{KEY_VARIABLES[name]} must hold at least 128 bits (32 hex digits)")
        return key
    stored = session.get(ManagedKey, name)
    if stored is None:
        stored = ManagedKey(
            name=name, secret_hex=secrets.token_hex(32), created_at=datetime.now(UTC)
        )
        session.add(stored)
        session.flush()
    return bytes.fromhex(stored.secret_hex)


@dataclass(frozen=True)
class Pseudonymiser:
    """``pz1:`` + hex HMAC of the value: equal values get equal pseudonyms, so rows group."""

    key: bytes

    def __call__(self, value: object, length: int | None = None) -> str:
        text = str(value)
        if text.startswith(PSEUDONYM_PREFIX):
            return text  # already a pseudonym: rewriting it would break grouping
        digest = hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()
        if length is not None:
            digest = digest[: max(MIN_HEX, length - len(PSEUDONYM_PREFIX))]
        return PSEUDONYM_PREFIX + digest
