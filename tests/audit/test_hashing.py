from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from dataward.audit import GENESIS_HASH, canonical_json, entry_hash

FIELDS: dict[str, Any] = {
    "seq": 7,
    "recorded_at": datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
    "actor": "dpo@example.com",
    "action": "request.approved",
    "target": "request:42",
    "details_json": '{"a":1,"b":"č"}',
    "prev_hash": GENESIS_HASH,
}


def test_canonical_json_sorts_keys_drops_whitespace_keeps_utf8() -> None:
    text = canonical_json({"b": [1, 2], "a": {"z": "Zagreb", "č": "ć"}, "c": None})
    assert text == '{"a":{"z":"Zagreb","č":"ć"},"b":[1,2],"c":null}'


def test_canonical_json_refuses_what_json_cannot_hold() -> None:
    with pytest.raises(TypeError):
        canonical_json({"when": datetime.now(UTC)})
    with pytest.raises(ValueError):
        canonical_json({"ratio": float("nan")})


def test_entry_hash_is_the_documented_formula() -> None:
    # Written out by hand from docs/audit.md, independently of the implementation.
    payload = (
        '[7,"2025-03-01T12:00:00.000000+00:00","dpo@example.com","request.approved",'
        '"request:42","{\\"a\\":1,\\"b\\":\\"č\\"}","' + "0" * 64 + '"]'
    )
    assert entry_hash(**FIELDS) == hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_the_same_instant_in_another_zone_hashes_the_same() -> None:
    zagreb = FIELDS["recorded_at"].astimezone(timezone(timedelta(hours=1)))
    assert entry_hash(**{**FIELDS, "recorded_at": zagreb}) == entry_hash(**FIELDS)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq", 8),
        ("recorded_at", datetime(2025, 3, 1, 12, 0, 0, 1, tzinfo=UTC)),
        ("actor", "dpo@example.org"),
        ("action", "request.rejected"),
        ("target", "request:43"),
        ("details_json", '{"a":2,"b":"č"}'),
        ("prev_hash", "1" * 64),
    ],
)
def test_every_field_is_hashed(field: str, value: object) -> None:
    assert entry_hash(**{**FIELDS, field: value}) != entry_hash(**FIELDS)


@pytest.mark.parametrize("separator", ["", "\n", "|", ",", "\x1f"])
def test_text_cannot_move_from_one_field_to_the_next(separator: str) -> None:
    # Joined with any separator these two would read the same; as a JSON array they differ.
    one = {**FIELDS, "actor": f"dpo{separator}request", "action": "approved"}
    other = {**FIELDS, "actor": "dpo", "action": f"request{separator}approved"}
    assert entry_hash(**one) != entry_hash(**other)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        entry_hash(**{**FIELDS, "recorded_at": datetime(2025, 3, 1, 12, 0)})
