"""How an audit entry is hashed: pure functions, so anyone can re-check the chain by hand.

    hash = sha256(utf8(json([seq, timestamp, actor, action, target, details, prev_hash])))

``json`` is compact JSON (no whitespace, non-ASCII kept as UTF-8); ``timestamp`` is the UTC
time as ISO 8601 with microseconds and ``+00:00``; ``details`` is the canonical JSON text of
the details object (keys sorted, no whitespace, UTF-8) embedded as a string. Encoding the
fields as a JSON array keeps them apart: no actor or target text can imitate a separator.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

# prev_hash of the first entry, and the head's hash while the log is empty.
GENESIS_HASH = "0" * 64


def canonical_json(details: Mapping[str, Any]) -> str:
    """The one serialisation of ``details`` that is stored and hashed.

    Raises TypeError for values JSON cannot hold (convert datetimes, Decimals first) and
    ValueError for NaN or infinity, which have no JSON form.
    """
    return json.dumps(
        details, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def timestamp_text(at: datetime) -> str:
    """The hashed form of an entry's time: UTC, ISO 8601, always with microseconds."""
    if at.tzinfo is None:
        raise ValueError(f"naive datetime {at!r}: audit times must be aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    seq: int,
    recorded_at: datetime,
    actor: str,
    action: str,
    target: str,
    details_json: str,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of one entry, chained to the entry before it through ``prev_hash``."""
    fields = [seq, timestamp_text(recorded_at), actor, action, target, details_json, prev_hash]
    payload = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
